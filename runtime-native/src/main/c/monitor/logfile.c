#define _GNU_SOURCE
#include "logfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "../common/utils.h"

static const char hexdigits[] = "0123456789abcdef";

/* Length of the valid UTF-8 sequence at P (at most LEN bytes), or 0 when it is not valid. */
static size_t
utf8_seq (const unsigned char *p, size_t len, unsigned *cp)
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
put_u (char *out, unsigned c)
{
  out[0] = '\\';
  out[1] = 'u';
  out[2] = hexdigits[(c >> 12) & 0xf];
  out[3] = hexdigits[(c >> 8) & 0xf];
  out[4] = hexdigits[(c >> 4) & 0xf];
  out[5] = hexdigits[c & 0xf];
  return 6;
}

/* One byte or UTF-8 sequence at P that is not copied as it is (see jd_json_escape): its escaped form at OUT.
 * *CONSUMED: how many input bytes it took. */
static size_t
escape_special (const unsigned char *p, size_t len, char *out, size_t *consumed)
{
  unsigned char c = p[0];
  *consumed = 1;
  if (c >= 0x80)
    {
      unsigned cp;
      size_t n = utf8_seq (p, len, &cp);
      if (n == 0)
        return put_u (out, 0xfffd);
      *consumed = n;
      if (cp == 0x2028 || cp == 0x2029)
        return put_u (out, cp);
      memcpy (out, p, n);
      return n;
    }
  out[0] = '\\';
  switch (c)
    {
    case '"':
    case '\\':
      out[1] = (char) c;
      return 2;
    case '\n':
      out[1] = 'n';
      return 2;
    case '\r':
      out[1] = 'r';
      return 2;
    case '\t':
      out[1] = 't';
      return 2;
    default:
      if (c < 0x20 || c == '<' || c == '>' || c == '&')
        return put_u (out, c);
      out[0] = (char) c;
      return 1;
    }
}

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* The high bit of each zero byte of V set (and maybe of bytes above one: a borrow only carries upward). */
static inline uint64_t
zero_bytes (uint64_t v)
{
  return (v - ONES) & ~v & HIGHS;
}

/* Flags the bytes of W that jd_json_escape does not copy as they are: controls, '"', '&', '<', '>', '\\' and all
 * of 0x80-0xff (UTF-8 is checked byte by byte). Nonzero exactly when W holds one; the lowest flagged byte is one. */
static inline uint64_t
special_bytes (uint64_t w)
{
  return (w & HIGHS) | ((w - ONES * 0x20) & ~w & HIGHS) /* >= 0x80, < 0x20 */
         | zero_bytes ((w | ONES * 0x04) ^ ONES * 0x26)   /* '"' 0x22, '&' 0x26 */
         | zero_bytes ((w | ONES * 0x02) ^ ONES * 0x3e)   /* '<' 0x3c, '>' 0x3e */
         | zero_bytes (w ^ ONES * 0x5c);                  /* '\\' */
}

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && defined(__GNUC__)
/* Sixteen bytes at a time with GCC's generic vectors (SSE2 on x86-64, NEON on arm64): a compare gives 0xff in each
 * byte that matches, and the lowest such byte is the first one. */
#define JD_VEC16 1
typedef signed char v16 __attribute__ ((vector_size (16)));

/* Index of the first byte of the mask M that is set, 16 when none is. */
static inline size_t
first_set16 (v16 m)
{
  uint64_t w[2];
  memcpy (w, &m, 16);
  return w[0] ? (size_t) __builtin_ctzll (w[0]) / 8 : w[1] ? 8 + (size_t) __builtin_ctzll (w[1]) / 8 : 16;
}

/* Index of the first byte among P[0..15] that jd_json_escape does not copy as it is, 16 when none: as signed bytes,
 * controls (< 0x20) and all of 0x80-0xff (negative) are below 0x20. */
static inline size_t
first_special16 (const unsigned char *p)
{
  v16 v;
  memcpy (&v, p, 16);
  return first_set16 ((v < 0x20) | (v == '"') | (v == '&') | (v == '<') | (v == '>') | (v == '\\'));
}
#endif

