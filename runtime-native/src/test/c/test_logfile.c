/* json-file line escaping, line splitting, size rotation and compression of rotated files; the CRI format. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
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

/* The reference: escaping and the three formats as they were first written, byte by byte and with printf, and
 * the line splitting as a byte-by-byte model (an entry ends at a newline or at 16 KiB; what a read leaves open
 * waits for the next read of its stream, or for the flush at EOF, and takes the time of the read that ends it).
 * The monitor's fast code must give the very same bytes. */
static size_t
ref_utf8_seq (const unsigned char *p, size_t len, unsigned *cp)
{
  size_t n;
  unsigned c = p[0], min;
  if (c >= 0xc2 && c <= 0xdf)
    n = 2, c &= 0x1f, min = 0x80;
  else if (c >= 0xe0 && c <= 0xef)
    n = 3, c &= 0x0f, min = 0x800;
  else if (c >= 0xf0 && c <= 0xf4)
    n = 4, c &= 0x07, min = 0x10000;
  else
    return 0;
  if (n > len)
    return 0;
  for (size_t i = 1; i < n; i++)
    {
      if ((p[i] & 0xc0) != 0x80)
        return 0;
      c = (c << 6) | (p[i] & 0x3f);
    }
  if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
    return 0;
  *cp = c;
  return n;
}

static size_t
ref_escape (const unsigned char *p, size_t len, char *out)
{
  size_t o = 0;
  for (size_t i = 0; i < len;)
    {
      unsigned char c = p[i];
      unsigned cp;
      size_t n = c >= 0x80 ? ref_utf8_seq (p + i, len - i, &cp) : 0;
      if (c >= 0x80 && n == 0)
        o += (size_t) sprintf (out + o, "\\ufffd"), i++;
      else if (c >= 0x80 && (cp == 0x2028 || cp == 0x2029))
        o += (size_t) sprintf (out + o, "\\u%04x", cp), i += n;
      else if (c >= 0x80)
        memcpy (out + o, p + i, n), o += n, i += n;
      else if (c == '"' || c == '\\')
        o += (size_t) sprintf (out + o, "\\%c", c), i++;
      else if (c == '\n' || c == '\r' || c == '\t')
        o += (size_t) sprintf (out + o, "\\%c", c == '\n' ? 'n' : c == '\r' ? 'r' : 't'), i++;
      else if (c < 0x20 || c == '<' || c == '>' || c == '&')
        o += (size_t) sprintf (out + o, "\\u%04x", c), i++;
      else
        out[o++] = (char) c, i++;
    }
  out[o] = '\0';
  return o;
}

/* One entry of DRIVER's format at OUT (room for 6 * LEN + 128 bytes). */
static size_t
ref_entry (const char *driver, int stream, const unsigned char *data, size_t len, const struct timespec *t,
           char *out)
{
  char when[48];
  const char *source = stream == 2 ? "stderr" : "stdout";
  int newline = len > 0 && data[len - 1] == '\n';
  jd_format_rfc3339nano (t, when, sizeof (when));
  if (strcmp (driver, "json-file") == 0)
    {
      size_t o = (size_t) sprintf (out, "{\"log\":\"");
      o += ref_escape (data, len, out + o);
      return o + (size_t) sprintf (out + o, "\",\"stream\":\"%s\",\"time\":\"%s\"}\n", source, when);
    }
  if (strcmp (driver, "cri") == 0)
    {
      size_t line_len = newline ? len - 1 : len;
      if (newline && line_len > 0 && data[line_len - 1] == '\r')
        line_len--;
      size_t o = (size_t) sprintf (out, "%s %s %c ", when, source, newline ? 'F' : 'P');
      memcpy (out + o, data, line_len);
      out[o + line_len] = '\n';
      return o + line_len + 1;
    }
  /* local: [u32 BE size][LogEntry: 1 source, 2 time_nano, 3 line, 4 partial][u32 BE size] */
  unsigned char *r = (unsigned char *) out;
  size_t o = 4, line_len = newline ? len - 1 : len;
  unsigned long long fields[2] = { (unsigned long long) t->tv_sec * 1000000000ULL + (unsigned long long) t->tv_nsec,
                                   line_len };
  r[o++] = 0x0a;
  r[o++] = 6;
  memcpy (r + o, source, 6);
  o += 6;
  for (int f = 0; f < 2; f++)
    {
      r[o++] = f == 0 ? 0x10 : 0x1a;
      for (unsigned long long v = fields[f];; v >>= 7)
        {
          r[o++] = (unsigned char) (v < 0x80 ? v : (v & 0x7f) | 0x80);
          if (v < 0x80)
            break;
        }
    }
  memcpy (r + o, data, line_len);
  o += line_len;
  if (!newline)
    r[o++] = 0x20, r[o++] = 1;
  for (int k = 0; k < 4; k++)
    r[k] = r[o + k] = (unsigned char) ((o - 4) >> (24 - 8 * k));
  return o + 4;
}

