/* json-file line escaping, line splitting and size rotation. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

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
  test_split_lines (dir);
  test_rotation (dir);
  test_none_driver (dir);
  char cmd[600];
  snprintf (cmd, sizeof (cmd), "rm -rf %s", dir);
  if (system (cmd) != 0)
    fprintf (stderr, "could not remove %s\n", dir);
  return TEST_RESULT ();
}