/* The first newline in DATA[0..LEN), or NULL: memchr, sixteen bytes at a time (musl's goes by words). */
static const char *
find_newline (const char *data, size_t len)
{
  size_t i = 0;
#ifdef JD_VEC16
  for (; len - i >= 16; i += 16)
    {
      v16 v;
      memcpy (&v, data + i, 16);
      size_t at = first_set16 (v == '\n');
      if (at < 16)
        return data + i + at;
    }
#endif
  return memchr (data + i, '\n', len - i);
}

/* jd_json_escape without the terminating NUL: sixteen (or eight) bytes at a time while none needs escaping (stored
 * before they are checked: OUT has room for 6 bytes per input byte, so the bytes stored at O never pass it while as
 * many remain). */
static size_t
escape_into (const char *in, size_t len, char *out)
{
  const unsigned char *p = (const unsigned char *) in;
  size_t o = 0, i = 0;
  while (i < len)
    {
#ifdef JD_VEC16
      if (len - i >= 16)
        {
          memcpy (out + o, p + i, 16);
          size_t clean = first_special16 (p + i);
          i += clean, o += clean;
          if (clean == 16)
            continue;
        }
      else
#endif
        if (len - i >= 8)
        {
          uint64_t w;
          memcpy (&w, p + i, 8);
          memcpy (out + o, &w, 8);
          uint64_t special = special_bytes (w);
          if (special == 0)
            {
              i += 8, o += 8;
              continue;
            }
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
          size_t clean = (size_t) __builtin_ctzll (special) / 8;
          i += clean, o += clean;
#endif
        }
      size_t took;
      o += escape_special (p + i, len - i, out + o, &took);
      i += took;
    }
  return o;
}

/* Escapes like Go's encoding/json (which Docker's json-file uses): \" \\ \n \r \t, other control characters and
 * the HTML-sensitive < > & as \u00XX, U+2028/U+2029 as \u2028/\u2029, invalid UTF-8 bytes as \ufffd. */
size_t
jd_json_escape (const char *in, size_t len, char *out)
{
  size_t o = escape_into (in, len, out);
  out[o] = '\0';
  return o;
}

/* Room one entry of LEN bytes may need, formatted (JSON escaping may grow a byte to 6), ATTRS_LEN bytes of attrs
 * with it (json-file). */
static size_t
entry_room (int format, size_t len, size_t attrs_len)
{
  return format == JD_LOG_JSON ? len * 6 + 128 + attrs_len : len + 64;
}

/* What the entries of one read share (one stream, one time), built once per read instead of once per entry:
 * json-file's tail `","stream":"stdout","time":"<time>"}\n` (the log's attrs go in at SPLIT, before "time"), the
 * CRI's head `<time> stdout ` and the local driver's LogEntry fields before the line (source, time_nano). */
struct stamp
{
  size_t len;
  char text[112];
  size_t split;
  const char *attrs;
  size_t attrs_len;
};

static size_t
put_varint (unsigned char *out, uint64_t v)
{
  size_t n = 0;
  while (v >= 0x80)
    {
      out[n++] = (unsigned char) (v | 0x80);
      v >>= 7;
    }
  out[n++] = (unsigned char) v;
  return n;
}

static void
put_u32be (unsigned char *out, uint32_t v)
{
  out[0] = (unsigned char) (v >> 24);
  out[1] = (unsigned char) (v >> 16);
  out[2] = (unsigned char) (v >> 8);
  out[3] = (unsigned char) v;
}

static void
make_stamp (struct stamp *st, int format, int stream, const struct timespec *ts, const char *attrs, size_t attrs_len)
{
  const char *source = stream == 2 ? "stderr" : "stdout";
  char when[48];
  st->attrs = attrs;
  st->attrs_len = attrs_len;
  if (format == JD_LOG_LOCAL)
    {
      unsigned char *u = (unsigned char *) st->text;
      size_t o = 0;
      u[o++] = 0x0a; /* 1: source, string */
      u[o++] = 6;
      memcpy (u + o, source, 6);
      o += 6;
      u[o++] = 0x10; /* 2: time_nano, int64 */
      o += put_varint (u + o, (uint64_t) ts->tv_sec * 1000000000ULL + (uint64_t) ts->tv_nsec);
      st->len = o;
      return;
    }
  jd_format_rfc3339nano (ts, when, sizeof (when));
  if (format == JD_LOG_CRI)
    {
      st->len = (size_t) snprintf (st->text, sizeof (st->text), "%s %s ", when, source);
      return;
    }
  st->split = (size_t) snprintf (st->text, sizeof (st->text), "\",\"stream\":\"%s\",", source);
  st->len = st->split + (size_t) snprintf (st->text + st->split, sizeof (st->text) - st->split,
                                           "\"time\":\"%s\"}\n", when);
}