struct model
{
  const char *driver;
  long long max_size;
  unsigned char pending[2][JD_LOG_LINE_MAX];
  size_t pending_len[2];
  char *files[64]; /* what each file holds, the oldest first; the last is the live one */
  size_t file_len[64];
  int n_files;
};

static void
model_entry (struct model *m, int stream, const struct timespec *t)
{
  int s = stream == 2;
  static char out[6 * JD_LOG_LINE_MAX + 128];
  size_t n = ref_entry (m->driver, stream, m->pending[s], m->pending_len[s], t, out);
  m->pending_len[s] = 0;
  /* as Docker: the file is rotated before an entry once it holds max-size bytes */
  if (m->n_files == 0 || (m->max_size > 0 && (long long) m->file_len[m->n_files - 1] >= m->max_size))
    m->files[m->n_files] = NULL, m->file_len[m->n_files++] = 0;
  int f = m->n_files - 1;
  m->files[f] = realloc (m->files[f], m->file_len[f] + n);
  memcpy (m->files[f] + m->file_len[f], out, n);
  m->file_len[f] += n;
}

static void
model_write (struct model *m, int stream, const unsigned char *data, size_t len, const struct timespec *t)
{
  int s = stream == 2;
  for (size_t i = 0; i < len; i++)
    {
      m->pending[s][m->pending_len[s]++] = data[i];
      if (data[i] == '\n' || m->pending_len[s] == JD_LOG_LINE_MAX)
        model_entry (m, stream, t);
    }
}

static void
model_flush (struct model *m, const struct timespec *t)
{
  for (int stream = 1; stream <= 2; stream++)
    if (m->pending_len[stream - 1] > 0)
      model_entry (m, stream, t);
}

static unsigned long long rng_state = 0x9e3779b97f4a7c15ULL;

static unsigned
rnd (unsigned n)
{
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return (unsigned) (rng_state % n);
}

/* Random text for the escaper and the line splitter: mostly runs of plain ASCII, with all that needs care mixed
 * in (escaped ASCII, valid UTF-8 of each length, U+2028/9, overlong, surrogate, too large, cut or stray bytes,
 * random bytes), and newlines. Appends at most MAX bytes at OUT, returns how many. */
static size_t
random_piece (unsigned char *out, size_t max)
{
  static const char *const pieces[] = {
    "\"", "\\", "<", ">", "&", "\n", "\r\n", "\t", "\x01", "\x1f", "\x7f", " ", "'", "/", "\0",
    "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xe2\x80\xa8", "\xe2\x80\xa9", "\xef\xbf\xbd",
    "\xc0\xaf", "\xc1\xbf", "\xe0\x80\x80", "\xf0\x80\x80\x80", "\xed\xa0\x80", "\xed\xbf\xbf", "\xf4\x90\x80\x80",
    "\xf5\x80\x80\x80", "\xc3", "\xe2\x82", "\xf0\x9f\x98", "\x80", "\xbf", "\xff", "\xfe",
  };
  static const size_t piece_len[] = { 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3, 4, 3, 3, 3, 2, 2,
                                      3, 4, 3, 3, 4, 4, 1, 2, 3, 1, 1, 1, 1 };
  size_t n = 0;
  switch (rnd (4))
    {
    case 0: /* a run of plain ASCII, 1 to 40 bytes */
      for (n = 1 + rnd (40); n > max; n--)
        ;
      for (size_t i = 0; i < n; i++)
        out[i] = (unsigned char) ('0' + rnd (75)); /* '0'..'z': includes < > \ */
      return n;
    case 1:
      n = rnd ((unsigned) (sizeof (piece_len) / sizeof (piece_len[0])));
      if (piece_len[n] > max)
        return 0;
      memcpy (out, pieces[n], piece_len[n]);
      return piece_len[n];
    case 2:
      if (max == 0)
        return 0;
      out[0] = (unsigned char) rnd (256);
      return 1;
    default:
      if (max == 0)
        return 0;
      out[0] = '\n';
      return 1;
    }
}

static size_t
random_text (unsigned char *out, size_t len)
{
  size_t n = 0;
  while (n < len)
    {
      size_t k = random_piece (out + n, len - n);
      if (k == 0 && len - n < 4)
        out[n] = 'x', k = 1;
      n += k;
    }
  return n;
}

/* The fast escaper (16 or 8 bytes at a time while none needs escaping) against the reference, over random text of every
 * length up to 100 (each position of a special byte in and across the 8-byte words) and at every start offset. */
