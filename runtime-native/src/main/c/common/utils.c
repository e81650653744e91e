#define _GNU_SOURCE
#include "utils.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_openat2
#define SYS_openat2 437
#endif
#define JD_RESOLVE_NO_MAGICLINKS 0x02
#define JD_RESOLVE_IN_ROOT 0x10

void
jd_cleanup_closep (int *fd)
{
  if (*fd >= 0)
    close (*fd);
}

void
jd_cleanup_freep (void *p)
{
  free (*(void **) p);
}

void
jd_cleanup_filep (FILE **f)
{
  if (*f != NULL)
    fclose (*f);
}

int
jd_write_all (int fd, const void *buf, size_t len)
{
  const char *p = buf;
  while (len > 0)
    {
      ssize_t n = write (fd, p, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return -1;
      p += n;
      len -= (size_t) n;
    }
  return 0;
}

ssize_t
jd_read_full (int fd, void *buf, size_t len)
{
  size_t done = 0;
  while (done < len)
    {
      ssize_t n = read (fd, (char *) buf + done, len - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return -1;
      if (n == 0)
        break;
      done += (size_t) n;
    }
  return (ssize_t) done;
}

int
jd_read_file (const char *path, char **out, size_t *len, struct jd_error **err)
{
  cleanup_close int fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return jd_make_error (err, errno, "open `%s`", path);
  size_t cap = 4096, used = 0;
  char *buf = malloc (cap);
  if (buf == NULL)
    return jd_make_error (err, ENOMEM, "read `%s`", path);
  for (;;)
    {
      if (used + 1 >= cap)
        {
          char *nbuf = realloc (buf, cap * 2);
          if (nbuf == NULL)
            {
              free (buf);
              return jd_make_error (err, ENOMEM, "read `%s`", path);
            }
          buf = nbuf;
          cap *= 2;
        }
      ssize_t n = read (fd, buf + used, cap - used - 1);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;
          free (buf);
          return jd_make_error (err, saved, "read `%s`", path);
        }
      if (n == 0)
        break;
      used += (size_t) n;
    }
  buf[used] = '\0';
  *out = buf;
  if (len != NULL)
    *len = used;
  return 0;
}

static int
write_file_atomic (const char *path, const char *data, size_t len, int sync, struct jd_error **err)
{
  char tmp[4096];
  if ((size_t) snprintf (tmp, sizeof (tmp), "%s.tmp", path) >= sizeof (tmp))
    return jd_make_error (err, ENAMETOOLONG, "path `%s`", path);
  cleanup_close int fd = open (tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    return jd_make_error (err, errno, "open `%s`", tmp);
  /* a temp file left by a crash keeps its old mode through O_CREAT */
  if (fchmod (fd, 0600) < 0 || jd_write_all (fd, data, len) < 0 || (sync && fsync (fd) < 0))
    return jd_make_error (err, errno, "write `%s`", tmp);
  if (rename (tmp, path) < 0)
    return jd_make_error (err, errno, "rename `%s` to `%s`", tmp, path);
  return 0;
}

int
jd_write_file_atomic (const char *path, const char *data, size_t len, struct jd_error **err)
{
  return write_file_atomic (path, data, len, 1, err);
}

int
jd_write_run_file (const char *path, const char *data, size_t len, struct jd_error **err)
{
  return write_file_atomic (path, data, len, 0, err);
}

int
jd_open_in_root (int rootfd, const char *path, int flags)
{
  struct
  {
    uint64_t flags, mode, resolve;
  } how = { .flags = (uint64_t) (flags | O_CLOEXEC), .resolve = JD_RESOLVE_IN_ROOT | JD_RESOLVE_NO_MAGICLINKS };
  while (*path == '/')
    path++;
  if (*path == '\0')
    path = ".";
  return (int) syscall (SYS_openat2, rootfd, path, &how, sizeof (how));
}

int
jd_mkdir_p (const char *path, mode_t mode, struct jd_error **err)
{
  cleanup_free char *copy = strdup (path);
  if (copy == NULL)
    return jd_make_error (err, ENOMEM, "mkdir `%s`", path);
  for (char *p = copy + 1;; p++)
    {
      if (*p != '/' && *p != '\0')
        continue;
      char saved = *p;
      *p = '\0';
      if (mkdir (copy, mode) < 0 && errno != EEXIST)
        return jd_make_error (err, errno, "mkdir `%s`", copy);
      *p = saved;
      if (saved == '\0')
        break;
    }
  return 0;
}

void
jd_format_rfc3339nano (const struct timespec *ts, char *buf, size_t size)
{
  struct tm tm;
  time_t secs = ts->tv_sec;
  gmtime_r (&secs, &tm);
  size_t n = strftime (buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
  if (ts->tv_nsec != 0 && n + 11 < size)
    {
      char frac[16];
      snprintf (frac, sizeof (frac), ".%09ld", ts->tv_nsec);
      size_t flen = strlen (frac);
      while (flen > 1 && frac[flen - 1] == '0')
        frac[--flen] = '\0';
      memcpy (buf + n, frac, flen + 1);
      n += flen;
    }
  if (n + 2 <= size)
    {
      buf[n] = 'Z';
      buf[n + 1] = '\0';
    }
}

int
jd_parse_u64 (const char *s, unsigned long long *out)
{
  char *end;
  if (s == NULL || *s == '\0' || *s == '-')
    return -1;
  errno = 0;
  unsigned long long v = strtoull (s, &end, 0);
  if (errno != 0 || *end != '\0')
    return -1;
  *out = v;
  return 0;
}

int
jd_parse_i64 (const char *s, long long *out)
{
  char *end;
  if (s == NULL || *s == '\0')
    return -1;
  errno = 0;
  long long v = strtoll (s, &end, 10);
  if (errno != 0 || *end != '\0')
    return -1;
  *out = v;
  return 0;
}

int
jd_fork_and_relay_report (int (*child) (void *arg, int report_fd), void *arg, const char *what)
{
  int p[2];
  char line[1200];
  if (pipe2 (p, O_CLOEXEC) < 0)
    {
      printf ("ERR %d pipe: %s\n", errno, strerror (errno));
      return 0;
    }
  fflush (stdout);
  pid_t pid = fork ();
  if (pid < 0)
    {
      printf ("ERR %d fork: %s\n", errno, strerror (errno));
      return 0;
    }
  if (pid == 0)
    {
      close (p[0]);
      _exit (child (arg, p[1]));
    }
  close (p[1]);
  /* read up to the newline: the container or exec child holds a copy of the pipe until it execs */
  ssize_t n = 0;
  while (n < (ssize_t) sizeof (line) - 1 && memchr (line, '\n', (size_t) n) == NULL)
    {
      ssize_t r = read (p[0], line + n, sizeof (line) - 1 - (size_t) n);
      if (r < 0 && errno == EINTR)
        continue;
      if (r <= 0)
        break;
      n += r;
    }
  close (p[0]);
  if (n <= 0)
    printf ("ERR %d %s exited without a report\n", EIO, what);
  else
    {
      line[n] = '\0';
      line[strcspn (line, "\n")] = '\0';
      printf ("%s\n", line);
    }
  return 0;
}