static size_t
format_json_into (char *line, const char *data, size_t len, const struct stamp *st)
{
  memcpy (line, "{\"log\":\"", 8);
  size_t o = 8 + escape_into (data, len, line + 8);
  memcpy (line + o, st->text, st->split);
  o += st->split;
  memcpy (line + o, st->attrs, st->attrs_len);
  o += st->attrs_len;
  memcpy (line + o, st->text + st->split, st->len - st->split);
  return o + st->len - st->split;
}

/* The local driver's record: [u32 BE size][LogEntry][u32 BE size], the line without its newline, partial (field 4)
 * when it had none. */
static size_t
format_local_into (unsigned char *rec, const char *data, size_t len, const struct stamp *st)
{
  int partial = len == 0 || data[len - 1] != '\n';
  size_t line_len = partial ? len : len - 1;
  size_t o = 4;
  memcpy (rec + o, st->text, st->len);
  o += st->len;
  rec[o++] = 0x1a; /* 3: line, bytes */
  o += put_varint (rec + o, line_len);
  memcpy (rec + o, data, line_len);
  o += line_len;
  if (partial)
    {
      rec[o++] = 0x20; /* 4: partial, bool */
      rec[o++] = 1;
    }
  put_u32be (rec, (uint32_t) (o - 4));
  put_u32be (rec + o, (uint32_t) (o - 4));
  return o + 4;
}

/* The CRI's line, as containerd writes it for the kubelet: "<RFC3339Nano> <stdout|stderr> <F|P> <line>\n", the
 * line without its end ("\n" or "\r\n", as Go's bufio ReadLine drops it); P when it had none (split at 16 KiB,
 * or the last bytes at EOF). */
static size_t
format_cri_into (char *out, const char *data, size_t len, const struct stamp *st)
{
  int full = len > 0 && data[len - 1] == '\n';
  size_t line_len = full ? len - 1 : len;
  if (full && line_len > 0 && data[line_len - 1] == '\r')
    line_len--;
  memcpy (out, st->text, st->len);
  size_t o = st->len;
  out[o++] = full ? 'F' : 'P';
  out[o++] = ' ';
  memcpy (out + o, data, line_len);
  o += line_len;
  out[o++] = '\n';
  return o;
}

static size_t
format_into (char *out, int format, const char *data, size_t len, const struct stamp *st)
{
  return format == JD_LOG_LOCAL ? format_local_into ((unsigned char *) out, data, len, st)
         : format == JD_LOG_CRI ? format_cri_into (out, data, len, st)
                                : format_json_into (out, data, len, st);
}

static char *
format_one (int format, int stream, const char *data, size_t len, const struct timespec *ts, size_t *out_len)
{
  struct stamp st;
  char *out = malloc (entry_room (format, len, 0) + 1);
  if (out == NULL)
    return NULL;
  make_stamp (&st, format, stream, ts, NULL, 0);
  *out_len = format_into (out, format, data, len, &st);
  out[*out_len] = '\0'; /* a string as well (the tests compare it as one); the local format's may hold NULs */
  return out;
}

char *
jd_log_format (int stream, const char *data, size_t len, const struct timespec *ts, size_t *out_len)
{
  return format_one (JD_LOG_JSON, stream, data, len, ts, out_len);
}

char *
jd_log_format_cri (int stream, const char *data, size_t len, const struct timespec *ts, size_t *out_len)
{
  return format_one (JD_LOG_CRI, stream, data, len, ts, out_len);
}

char *
jd_log_format_local (int stream, const char *data, size_t len, const struct timespec *ts, size_t *out_len)
{
  return format_one (JD_LOG_LOCAL, stream, data, len, ts, out_len);
}