static void
test_escape_matches_reference (void)
{
  static unsigned char in[8 + 300];
  static char want[6 * 300 + 1], got[6 * 300 + 8];
  int bad = 0;
  for (int round = 0; round < 20000; round++)
    {
      size_t len = round < 10000 ? (size_t) (round % 101) : rnd (300);
      size_t off = (size_t) rnd (8);
      random_text (in + off, len);
      size_t wn = ref_escape (in + off, len, want);
      memset (got, 0x55, sizeof (got));
      size_t gn = jd_json_escape ((const char *) in + off, len, got);
      if (gn != wn || memcmp (got, want, wn + 1) != 0)
        bad++;
    }
  CHECK (bad == 0);
  /* all 256 byte values at each position of two 16-byte blocks and the 8-byte word after them, between plain
   * bytes, in texts of each length that puts them there */
  bad = 0;
  for (int c = 0; c < 256; c++)
    for (size_t len = 1; len <= 41; len++)
      for (size_t at = 0; at < len; at++)
        {
          memset (in, 'a', len);
          in[at] = (unsigned char) c;
          size_t wn = ref_escape (in, len, want);
          if (jd_json_escape ((const char *) in, len, got) != wn || memcmp (got, want, wn + 1) != 0)
            bad++;
        }
  CHECK (bad == 0);
}

/* A random read for the model test: a mix of short lines, lines at and around the 16 KiB split, and long runs
 * without a newline (a line continued over several reads). */
static size_t
random_read (unsigned char *out, size_t cap)
{
  size_t len;
  switch (rnd (6))
    {
    case 0: /* exactly around the split, with or without its newline */
      len = JD_LOG_LINE_MAX - 2 + rnd (4);
      len = len > cap ? cap : len;
      memset (out, 'a' + (int) rnd (26), len);
      if (rnd (2))
        out[len - 1] = '\n';
      if (rnd (2))
        random_text (out + len / 2, 8); /* a UTF-8 sequence may straddle the split */
      return len;
    case 1: /* a long run without newline */
      len = 1 + rnd (3 * JD_LOG_LINE_MAX);
      len = len > cap ? cap : len;
      for (size_t i = 0; i < len; i++)
        out[i] = (unsigned char) ('!' + rnd (90));
      return len;
    default:
      return random_text (out, 1 + rnd (rnd (2) ? 200 : 8000));
    }
}

/* Each driver's file(s), written by the monitor from random reads of both streams, are byte for byte what the
 * reference model writes, with and without rotation (files compared one by one: each rotation point too). */
