/* json-file line escaping, line splitting, size rotation and compression of rotated files; the CRI format. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "../../main/c/common/utils.h"
#include "../../main/c/monitor/logfile.h"
#include "test.h"

static const struct timespec ts = { .tv_sec = 1795831384, .tv_nsec = 123456789 }; /* 2026-11-28T02:03:04.123456789Z */

static char *
escape (const char *in, size_t len)
{
  static char out[1024];
  jd_json_escape (in, len, out);
  return out;
}

static void
test_escape (void)
{
  CHECK_STR (escape ("plain text", 10), "plain text");
  CHECK_STR (escape ("a\"b\\c", 5), "a\\\"b\\\\c");
  CHECK_STR (escape ("l1\r\n\t", 5), "l1\\r\\n\\t");
  CHECK_STR (escape ("\x01\x1f", 2), "\\u0001\\u001f");
  CHECK_STR (escape ("<a&b>", 5), "\\u003ca\\u0026b\\u003e");
  CHECK_STR (escape ("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 14), "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
  CHECK_STR (escape ("bad\xff\xc3", 5), "bad\\ufffd\\ufffd");
  CHECK_STR (escape ("\xc0\xaf", 2), "\\ufffd\\ufffd"); /* overlong */
  CHECK_STR (escape ("\xed\xa0\x80", 3), "\\ufffd\\ufffd\\ufffd"); /* surrogate */
  CHECK_STR (escape ("\xe2\x80\xa8", 3), "\\u2028");
  CHECK_STR (escape ("nul\0x", 5), "nul\\u0000x");
}

static void
test_format (void)
{
  size_t n;
  char *line = jd_log_format (1, "hello\n", 6, &ts, &n);
  CHECK_STR (line, "{\"log\":\"hello\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-28T02:03:04.123456789Z\"}\n");
  CHECK (n == strlen (line));
  free (line);
  struct timespec round = { .tv_sec = 1795831384, .tv_nsec = 500000000 };
  line = jd_log_format (2, "x", 1, &round, &n);
  CHECK_STR (line, "{\"log\":\"x\",\"stream\":\"stderr\",\"time\":\"2026-11-28T02:03:04.5Z\"}\n");
  free (line);
}

/* The local driver's record: [size][LogEntry][size], fields 1 source, 2 time_nano, 3 line, 4 partial. */
static void
test_format_local (void)
{
  size_t n;
  unsigned char *r = (unsigned char *) jd_log_format_local (1, "hi\n", 3, &ts, &n);
  static const unsigned char want[] = { 0, 0, 0, 22, 0x0a, 6, 's', 't', 'd', 'o', 'u', 't',
                                        0x10, 0x95, 0xfa, 0xb4, 0xf9, 0x90, 0xe4, 0x84, 0xf6, 0x18,
                                        0x1a, 2, 'h', 'i', 0, 0, 0, 22 };
  CHECK (n == sizeof (want));
  CHECK (memcmp (r, want, sizeof (want)) == 0);
  free (r);
  r = (unsigned char *) jd_log_format_local (2, "part", 4, &ts, &n);
  CHECK (n == 4 + 26 + 4);
  CHECK (r[3] == 26 && r[n - 1] == 26);
  CHECK (memcmp (r + 4, "\x0a\x06stderr", 8) == 0);
  CHECK (r[n - 6] == 0x20 && r[n - 5] == 1); /* partial: no newline */
  free (r);
}

static int
count_lines (const char *path)
{
  char *text = NULL;
  struct jd_error *err = NULL;
  int n = 0;
  if (jd_read_file (path, &text, NULL, &err) < 0)
    {
      jd_error_release (&err);
      return -1;
    }
  for (char *p = text; *p; p++)
    n += *p == '\n';
  free (text);
  return n;
}

/* A write the disk refuses part way (here the file size limit, as a full disk would) leaves no torn entry: the
 * next line written once there is room again starts a valid one. */
static void
test_full_disk_leaves_no_torn_entry (const char *dir, const char *driver)
{
  char path[512];
  struct jd_log log;
  struct jd_error *err = NULL;
  struct rlimit saved, small;
  snprintf (path, sizeof (path), "%s/full-%s.log", dir, driver);
  CHECK (jd_log_open (&log, driver, path, 0, 1, &err) == 0);
  CHECK (jd_log_write (&log, 1, "before\n", 7, &ts, &err) == 0);
  struct stat st;
  CHECK (stat (path, &st) == 0);
  off_t good = st.st_size;
  signal (SIGXFSZ, SIG_IGN);
  CHECK (getrlimit (RLIMIT_FSIZE, &saved) == 0);
  small = saved;
  small.rlim_cur = (rlim_t) good + 10;
  CHECK (setrlimit (RLIMIT_FSIZE, &small) == 0);
  CHECK (jd_log_write (&log, 1, "refused line\n", 13, &ts, &err) < 0);
  jd_error_release (&err);
  CHECK (setrlimit (RLIMIT_FSIZE, &saved) == 0);
  CHECK (stat (path, &st) == 0 && st.st_size == good);
  CHECK (jd_log_write (&log, 1, "after\n", 6, &ts, &err) == 0);
  jd_log_close (&log);
  size_t n1, n2;
  char *one = strcmp (driver, "json-file") == 0 ? jd_log_format (1, "before\n", 7, &ts, &n1)
                                                : jd_log_format_local (1, "before\n", 7, &ts, &n1);
  char *two = strcmp (driver, "json-file") == 0 ? jd_log_format (1, "after\n", 6, &ts, &n2)
                                                : jd_log_format_local (1, "after\n", 6, &ts, &n2);
  char *text = NULL;
  size_t len = 0;
  CHECK (jd_read_file (path, &text, &len, &err) == 0);
  CHECK (len == n1 + n2 && text && memcmp (text, one, n1) == 0 && memcmp (text + n1, two, n2) == 0);
  free (text);
  free (one);
  free (two);
}

static void
test_split_lines (const char *dir)
{
  char path[512];
  struct jd_log log;
  struct jd_error *err = NULL;
  snprintf (path, sizeof (path), "%s/split.log", dir);
  CHECK (jd_log_open (&log, "json-file", path, 0, 1, &err) == 0);
  CHECK (jd_log_write (&log, 1, "one\ntw", 6, &ts, &err) == 0);
  CHECK (count_lines (path) == 1);
  CHECK (jd_log_write (&log, 1, "o\n", 2, &ts, &err) == 0);
  CHECK (count_lines (path) == 2);
  char *big = malloc (JD_LOG_LINE_MAX + 10);
  memset (big, 'a', JD_LOG_LINE_MAX + 10);
  CHECK (jd_log_write (&log, 2, big, JD_LOG_LINE_MAX + 10, &ts, &err) == 0);
  CHECK (count_lines (path) == 3); /* one partial 16 KiB message, 10 bytes pending */
  CHECK (jd_log_flush (&log, &ts, &err) == 0);
  CHECK (count_lines (path) == 4);
  free (big);
  jd_log_close (&log);
  char *text = NULL;
  CHECK (jd_read_file (path, &text, NULL, &err) == 0);
  CHECK (text && strstr (text, "\"log\":\"two\\n\"") != NULL);
  CHECK (text && strstr (text, "\"log\":\"aaaaaaaaaa\",\"stream\":\"stderr\"") != NULL);
  free (text);
}

static void
test_rotation (const char *dir)
{
  char path[512], rotated[600];
  struct jd_log log;
  struct jd_error *err = NULL;
  struct stat st;
  snprintf (path, sizeof (path), "%s/rot.log", dir);
  CHECK (jd_log_open (&log, "json-file", path, 200, 3, &err) == 0);
  for (int i = 0; i < 20; i++)
    CHECK (jd_log_write (&log, 1, "0123456789\n", 11, &ts, &err) == 0);
  jd_log_close (&log);
  snprintf (rotated, sizeof (rotated), "%s.1", path);
  CHECK (stat (rotated, &st) == 0);
  snprintf (rotated, sizeof (rotated), "%s.2", path);
  CHECK (stat (rotated, &st) == 0);
  snprintf (rotated, sizeof (rotated), "%s.3", path);
  CHECK (stat (rotated, &st) < 0); /* max-file 3: log, log.1, log.2 */
  CHECK (stat (path, &st) == 0 && st.st_size < 400);
  CHECK (count_lines (path) + 4 <= 20);

  snprintf (path, sizeof (path), "%s/single.log", dir);
  CHECK (jd_log_open (&log, "json-file", path, 100, 1, &err) == 0);
  for (int i = 0; i < 10; i++)
    CHECK (jd_log_write (&log, 1, "0123456789\n", 11, &ts, &err) == 0);
  jd_log_close (&log);
  snprintf (rotated, sizeof (rotated), "%s.1", path);
  CHECK (stat (rotated, &st) < 0);
  CHECK (count_lines (path) == 1 || count_lines (path) == 2);
}

/* Lines that arrive in one read are written as one batch; the files must hold exactly what one write per line gave,
 * rotation points included (max-size is checked before each entry, as Docker does). */
static void
test_batched_read_matches_line_by_line (const char *dir)
{
  const char *drivers[] = { "json-file", "local" };
  char chunk[20 * 11 + 1] = "";
  for (int i = 0; i < 20; i++)
    strcat (chunk, "0123456789\n");
  for (int d = 0; d < 2; d++)
    {
      char one[512], many[512], a[600], b[600];
      struct jd_log log;
      struct jd_error *err = NULL;
      snprintf (one, sizeof (one), "%s/one-%d.log", dir, d);
      snprintf (many, sizeof (many), "%s/many-%d.log", dir, d);
      CHECK (jd_log_open (&log, drivers[d], one, 200, 3, &err) == 0);
      for (int i = 0; i < 20; i++)
        CHECK (jd_log_write (&log, 1, "0123456789\n", 11, &ts, &err) == 0);
      jd_log_close (&log);
      CHECK (jd_log_open (&log, drivers[d], many, 200, 3, &err) == 0);
      CHECK (jd_log_write (&log, 1, chunk, strlen (chunk), &ts, &err) == 0);
      jd_log_close (&log);
      for (int g = 0; g < 3; g++)
        {
          char *ta = NULL, *tb = NULL;
          size_t la = 0, lb = 0;
          snprintf (a, sizeof (a), g == 0 ? "%s" : "%s.%d", one, g);
          snprintf (b, sizeof (b), g == 0 ? "%s" : "%s.%d", many, g);
          CHECK (jd_read_file (a, &ta, &la, &err) == 0);
          CHECK (jd_read_file (b, &tb, &lb, &err) == 0);
          CHECK (la > 0 && la == lb && ta && tb && memcmp (ta, tb, la) == 0);
          free (ta);
          free (tb);
        }
    }
}

/* Inflates the gzip file PATH into a heap string; EXTRA receives the header's extra field. */
static char *
gunzip (const char *path, char *extra, size_t extra_size)
{
  char *text = NULL, *out = NULL;
  size_t len = 0;
  struct jd_error *err = NULL;
  z_stream z;
  gz_header h;
  memset (&z, 0, sizeof (z));
  memset (&h, 0, sizeof (h));
  memset (extra, 0, extra_size);
  h.extra = (Bytef *) extra;
  h.extra_max = (uInt) extra_size - 1;
  if (jd_read_file (path, &text, &len, &err) < 0)
    {
      jd_error_release (&err);
      return NULL;
    }
  size_t cap = len * 50 + 1024;
  out = calloc (1, cap);
  if (inflateInit2 (&z, 15 + 16) != Z_OK)
    return NULL;
  inflateGetHeader (&z, &h);
  z.next_in = (Bytef *) text;
  z.avail_in = (uInt) len;
  z.next_out = (Bytef *) out;
  z.avail_out = (uInt) cap - 1;
  int r = inflate (&z, Z_FINISH);
  inflateEnd (&z);
  free (text);
  if (r != Z_STREAM_END)
    {
      free (out);
      return NULL;
    }
  return out;
}

/* The numbers of "line N" entries in TEXT, appended to NUMS. */
static void
collect (const char *text, int *nums, int *n)
{
  for (const char *p = text; p && (p = strstr (p, "\"log\":\"line ")) != NULL; p++)
    nums[(*n)++] = atoi (p + strlen ("\"log\":\"line "));
}

static void
test_compress (const char *dir)
{
  char path[512], name[600], extra[256];
  struct jd_log log;
  struct jd_error *err = NULL;
  struct stat st;
  int nums[200], n = 0;
  snprintf (path, sizeof (path), "%s/gz.log", dir);
  CHECK (jd_log_open (&log, "json-file", path, 300, 4, &err) == 0);
  jd_log_set_compress (&log, 1);
  for (int i = 0; i < 60; i++)
    {
      char line[32];
      int len = snprintf (line, sizeof (line), "line %d\n", i);
      CHECK (jd_log_write (&log, 1, line, (size_t) len, &ts, &err) == 0);
    }
  jd_log_close (&log); /* waits for the last compression */
  /* Docker's names: log, log.1.gz ... log.<max-file - 1>.gz, and no plain rotated file is left */
  for (int i = 3; i >= 1; i--)
    {
      snprintf (name, sizeof (name), "%s.%d", path, i);
      CHECK (stat (name, &st) < 0);
      snprintf (name, sizeof (name), "%s.%d.gz", path, i);
      char *text = gunzip (name, extra, sizeof (extra));
      CHECK (text != NULL);
      CHECK (strstr (extra, "\"lastTime\":\"2026-11-28T02:03:04.123456789Z\"") != NULL);
      CHECK (strstr (extra, "\"jdockSource\":\"") != NULL);
      collect (text, nums, &n);
      free (text);
    }
  snprintf (name, sizeof (name), "%s.4.gz", path);
  CHECK (stat (name, &st) < 0);
  snprintf (name, sizeof (name), "%s.1.gz.tmp", path);
  CHECK (stat (name, &st) < 0);
  char *live = NULL;
  CHECK (jd_read_file (path, &live, NULL, &err) == 0);
  collect (live, nums, &n);
  free (live);
  /* oldest to newest: a contiguous run of the numbers ending with the last line */
  CHECK (n > 10 && nums[n - 1] == 59);
  for (int i = 1; i < n; i++)
    CHECK (nums[i] == nums[i - 1] + 1);
}

static void
test_gzip_identity (const char *dir)
{
  char src[512], dst[600], extra[256], want[128];
  struct jd_error *err = NULL;
  struct stat st;
  snprintf (src, sizeof (src), "%s/plain.log", dir);
  snprintf (dst, sizeof (dst), "%s/plain.log.gz", dir);
  CHECK (jd_write_file_atomic (src, "{\"log\":\"x\\n\"}\n", 14, &err) == 0);
  CHECK (stat (src, &st) == 0);
  snprintf (want, sizeof (want), "\"jdockSource\":\"%llu:%llu\"", (unsigned long long) st.st_dev,
            (unsigned long long) st.st_ino);
  CHECK (jd_log_gzip (src, dst, "2026-01-02T03:04:05Z", &err) == 0);
  CHECK (stat (src, &st) < 0);
  char *text = gunzip (dst, extra, sizeof (extra));
  CHECK_STR (text, "{\"log\":\"x\\n\"}\n");
  CHECK (strstr (extra, want) != NULL);
  CHECK (strstr (extra, "{\"lastTime\":\"2026-01-02T03:04:05Z\"") == extra);
  free (text);
  CHECK (jd_log_gzip (src, dst, "x", &err) < 0); /* the source is gone */
  jd_error_release (&err);
}

/* State files (exit, monitor.pid) are root's alone, even over a temp file a crash left with another mode; log files
 * are 0640 as dockerd's. */
static void
test_file_modes (const char *dir)
{
  char path[512], tmp[600];
  struct jd_error *err = NULL;
  struct jd_log log = { 0 };
  struct stat st;
  snprintf (path, sizeof (path), "%s/exit", dir);
  snprintf (tmp, sizeof (tmp), "%s.tmp", path);
  int fd = open (tmp, O_WRONLY | O_CREAT, 0666);
  CHECK (fd >= 0 && fchmod (fd, 0666) == 0);
  close (fd);
  CHECK (jd_write_file_atomic (path, "0\n", 2, &err) == 0);
  CHECK (stat (path, &st) == 0 && (st.st_mode & 07777) == 0600);
  snprintf (path, sizeof (path), "%s/modes.log", dir);
  CHECK (jd_log_open (&log, "json-file", path, 0, 1, &err) == 0);
  jd_log_close (&log);
  CHECK (stat (path, &st) == 0 && (st.st_mode & 07777) == 0640);
  unlink (path);
  snprintf (path, sizeof (path), "%s/exit", dir);
  unlink (path);
}

/* The CRI's lines, as containerd writes them: F for a line with its end dropped ("\n" or "\r\n"), P for a 16 KiB
 * part of a longer line and for the last bytes at EOF. */
static void
test_cri (const char *dir)
{
  size_t n;
  char *line = jd_log_format_cri (1, "hello\r\n", 7, &ts, &n);
  CHECK_STR (line, "2026-11-28T02:03:04.123456789Z stdout F hello\n");
  CHECK (n == strlen (line));
  free (line);
  line = jd_log_format_cri (2, "\n", 1, &ts, &n);
  CHECK_STR (line, "2026-11-28T02:03:04.123456789Z stderr F \n");
  free (line);
  char path[512], moved[600];
  struct jd_log log;
  struct jd_error *err = NULL;
  snprintf (path, sizeof (path), "%s/cri.log", dir);
  CHECK (jd_log_open (&log, "cri", path, 0, 1, &err) == 0);
  CHECK (jd_log_write (&log, 1, "one \"q\"\ntw", 10, &ts, &err) == 0);
  char *big = malloc (JD_LOG_LINE_MAX + 4);
  memset (big, 'a', JD_LOG_LINE_MAX + 4);
  big[JD_LOG_LINE_MAX + 3] = '\n';
  CHECK (jd_log_write (&log, 2, big, JD_LOG_LINE_MAX + 4, &ts, &err) == 0);
  free (big);
  /* the kubelet renames the file, then asks for a reopen: later lines go to a new file at the path */
  snprintf (moved, sizeof (moved), "%s.20261128-020304", path);
  CHECK (rename (path, moved) == 0);
  CHECK (jd_log_reopen (&log, &err) == 0);
  CHECK (jd_log_write (&log, 1, "o\nend", 5, &ts, &err) == 0);
  CHECK (jd_log_flush (&log, &ts, &err) == 0);
  jd_log_close (&log);
  char *text = NULL;
  CHECK (jd_read_file (moved, &text, NULL, &err) == 0);
  CHECK (text && strncmp (text, "2026-11-28T02:03:04.123456789Z stdout F one \"q\"\n", 47) == 0);
  CHECK (text && strstr (text, "\n2026-11-28T02:03:04.123456789Z stderr P aaaa") != NULL);
  CHECK (text && strstr (text, "a\n2026-11-28T02:03:04.123456789Z stderr F aaa\n") != NULL);
  CHECK (count_lines (moved) == 3);
  free (text);
  text = NULL;
  CHECK (jd_read_file (path, &text, NULL, &err) == 0);
  CHECK_STR (text, "2026-11-28T02:03:04.123456789Z stdout F two\n2026-11-28T02:03:04.123456789Z stdout P end\n");
  free (text);
}

static void
test_none_driver (const char *dir)
{
  char path[512];
  struct jd_log log;
  struct jd_error *err = NULL;
  struct stat st;
  snprintf (path, sizeof (path), "%s/none.log", dir);
  CHECK (jd_log_open (&log, "none", path, 0, 1, &err) == 0);
  CHECK (jd_log_write (&log, 1, "x\n", 2, &ts, &err) == 0);
  jd_log_close (&log);
  CHECK (stat (path, &st) < 0);
}

int
main (void)
{
  char dir[] = "/tmp/jd-test-log-XXXXXX";
  CHECK (mkdtemp (dir) != NULL);
  test_escape ();
  test_format ();
  test_format_local ();
  test_split_lines (dir);
  test_full_disk_leaves_no_torn_entry (dir, "json-file");
  test_full_disk_leaves_no_torn_entry (dir, "local");
  test_rotation (dir);
  test_batched_read_matches_line_by_line (dir);
  test_compress (dir);
  test_gzip_identity (dir);
  test_file_modes (dir);
  test_none_driver (dir);
  test_cri (dir);
  char cmd[600];
  snprintf (cmd, sizeof (cmd), "rm -rf %s", dir);
  if (system (cmd) != 0)
    fprintf (stderr, "could not remove %s\n", dir);
  return TEST_RESULT ();
}