/* Opens a log file, or the source or the temporary file of a compression, NAME in DIRFD (AT_FDCWD: a path). The
 * directory may be within reach of others (a pod with the node's /var/log as a hostPath): NAME must be a regular
 * file, and anything else is refused without being opened. A last symlink is never followed (it would lead the
 * monitor, root, to write any host file); a FIFO or a device node (one made with CAP_MKNOD: the device cgroup stops
 * the container opening it, not creating it) is never opened: a FIFO's open would block the monitor, before its
 * report or in its loop, a device's has effects of its own (a watchdog's arms it). So NAME is created exclusively
 * (a new file is regular), or else looked at through an O_PATH descriptor and, when regular, that very inode is
 * opened through /proc/self/fd; without blocking (a lease someone holds on it: EWOULDBLOCK, not a 45 s wait). With
 * ONE_LINK (a CRI log, whose directory others may write), a regular file with another hard link is refused too
 * (EMLINK): whoever can write there can link any file of that filesystem they reach (another pod's log, the node's
 * own logs) and have the monitor append to it; the kubelet rotates by renaming, never by linking. The json-file and
 * local logs live in the daemon's own directory (0710, root's), where a second link is root's doing (a backup made
 * with `cp -al`) and refusing it would only stop the container. */
static int
open_regular_at (int dirfd, const char *name, int flags, mode_t mode, int one_link)
{
  struct stat st;
  char proc[64];
  for (int tries = 0; tries < 8; tries++)
    {
      if (flags & O_CREAT)
        {
          int fd = openat (dirfd, name, (flags & ~O_TRUNC) | O_EXCL | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, mode);
          if (fd >= 0 || errno != EEXIST || (flags & O_EXCL))
            return fd;
        }
      cleanup_close int path = openat (dirfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
      if (path < 0 && errno == ENOENT && (flags & O_CREAT))
        continue; /* removed since: create it again */
      if (path < 0 || fstat (path, &st) < 0)
        return -1;
      if (S_ISLNK (st.st_mode))
        {
          errno = ELOOP;
          return -1;
        }
      if (!S_ISREG (st.st_mode))
        {
          errno = EINVAL;
          return -1;
        }
      if (one_link && st.st_nlink > 1)
        {
          errno = EMLINK;
          return -1;
        }
      snprintf (proc, sizeof (proc), "/proc/self/fd/%d", path);
      int fd = open (proc, (flags & ~(O_CREAT | O_EXCL)) | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
      if (fd < 0)
        return -1;
      int fl = fcntl (fd, F_GETFL);
      if (fl >= 0)
        fcntl (fd, F_SETFL, fl & ~O_NONBLOCK);
      return fd;
    }
  errno = EAGAIN;
  return -1;
}

static int
open_regular (const char *path, int flags, mode_t mode)
{
  return open_regular_at (AT_FDCWD, path, flags, mode, 0);
}

/* A CRI log is <pods>/<pod>/<container>/<N>.log (the kubelet's layout): the pod's and the container's directories
 * are within reach of a pod with the node's /var/log as a hostPath, which could make either a symlink (to /etc...)
 * and have the monitor create and write N.log there, at the start or at a reopen. So those are opened one at a time
 * without following a symlink (each relative to the last one opened: no component can be swapped between a check
 * and its use); what is above them is the node's and resolved as usual (a /var/log that is a symlink keeps working).
 * Returns the directory's fd, or -1 with errno (ELOOP: one of them is a symlink, *BAD names it). */
#define CRI_OWN_DIRS 2

static int
open_cri_dir (const char *path, char **name, const char **bad)
{
  size_t len = strlen (path);
  const char *cut[CRI_OWN_DIRS + 2];
  int n = 0;
  *bad = NULL;
  /* the starts of the last CRI_OWN_DIRS + 1 components (the file's first) */
  for (size_t i = len; i > 0 && n < CRI_OWN_DIRS + 1; i--)
    if (path[i - 1] == '/' && path[i] != '\0' && path[i] != '/')
      cut[n++] = path + i;
  if (n == 0)
    {
      errno = EINVAL;
      return -1;
    }
  *name = (char *) cut[0];
  cleanup_free char *top = strndup (path, (size_t) (cut[n - 1] - path));
  if (top == NULL)
    return -1;
  int dir = open (top[0] == '\0' ? "/" : top, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  for (int i = n - 1; i >= 1 && dir >= 0; i--)
    {
      size_t clen = (size_t) (strchrnul (cut[i], '/') - cut[i]);
      char comp[256];
      if (clen >= sizeof (comp) || (clen == 2 && strncmp (cut[i], "..", 2) == 0))
        {
          close (dir);
          errno = EINVAL;
          return -1;
        }
      memcpy (comp, cut[i], clen);
      comp[clen] = '\0';
      int next = openat (dir, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      int saved = errno;
      struct stat st;
      if (next < 0 && (saved == ELOOP
                       || (saved == ENOTDIR && fstatat (dir, comp, &st, AT_SYMLINK_NOFOLLOW) == 0
                           && S_ISLNK (st.st_mode))))
        {
          *bad = cut[i];
          saved = ELOOP;
        }
      close (dir);
      errno = saved;
      dir = next;
    }
  return dir;
}

static int
open_error (const char *what, const char *path, struct jd_error **err)
{
  if (errno == ELOOP)
    return jd_make_error (err, 0, "%s `%s`: a symbolic link", what, path);
  if (errno == EINVAL) /* a FIFO, a device, a directory... (never opened) */
    return jd_make_error (err, 0, "%s `%s`: not a regular file", what, path);
  if (errno == EMLINK)
    return jd_make_error (err, 0, "%s `%s`: has another hard link", what, path);
  return jd_make_error (err, errno, "%s `%s`", what, path);
}

static int
open_file (struct jd_log *log, int truncate, struct jd_error **err)
{
  struct stat st;
  if (log->fd >= 0)
    close (log->fd);
  int flags = O_WRONLY | O_CREAT | O_APPEND | (truncate ? O_TRUNC : 0);
  if (log->format == JD_LOG_CRI)
    {
      char *name;
      const char *bad;
      cleanup_close int dir = open_cri_dir (log->path, &name, &bad);
      if (dir < 0 && errno == ELOOP)
        return jd_make_error (err, 0, "open log `%s`: a symbolic link in its path (`%.*s`)", log->path,
                              (int) (bad == NULL ? 0 : strchrnul (bad, '/') - bad), bad == NULL ? "" : bad);
      if (dir < 0)
        return jd_make_error (err, errno, "open log `%s`", log->path);
      log->fd = open_regular_at (dir, name, flags, 0640, 1);
    }
  else
    log->fd = open_regular (log->path, flags, 0640);
  if (log->fd < 0)
    return open_error ("open log", log->path, err);
  log->size = fstat (log->fd, &st) == 0 ? st.st_size : 0;
  log->written_out = log->size;
  return 0;
}

/* Where compression happens: in the monitor, not in jdockd. The monitor is the only writer and the only one that
 * renames, so it can order "rename, then compress" without a lock, and compression also happens while jdockd is
 * down. zlib is linked statically; the work runs on one background thread per rotation (like Docker's goroutine),
 * and the next rotation first waits for it, so at most one compression runs and the renames never race it. */

#define GZ_CHUNK (64 * 1024)

static int
deflate_fd (int in, int out, const char *extra, size_t extra_len, struct jd_error **err)
{
  z_stream z;
  gz_header h;
  int flush, r = 0;
  cleanup_free unsigned char *ibuf = malloc (GZ_CHUNK);
  cleanup_free unsigned char *obuf = malloc (GZ_CHUNK);
  memset (&z, 0, sizeof (z));
  memset (&h, 0, sizeof (h));
  if (ibuf == NULL || obuf == NULL
      || deflateInit2 (&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return jd_make_error (err, ENOMEM, "deflate");
  h.extra = (Bytef *) extra;
  h.extra_len = (uInt) extra_len;
  h.os = 3; /* unix */
  deflateSetHeader (&z, &h);
  do
    {
      ssize_t n = read (in, ibuf, GZ_CHUNK);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          r = jd_make_error (err, errno, "read");
          break;
        }
      flush = n == 0 ? Z_FINISH : Z_NO_FLUSH;
      z.next_in = ibuf;
      z.avail_in = (uInt) n;
      do
        {
          z.next_out = obuf;
          z.avail_out = GZ_CHUNK;
          deflate (&z, flush);
          if (jd_write_all (out, obuf, GZ_CHUNK - z.avail_out) < 0)
            {
              r = jd_make_error (err, errno, "write");
              flush = Z_FINISH;
              break;
            }
        }
      while (z.avail_out == 0);
    }
  while (flush != Z_FINISH);
  deflateEnd (&z);
  return r;
}

int
jd_log_gzip (const char *src, const char *dst, const char *last_time, struct jd_error **err)
{
  struct stat st;
  char extra[256];
  cleanup_close int in = open_regular (src, O_RDONLY, 0);
  if (in < 0)
    return open_error ("open", src, err);
  if (fstat (in, &st) < 0)
    return jd_make_error (err, errno, "open `%s`", src);
  int xlen = snprintf (extra, sizeof (extra), "{\"lastTime\":\"%s\",\"jdockSource\":\"%llu:%llu\"}", last_time,
                       (unsigned long long) st.st_dev, (unsigned long long) st.st_ino);
  size_t tlen = strlen (dst) + 8;
  cleanup_free char *tmp = malloc (tlen);
  if (tmp == NULL)
    return jd_make_error (err, ENOMEM, "gzip");
  snprintf (tmp, tlen, "%s.tmp", dst);
  /* a crash's leftover, or whatever someone put there, is replaced: never written through */
  if (unlink (tmp) < 0 && errno != ENOENT)
    return jd_make_error (err, errno, "remove `%s`", tmp);
  int out = open_regular (tmp, O_WRONLY | O_CREAT | O_EXCL, 0640);
  if (out < 0)
    return open_error ("create", tmp, err);
  int r = deflate_fd (in, out, extra, (size_t) xlen, err);
  if (close (out) < 0 && r == 0)
    r = jd_make_error (err, errno, "write `%s`", tmp);
  if (r == 0 && rename (tmp, dst) < 0)
    r = jd_make_error (err, errno, "rename `%s`", tmp);
  if (r < 0)
    {
      unlink (tmp);
      return r;
    }
  /* the reader prefers the plain file while both exist; both have the same identity */
  if (unlink (src) < 0 && errno != ENOENT)
    return jd_make_error (err, errno, "remove `%s`", src);
  return 0;
}

struct gzip_job
{
  char *src, *dst;
  char last_time[48];
};

static void *
gzip_thread (void *arg)
{
  struct gzip_job *job = arg;
  struct jd_error *err = NULL;
  if (jd_log_gzip (job->src, job->dst, job->last_time, &err) < 0)
    {
      /* the plain file stays and is read as it is */
      fprintf (stderr, "jdock-monitor: compress log: %s\n", err->msg);
      jd_error_release (&err);
    }
  free (job->src);
  free (job->dst);
  free (job);
  return NULL;
}

static void
wait_compressor (struct jd_log *log)
{
  if (log->compressing)
    pthread_join (log->compressor, NULL);
  log->compressing = 0;
}

static void
start_compressor (struct jd_log *log)
{
  struct gzip_job *job = calloc (1, sizeof (*job));
  size_t plen = strlen (log->path) + 16;
  if (job == NULL || (job->src = malloc (plen)) == NULL || (job->dst = malloc (plen)) == NULL)
    goto fail;
  snprintf (job->src, plen, "%s.1", log->path);
  snprintf (job->dst, plen, "%s.1.gz", log->path);
  jd_format_rfc3339nano (&log->last_ts, job->last_time, sizeof (job->last_time));
  if (pthread_create (&log->compressor, NULL, gzip_thread, job) == 0)
    {
      log->compressing = 1;
      return;
    }
fail:
  if (job != NULL)
    free (job->src), free (job->dst);
  free (job); /* not compressed: the plain log.1 is read as it is */
}

/* NAME of generation I (0: the live file) with EXT ("" or ".gz"). */
static void
generation (char *buf, size_t size, const char *path, int i, const char *ext)
{
  if (i == 0)
    snprintf (buf, size, "%s", path);
  else
    snprintf (buf, size, "%s.%d%s", path, i, ext);
}

/* log -> log.1 -> ... -> log.<max_file-1>; with max_file <= 1 the file is truncated instead. Both the plain and
 * the .gz form of each generation move (a plain one stays when a compression was interrupted). */
static int
rotate (struct jd_log *log, struct jd_error **err)
{
  static const char *const exts[] = { "", ".gz" };
  size_t plen = strlen (log->path) + 16;
  cleanup_free char *from = malloc (plen);
  cleanup_free char *to = malloc (plen);
  if (from == NULL || to == NULL)
    return jd_make_error (err, ENOMEM, "rotate");
  if (log->max_file <= 1)
    return open_file (log, 1, err);
  wait_compressor (log);
  for (int e = 0; e < 2; e++)
    {
      generation (to, plen, log->path, log->max_file - 1, exts[e]);
      if (unlink (to) < 0 && errno != ENOENT)
        return jd_make_error (err, errno, "remove `%s`", to);
    }
  for (int i = log->max_file - 1; i >= 1; i--)
    for (int e = i == 1 ? 0 : 1; e >= 0; e--)
      {
        generation (from, plen, log->path, i - 1, exts[e]);
        generation (to, plen, log->path, i, exts[e]);
        if (rename (from, to) < 0 && errno != ENOENT)
          return jd_make_error (err, errno, "rotate `%s`", from);
      }
  if (open_file (log, 1, err) < 0)
    return -1;
  if (log->compress)
    start_compressor (log);
  return 0;
}

/* The batch is as large as the longest entry can be (a 16 KiB line escaped, and the attrs), so any entry fits in it
 * once it has been written out: one write(2) per read of the container's output instead of one per line. */
#define BATCH_CAP (6 * JD_LOG_LINE_MAX + 128)

static size_t
batch_cap (const struct jd_log *log)
{
  return BATCH_CAP + log->attrs_len;
}

/* A container that logs fast leaves the page cache full of the log's dirty pages, and whoever syncs the filesystem
 * next waits for all of them: the container's own exit does, when its overlay root is unmounted with the last
 * process of its mount namespace (overlayfs syncs the upper filesystem then, ~50-250 ms for 100 MB here). So the
 * writeback of the live file starts every JD_LOG_WRITE_OUT bytes, of its full pages only (the page still being
 * appended to is left alone): the kernel writes them while the container runs, and nothing waits for their end (the
 * call itself may wait for room in a slow disk's queue, as the kernel's dirty throttling would make the writer wait
 * later). Not with compress: a rotated file is read back and removed within a rotation, and need not reach the disk.
 * The price: a log removed within ~30 s (dirty_expire) would not have been written at all. */
static void
start_write_out (struct jd_log *log)
{
  long long end = log->size & ~4095LL;
  if (log->compress || end - log->written_out < JD_LOG_WRITE_OUT)
    return;
  if (sync_file_range (log->fd, log->written_out, end - log->written_out, SYNC_FILE_RANGE_WRITE) == 0)
    log->written_out = end;
  else
    log->written_out = log->size; /* not supported here: not retried for every batch */
}

/* Writes the batch to the live file. A full disk: the part written is cut off again, so the next entry starts
 * where this batch would have (no torn JSON line, no torn record that would break the local driver's framing for
 * every record after it); the batch's entries are lost, as a single refused entry was before batching. */
static int
write_batch (struct jd_log *log, struct jd_error **err)
{
  if (log->batch_len == 0)
    return 0;
  size_t n = log->batch_len;
  log->batch_len = 0;
  if (jd_write_all (log->fd, log->batch, n) < 0)
    {
      int saved = errno;
      if (ftruncate (log->fd, (off_t) log->size) < 0)
        {
          /* the disk refuses even that: the reader skips the torn entry */
        }
      return jd_make_error (err, saved, "write log `%s`", log->path);
    }
  log->size += (long long) n;
  log->last_ts = log->batch_ts;
  start_write_out (log);
  return 0;
}

static int
append_line (struct jd_log *log, const char *data, size_t len, const struct timespec *ts, const struct stamp *st,
             struct jd_error **err)
{
  if (log->max_size > 0 && log->size + (long long) log->batch_len >= log->max_size)
    {
      /* the rotation point is decided per entry, as without the batch */
      if (write_batch (log, err) < 0 || rotate (log, err) < 0)
        return -1;
    }
  if (log->batch == NULL && (log->batch = malloc (batch_cap (log))) == NULL)
    return jd_make_error (err, ENOMEM, "log batch");
  if (entry_room (log->format, len, log->attrs_len) > batch_cap (log) - log->batch_len && write_batch (log, err) < 0)
    return -1;
  log->batch_len += format_into (log->batch + log->batch_len, log->format, data, len, st);
  log->batch_ts = *ts;
  return 0;
}

int
jd_log_open (struct jd_log *log, const char *driver, const char *path, long long max_size, int max_file,
             struct jd_error **err)
{
  memset (log, 0, sizeof (*log));
  log->fd = -1;
  if (driver == NULL
      || (strcmp (driver, "json-file") != 0 && strcmp (driver, "local") != 0 && strcmp (driver, "cri") != 0)
      || path == NULL || path[0] == '\0')
    return 0;
  log->enabled = 1;
  log->format = strcmp (driver, "local") == 0 ? JD_LOG_LOCAL : strcmp (driver, "cri") == 0 ? JD_LOG_CRI : JD_LOG_JSON;
  log->path = strdup (path);
  log->max_size = max_size;
  log->max_file = max_file < 1 ? 1 : max_file;
  if (log->path == NULL)
    return jd_make_error (err, ENOMEM, "log");
  return open_file (log, 0, err);
}

int
jd_log_set_attrs (struct jd_log *log, const char *json, struct jd_error **err)
{
  size_t len = json == NULL ? 0 : strlen (json);
  if (!log->enabled || log->format != JD_LOG_JSON || len == 0)
    return 0;
  if (len > JD_LOG_ATTRS_MAX || json[0] != '{' || json[len - 1] != '}')
    return jd_make_error (err, EINVAL, "log attrs: not a JSON object of at most %d bytes", JD_LOG_ATTRS_MAX);
  free (log->attrs);
  free (log->batch); /* empty between writes, and sized for entries without attrs */
  log->batch = NULL;
  if ((log->attrs = malloc (len + 10)) == NULL)
    return jd_make_error (err, ENOMEM, "log attrs");
  log->attrs_len = (size_t) sprintf (log->attrs, "\"attrs\":%s,", json);
  return 0;
}

void
jd_log_set_compress (struct jd_log *log, int compress)
{
  log->compress = compress && log->enabled && log->max_file > 1;
}

int
jd_log_write (struct jd_log *log, int stream, const char *data, size_t len, const struct timespec *ts,
              struct jd_error **err)
{
  int s = stream == 2 ? 1 : 0;
  struct stamp st;
  if (!log->enabled)
    return 0;
  make_stamp (&st, log->format, stream, ts, log->attrs, log->attrs_len); /* one read, one time: formatted once */
  for (size_t i = 0; i < len;)
    {
      /* up to the next newline, or until a pending part and this one make 16 KiB */
      size_t have = log->partial_len[s];
      size_t room = JD_LOG_LINE_MAX - have;
      size_t take = len - i < room ? len - i : room;
      const char *nl = find_newline (data + i, take);
      if (nl != NULL)
        take = (size_t) (nl - (data + i)) + 1;
      const char *line = data + i;
      if (have > 0 || (nl == NULL && take < JD_LOG_LINE_MAX))
        {
          /* a line begun in an earlier read, or one that goes on in the next: kept until it is complete */
          if (log->partial[s] == NULL && (log->partial[s] = malloc (JD_LOG_LINE_MAX)) == NULL)
            return jd_make_error (err, ENOMEM, "log buffer");
          memcpy (log->partial[s] + have, line, take);
          log->partial_len[s] += take;
          line = log->partial[s];
        }
      i += take;
      if (nl == NULL && have + take < JD_LOG_LINE_MAX)
        break; /* the rest of the read: pending */
      /* complete lines of this read are formatted where they lie */
      int r = append_line (log, line, have + take, ts, &st, err);
      log->partial_len[s] = 0;
      if (r < 0)
        {
          log->batch_len = 0;
          return -1;
        }
    }
  return write_batch (log, err);
}

int
jd_log_flush (struct jd_log *log, const struct timespec *ts, struct jd_error **err)
{
  for (int s = 0; s < 2 && log->enabled; s++)
    if (log->partial_len[s] > 0)
      {
        struct stamp st;
        make_stamp (&st, log->format, s + 1, ts, log->attrs, log->attrs_len);
        int r = append_line (log, log->partial[s], log->partial_len[s], ts, &st, err);
        log->partial_len[s] = 0;
        if (r < 0)
          {
            log->batch_len = 0;
            return -1;
          }
      }
  return log->enabled ? write_batch (log, err) : 0;
}

int
jd_log_reopen (struct jd_log *log, struct jd_error **err)
{
  if (!log->enabled)
    return 0;
  if (write_batch (log, err) < 0)
    return -1;
  return open_file (log, 0, err);
}

void
jd_log_close (struct jd_log *log)
{
  wait_compressor (log);
  if (log->fd >= 0)
    close (log->fd);
  free (log->path);
  free (log->partial[0]);
  free (log->partial[1]);
  free (log->batch);
  free (log->attrs);
  memset (log, 0, sizeof (*log));
  log->fd = -1;
}