static void
test_formats_match_model (const char *dir)
{
  static const char *const drivers[] = { "json-file", "local", "cri" };
  static unsigned char buf[3 * JD_LOG_LINE_MAX];
  static struct model m;
  for (int round = 0; round < 24; round++)
    {
      char path[512], gen[600];
      struct jd_log log;
      struct jd_error *err = NULL;
      struct timespec t = { .tv_sec = 1795831384 + round, .tv_nsec = 0 };
      memset (&m, 0, sizeof (m));
      m.driver = drivers[round % 3];
      m.max_size = round < 12 ? 0 : 20000 + rnd (40000);
      snprintf (path, sizeof (path), "%s/model-%d.log", dir, round);
      CHECK (jd_log_open (&log, m.driver, path, m.max_size, 64, &err) == 0);
      int ok = 1;
      for (int w = 0; w < 60; w++)
        {
          int stream = 1 + (int) rnd (2);
          size_t len = random_read (buf, sizeof (buf));
          t.tv_nsec = rnd (4) == 0 ? 0 : (long) rnd (1000000000); /* times with and without a fraction */
          t.tv_sec += rnd (2);
          model_write (&m, stream, buf, len, &t);
          ok &= jd_log_write (&log, stream, (const char *) buf, len, &t, &err) == 0;
        }
      t.tv_nsec = 500000000;
      model_flush (&m, &t);
      ok &= jd_log_flush (&log, &t, &err) == 0;
      jd_log_close (&log);
      CHECK (ok);
      CHECK (m.n_files >= 1 && m.n_files < 64);
      CHECK (m.max_size == 0 ? m.n_files == 1 : m.n_files > 2);
      for (int f = 0; f < m.n_files; f++)
        {
          int g = m.n_files - 1 - f;
          char *text = NULL;
          size_t len = 0;
          snprintf (gen, sizeof (gen), g == 0 ? "%s" : "%s.%d", path, g);
          CHECK (jd_read_file (gen, &text, &len, &err) == 0);
          if (len != m.file_len[f] || text == NULL || memcmp (text, m.files[f], len) != 0)
            {
              fprintf (stderr, "%s (%s): %zu bytes, the model %zu\n", gen, m.driver, len, m.file_len[f]);
              CHECK (0);
            }
          free (text);
          free (m.files[f]);
          unlink (gen);
        }
    }
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

/* A newline at each position of a read (the search goes sixteen bytes at a time): the line up to it is one entry,
 * the rest waits for its end. */
static void
test_newline_positions (const char *dir)
{
  char path[512], buf[48];
  struct jd_error *err = NULL;
  int bad = 0;
  snprintf (path, sizeof (path), "%s/newline.log", dir);
  for (size_t at = 0; at < sizeof (buf); at++)
    {
      struct jd_log log;
      unlink (path);
      memset (buf, 'b', sizeof (buf));
      buf[at] = '\n';
      if (jd_log_open (&log, "json-file", path, 0, 1, &err) < 0)
        {
          bad++;
          jd_error_release (&err);
          continue;
        }
      bad += jd_log_write (&log, 1, buf, sizeof (buf), &ts, &err) < 0;
      long long first = log.size;
      bad += jd_log_flush (&log, &ts, &err) < 0;
      jd_log_close (&log);
      size_t n1, n2 = 0;
      char *one = jd_log_format (1, buf, at + 1, &ts, &n1);
      char *two = at + 1 < sizeof (buf) ? jd_log_format (1, buf + at + 1, sizeof (buf) - at - 1, &ts, &n2) : NULL;
      char *text = NULL;
      size_t len = 0;
      bad += jd_read_file (path, &text, &len, &err) < 0;
      bad += first != (long long) n1 || len != n1 + n2 || text == NULL || memcmp (text, one, n1) != 0
             || (two != NULL && memcmp (text + n1, two, n2) != 0);
      free (text);
      free (one);
      free (two);
    }
  CHECK (bad == 0);
  unlink (path);
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

/* json-file with attrs: every line carries them between stream and time, Docker's field order, partial lines and
 * rotated files too; the longest line with the largest attrs fits in a batch; other drivers write none. */
static void
test_attrs (const char *dir)
{
  char path[512], rotated[600];
  struct jd_log log;
  struct jd_error *err = NULL;
  char *text = NULL;
  snprintf (path, sizeof (path), "%s/attrs.log", dir);
  CHECK (jd_log_open (&log, "json-file", path, 1000, 2, &err) == 0);
  CHECK (jd_log_set_attrs (&log, "{\"A\":\"1\",\"L\":\"\\u003c2\"}", &err) == 0);
  CHECK (jd_log_write (&log, 1, "out1\n", 5, &ts, &err) == 0);
  CHECK (jd_log_write (&log, 2, "err", 3, &ts, &err) == 0);
  CHECK (jd_log_flush (&log, &ts, &err) == 0);
  CHECK (jd_read_file (path, &text, NULL, &err) == 0);
  CHECK_STR (text, "{\"log\":\"out1\\n\",\"stream\":\"stdout\",\"attrs\":{\"A\":\"1\",\"L\":\"\\u003c2\"},"
                   "\"time\":\"2026-11-28T02:03:04.123456789Z\"}\n"
                   "{\"log\":\"err\",\"stream\":\"stderr\",\"attrs\":{\"A\":\"1\",\"L\":\"\\u003c2\"},"
                   "\"time\":\"2026-11-28T02:03:04.123456789Z\"}\n");
  free (text);
  for (int i = 0; i < 10; i++)
    CHECK (jd_log_write (&log, 1, "0123456789\n", 11, &ts, &err) == 0);
  jd_log_close (&log);
  snprintf (rotated, sizeof (rotated), "%s.1", path);
  CHECK (count_lines (rotated) > 0 && count_lines (path) > 0);
  CHECK (count_lines (rotated) + count_lines (path) == 12);
  CHECK (jd_read_file (path, &text, NULL, &err) == 0);
  CHECK (text != NULL && strstr (text, "\"log\":\"0123456789\\n\",\"stream\":\"stdout\",\"attrs\":{\"A\"") == text + 1);
  free (text);

  /* a 16 KiB line of '<' (6 bytes each, escaped) with 64 KiB of attrs: one entry, whole */
  char *attrs = malloc (JD_LOG_ATTRS_MAX + 2), *big = malloc (JD_LOG_LINE_MAX);
  memset (attrs, 'x', JD_LOG_ATTRS_MAX + 1);
  memcpy (attrs, "{\"A\":\"", 6);
  memcpy (attrs + JD_LOG_ATTRS_MAX - 2, "\"}", 3);
  memset (big, '<', JD_LOG_LINE_MAX);
  snprintf (path, sizeof (path), "%s/attrs-big.log", dir);
  CHECK (jd_log_open (&log, "json-file", path, 0, 1, &err) == 0);
  CHECK (jd_log_set_attrs (&log, attrs, &err) == 0);
  CHECK (jd_log_write (&log, 1, big, JD_LOG_LINE_MAX, &ts, &err) == 0);
  CHECK (jd_log_write (&log, 1, big, JD_LOG_LINE_MAX, &ts, &err) == 0);
  attrs[JD_LOG_ATTRS_MAX - 2] = 'x';
  memcpy (attrs + JD_LOG_ATTRS_MAX - 1, "\"}", 3);
  CHECK (jd_log_set_attrs (&log, attrs, &err) < 0 && err != NULL); /* one byte too many */
  jd_error_release (&err);
  jd_log_close (&log);
  size_t len = 0;
  CHECK (jd_read_file (path, &text, &len, &err) == 0);
  size_t tail = strlen (",\"time\":\"2026-11-28T02:03:04.123456789Z\"}\n");
  size_t line = strlen ("{\"log\":\"") + 6 * JD_LOG_LINE_MAX + strlen ("\",\"stream\":\"stdout\",\"attrs\":")
                + JD_LOG_ATTRS_MAX + tail;
  CHECK (len == 2 * line && count_lines (path) == 2);
  CHECK (text != NULL && memcmp (text + line - tail - JD_LOG_ATTRS_MAX - 8, "\"attrs\":{\"A\":\"xx", 15) == 0);
  free (text);
  free (attrs);
  free (big);

  snprintf (path, sizeof (path), "%s/attrs-local.log", dir);
  CHECK (jd_log_open (&log, "local", path, 0, 1, &err) == 0);
  CHECK (jd_log_set_attrs (&log, "{\"A\":\"1\"}", &err) == 0);
  CHECK (jd_log_write (&log, 1, "out1\n", 5, &ts, &err) == 0);
  jd_log_close (&log);
  CHECK (jd_read_file (path, &text, &len, &err) == 0);
  CHECK (text != NULL && memmem (text, len, "attrs", 5) == NULL);
  free (text);
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

/* The live file's writeback is started every JD_LOG_WRITE_OUT bytes, of full pages only, and starts again with the
 * file after a rotation; not with compress (rotated files are read back and removed). What is written is the same. */
static void
test_write_out (const char *dir)
{
  char path[512], line[101];
  struct jd_log log;
  struct jd_error *err = NULL;
  struct stat st;
  memset (line, 'a', 99);
  line[99] = '\n';
  size_t n1;
  char *one = jd_log_format (1, line, 100, &ts, &n1);
  long long lines = JD_LOG_WRITE_OUT / (long long) n1 + 1;
  snprintf (path, sizeof (path), "%s/writeout.log", dir);
  CHECK (jd_log_open (&log, "json-file", path, 0, 1, &err) == 0);
  int ok = 1;
  for (long long i = 0; i + 1 < lines; i++)
    ok &= jd_log_write (&log, 1, line, 100, &ts, &err) == 0;
  CHECK (log.written_out == 0); /* less than JD_LOG_WRITE_OUT so far */
  CHECK (jd_log_write (&log, 1, line, 100, &ts, &err) == 0);
  CHECK (log.written_out == (log.size & ~4095LL) && log.written_out >= JD_LOG_WRITE_OUT);
  long long first = log.written_out;
  for (long long i = 0; i < lines; i++)
    ok &= jd_log_write (&log, 1, line, 100, &ts, &err) == 0;
  CHECK (ok);
  CHECK (log.written_out > first && log.written_out % 4096 == 0 && log.size - log.written_out < JD_LOG_WRITE_OUT + 4096);
  long long size = log.size;
  jd_log_close (&log);
  CHECK (stat (path, &st) == 0 && st.st_size == size && size == (long long) n1 * (2 * lines));
  char *text = NULL;
  size_t len = 0;
  CHECK (jd_read_file (path, &text, &len, &err) == 0);
  int same = text != NULL && (long long) len == size;
  for (long long i = 0; same && i < 2 * lines; i++)
    same = memcmp (text + i * (long long) n1, one, n1) == 0;
  CHECK (same);
  free (text);
  unlink (path);

  /* a rotation: the new live file starts from its beginning */
  CHECK (jd_log_open (&log, "json-file", path, JD_LOG_WRITE_OUT + 100000, 2, &err) == 0);
  for (long long i = 0; i < lines + 1000; i++)
    ok &= jd_log_write (&log, 1, line, 100, &ts, &err) == 0;
  CHECK (ok && log.size < JD_LOG_WRITE_OUT && log.written_out == 0);
  jd_log_close (&log);
  unlink (path);

  /* compress: no writeback is started */
  CHECK (jd_log_open (&log, "json-file", path, 4 * JD_LOG_WRITE_OUT, 2, &err) == 0);
  jd_log_set_compress (&log, 1);
  for (long long i = 0; i < 2 * lines; i++)
    ok &= jd_log_write (&log, 1, line, 100, &ts, &err) == 0;
  CHECK (ok && log.size > JD_LOG_WRITE_OUT && log.written_out == 0);
  jd_log_close (&log);
  unlink (path);
  free (one);
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

/* A log path someone else made a FIFO (no reader, then a reader), a symlink to a host file, or a directory: the open
 * fails at once, with the path named, and never blocks (an alarm ends a test that would hang) nor writes through. */
static void
on_alarm (int sig)
{
  (void) sig;
  static const char msg[] = "test_logfile: a log open blocked\n";
  if (write (2, msg, sizeof (msg) - 1) < 0)
    _exit (3);
  _exit (2);
}

static void
test_hostile_log_paths (const char *dir)
{
  char fifo[512], link[512], target[512], sub[512], src[600], dst[600];
  struct jd_log log;
  struct jd_error *err = NULL;
  struct stat st;
  snprintf (fifo, sizeof (fifo), "%s/fifo.log", dir);
  snprintf (link, sizeof (link), "%s/link.log", dir);
  snprintf (target, sizeof (target), "%s/host-file", dir);
  snprintf (sub, sizeof (sub), "%s/dir.log", dir);
  CHECK (mkfifo (fifo, 0600) == 0);
  CHECK (jd_write_file_atomic (target, "host\n", 5, &err) == 0);
  CHECK (symlink (target, link) == 0);
  CHECK (mkdir (sub, 0700) == 0);
  signal (SIGALRM, on_alarm);
  alarm (10);
  CHECK (jd_log_open (&log, "cri", fifo, 0, 1, &err) < 0);
  CHECK (err != NULL && strstr (err->msg, "fifo.log`: not a regular file") != NULL);
  jd_error_release (&err);
  /* with a reader: opened without blocking, refused for its type */
  int reader = open (fifo, O_RDONLY | O_NONBLOCK);
  CHECK (reader >= 0);
  CHECK (jd_log_open (&log, "json-file", fifo, 0, 1, &err) < 0);
  CHECK (err != NULL && strstr (err->msg, "not a regular file") != NULL);
  jd_error_release (&err);
  close (reader);
  CHECK (jd_log_open (&log, "json-file", link, 0, 1, &err) < 0);
  CHECK (err != NULL && strstr (err->msg, "link.log`: a symbolic link") != NULL);
  jd_error_release (&err);
  CHECK (stat (target, &st) == 0 && st.st_size == 5);
  CHECK (jd_log_open (&log, "json-file", sub, 0, 1, &err) < 0);
  jd_error_release (&err);
  /* a compression whose source or temporary file was replaced */
  snprintf (dst, sizeof (dst), "%s/c.gz", dir);
  CHECK (jd_log_gzip (fifo, dst, "x", &err) < 0);
  jd_error_release (&err);
  snprintf (src, sizeof (src), "%s/c.log", dir);
  CHECK (jd_write_file_atomic (src, "{}\n", 3, &err) == 0);
  snprintf (dst, sizeof (dst), "%s/c.gz.tmp", dir);
  CHECK (symlink (target, dst) == 0);
  snprintf (dst, sizeof (dst), "%s/c.gz", dir);
  CHECK (jd_log_gzip (src, dst, "x", &err) == 0);
  CHECK (stat (target, &st) == 0 && st.st_size == 5);
  CHECK (stat (dst, &st) == 0 && S_ISREG (st.st_mode));
  alarm (0);
  unlink (fifo);
  unlink (link);
  unlink (target);
  unlink (dst);
  rmdir (sub);
}

/* A CRI log path is <pods>/<pod>/<container>/<N>.log: a pod with the node's /var/log as a hostPath can replace the
 * pod's or the container's directory with a symlink (to /etc...), and the monitor, root, created and wrote N.log
 * there; a reopen (ReopenContainerLog, after the kubelet's rotation) opened the path again the same way. Those two
 * directories are resolved without following symlinks; what is above them (the kubelet's pods directory, /var/log)
 * is the node's. */
static void
test_cri_log_path_symlinked_directories (const char *dir)
{
  char pods[512], pod[600], ctr[700], file[1100], host[512], hostfile[600], path[900], up[512];
  struct jd_log log;
  struct jd_error *err = NULL;
  struct stat st;
  snprintf (up, sizeof (up), "%s/varlog", dir);
  snprintf (pods, sizeof (pods), "%s/varlog/pods", dir);
  snprintf (pod, sizeof (pod), "%s/ns_p_uid", pods);
  snprintf (ctr, sizeof (ctr), "%s/c", pod);
  snprintf (file, sizeof (file), "%s/0.log", ctr);
  snprintf (host, sizeof (host), "%s/host-etc", dir);
  snprintf (hostfile, sizeof (hostfile), "%s/0.log", host);
  CHECK (mkdir (up, 0755) == 0 && mkdir (pods, 0755) == 0 && mkdir (pod, 0755) == 0 && mkdir (host, 0755) == 0);
  /* the container's directory a symlink */
  CHECK (symlink (host, ctr) == 0);
  CHECK (jd_log_open (&log, "cri", file, 0, 1, &err) < 0);
  CHECK (err != NULL && strstr (err->msg, "a symbolic link") != NULL);
  jd_error_release (&err);
  CHECK (lstat (hostfile, &st) < 0 && errno == ENOENT);
  CHECK (unlink (ctr) == 0 && mkdir (ctr, 0755) == 0);
  /* opened for real, then the directory swapped for a symlink before a reopen */
  CHECK (jd_log_open (&log, "cri", file, 0, 1, &err) == 0);
  snprintf (path, sizeof (path), "%s.moved", ctr);
  CHECK (rename (ctr, path) == 0 && symlink (host, ctr) == 0);
  CHECK (jd_log_reopen (&log, &err) < 0);
  CHECK (err != NULL && strstr (err->msg, "a symbolic link") != NULL);
  jd_error_release (&err);
  CHECK (lstat (hostfile, &st) < 0 && errno == ENOENT);
  jd_log_close (&log);
  /* the pod's directory a symlink */
  CHECK (unlink (ctr) == 0 && rename (path, ctr) == 0);
  snprintf (path, sizeof (path), "%s.moved", pod);
  CHECK (rename (pod, path) == 0);
  snprintf (ctr, sizeof (ctr), "%s/c", host);
  CHECK (mkdir (ctr, 0755) == 0 && symlink (host, pod) == 0);
  CHECK (jd_log_open (&log, "cri", file, 0, 1, &err) < 0);
  CHECK (err != NULL && strstr (err->msg, "a symbolic link") != NULL);
  jd_error_release (&err);
  snprintf (hostfile, sizeof (hostfile), "%s/c/0.log", host);
  CHECK (lstat (hostfile, &st) < 0 && errno == ENOENT);
  /* above the pod's directory is the node's: a symlinked pods directory is followed */
  CHECK (unlink (pod) == 0 && rename (path, pod) == 0);
  snprintf (path, sizeof (path), "%s/pods-real", dir);
  CHECK (rename (pods, path) == 0 && symlink (path, pods) == 0);
  CHECK (jd_log_open (&log, "cri", file, 0, 1, &err) == 0);
  CHECK (jd_log_write (&log, 1, "x\n", 2, &(struct timespec){ 1, 0 }, &err) == 0);
  jd_log_close (&log);
  snprintf (file, sizeof (file), "%s/ns_p_uid/c/0.log", path);
  CHECK (stat (file, &st) == 0 && S_ISREG (st.st_mode) && st.st_size > 0);
}

/* A CRI log file that is a hard link to another file of its filesystem (a pod with the node's /var/log as a hostPath
 * links the node's own log, or another pod's, at its log path, at the start or between the kubelet's rotation and
 * ReopenContainerLog): refused, the linked file untouched. A json-file log (the daemon's own directory) with a second
 * link is opened as before. */
static void
test_cri_log_hard_link_refused (const char *dir)
{
  char pods[512], ctr[600], file[700], node[600], rotated[800], plain[600];
  struct jd_log log;
  struct jd_error *err = NULL;
  struct stat st;
  snprintf (pods, sizeof (pods), "%s/hl-pods", dir);
  snprintf (ctr, sizeof (ctr), "%s/ns_p_uid", pods);
  CHECK (mkdir (pods, 0755) == 0 && mkdir (ctr, 0755) == 0);
  snprintf (ctr, sizeof (ctr), "%s/ns_p_uid/c", pods);
  CHECK (mkdir (ctr, 0755) == 0);
  snprintf (file, sizeof (file), "%s/0.log", ctr);
  snprintf (node, sizeof (node), "%s/node.log", pods);
  CHECK (jd_write_file_atomic (node, "node\n", 5, &err) == 0);
  CHECK (link (node, file) == 0);
  CHECK (jd_log_open (&log, "cri", file, 0, 1, &err) < 0);
  CHECK (err != NULL && strstr (err->msg, "0.log`: has another hard link") != NULL);
  jd_error_release (&err);
  CHECK (stat (node, &st) == 0 && st.st_size == 5 && st.st_nlink == 2);
  /* opened for real; the kubelet rotates (a rename), a link appears before the reopen */
  CHECK (unlink (file) == 0);
  CHECK (jd_log_open (&log, "cri", file, 0, 1, &err) == 0);
  CHECK (jd_log_write (&log, 1, "x\n", 2, &ts, &err) == 0);
  snprintf (rotated, sizeof (rotated), "%s.20261206-000000", file);
  CHECK (rename (file, rotated) == 0);
  CHECK (link (node, file) == 0);
  CHECK (jd_log_reopen (&log, &err) < 0);
  CHECK (err != NULL && strstr (err->msg, "has another hard link") != NULL);
  jd_error_release (&err);
  jd_log_close (&log);
  CHECK (stat (node, &st) == 0 && st.st_size == 5);
  /* a plain rotation reopens a new file */
  CHECK (unlink (file) == 0);
  CHECK (jd_log_open (&log, "cri", file, 0, 1, &err) == 0);
  CHECK (rename (file, rotated) == 0);
  CHECK (jd_log_reopen (&log, &err) == 0);
  CHECK (jd_log_write (&log, 1, "y\n", 2, &ts, &err) == 0);
  jd_log_close (&log);
  CHECK (stat (file, &st) == 0 && S_ISREG (st.st_mode) && st.st_size > 0 && st.st_nlink == 1);
  /* json-file: the daemon's directory, a second link is root's own */
  snprintf (plain, sizeof (plain), "%s/hl-json.log", dir);
  CHECK (link (node, plain) == 0);
  CHECK (jd_log_open (&log, "json-file", plain, 0, 1, &err) == 0);
  jd_log_close (&log);
}

/* A FIFO or a device node at a log path (a pod with the node's /var/log as a hostPath and CAP_MKNOD can make one:
 * the device cgroup stops it opening the node, not creating it) is never opened, only refused: opening a device has
 * effects of its own (a watchdog's arms it, a tape's rewinds it). Seen on a FIFO with a reader: a writer that opened
 * and closed it leaves the reader POLLHUP. */
static void
test_log_path_special_files_are_never_opened (const char *dir)
{
  char fifo[512], src[600], dst[600];
  struct jd_log log;
  struct jd_error *err = NULL;
  snprintf (fifo, sizeof (fifo), "%s/opened.log", dir);
  CHECK (mkfifo (fifo, 0600) == 0);
  int reader = open (fifo, O_RDONLY | O_NONBLOCK);
  CHECK (reader >= 0);
  CHECK (jd_log_open (&log, "cri", fifo, 0, 1, &err) < 0);
  CHECK (err != NULL && strstr (err->msg, "opened.log`: not a regular file") != NULL);
  jd_error_release (&err);
  CHECK (jd_log_open (&log, "json-file", fifo, 0, 1, &err) < 0);
  jd_error_release (&err);
  snprintf (dst, sizeof (dst), "%s/opened.gz", dir);
  CHECK (jd_log_gzip (fifo, dst, "x", &err) < 0);
  jd_error_release (&err);
  struct pollfd pfd = { .fd = reader, .events = POLLIN };
  CHECK (poll (&pfd, 1, 0) >= 0 && (pfd.revents & POLLHUP) == 0);
  close (reader);
  /* a compression's temporary file that is a FIFO with a reader: removed, not opened */
  snprintf (src, sizeof (src), "%s/opened-src.log", dir);
  CHECK (jd_write_file_atomic (src, "{}\n", 3, &err) == 0);
  snprintf (dst, sizeof (dst), "%s/opened2.gz.tmp", dir);
  CHECK (mkfifo (dst, 0600) == 0);
  reader = open (dst, O_RDONLY | O_NONBLOCK);
  CHECK (reader >= 0);
  snprintf (dst, sizeof (dst), "%s/opened2.gz", dir);
  CHECK (jd_log_gzip (src, dst, "x", &err) == 0);
  pfd.fd = reader;
  pfd.revents = 0;
  CHECK (poll (&pfd, 1, 0) >= 0 && (pfd.revents & POLLHUP) == 0);
  close (reader);
  unlink (fifo);
  unlink (dst);
}

int
main (void)
{
  char dir[] = "/tmp/jd-test-log-XXXXXX";
  CHECK (mkdtemp (dir) != NULL);
  test_escape ();
  test_escape_matches_reference ();
  test_format ();
  test_format_local ();
  test_split_lines (dir);
  test_newline_positions (dir);
  test_full_disk_leaves_no_torn_entry (dir, "json-file");
  test_full_disk_leaves_no_torn_entry (dir, "local");
  test_rotation (dir);
  test_attrs (dir);
  test_batched_read_matches_line_by_line (dir);
  test_compress (dir);
  test_gzip_identity (dir);
  test_file_modes (dir);
  test_none_driver (dir);
  test_hostile_log_paths (dir);
  test_cri_log_path_symlinked_directories (dir);
  test_cri_log_hard_link_refused (dir);
  test_log_path_special_files_are_never_opened (dir);
  test_write_out (dir);
  test_cri (dir);
  test_formats_match_model (dir);
  char cmd[600];
  snprintf (cmd, sizeof (cmd), "rm -rf %s", dir);
  if (system (cmd) != 0)
    fprintf (stderr, "could not remove %s\n", dir);
  return TEST_RESULT ();
}
