/* The attach socket: any number of clients, framed both ways, non-blocking with bounded buffers. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "../common/utils.h"
#include "monitor.h"

int
jd_buf_append (struct jd_buf *b, const void *data, size_t len)
{
  if (b->len + len > b->cap)
    {
      size_t cap = b->cap ? b->cap : 4096;
      while (cap < b->len + len)
        cap *= 2;
      char *grown = realloc (b->data, cap);
      if (grown == NULL)
        return -1;
      b->data = grown;
      b->cap = cap;
    }
  memcpy (b->data + b->len, data, len);
  b->len += len;
  return 0;
}

void
jd_buf_consume (struct jd_buf *b, size_t n)
{
  memmove (b->data, b->data + n, b->len - n);
  b->len -= n;
  if (b->len == 0 && b->cap > 65536)
    {
      free (b->data);
      b->data = NULL;
      b->cap = 0;
    }
}

void
jd_buf_free (struct jd_buf *b)
{
  free (b->data);
  memset (b, 0, sizeof (*b));
}

/* Binds NAME inside DIRFD: sun_path holds 107 bytes and <exec-root>/containers/<64 hex>/attach.sock passes that
 * under an exec root of more than ~19 characters, so the socket is bound by its name from inside its directory (the
 * monitor is single-threaded here; its cwd is "/" again afterwards). Clients connect the same way (UnixSocketPaths). */
static int
bind_in_dir (int fd, int dirfd, const char *name)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  if (strlen (name) >= sizeof (addr.sun_path))
    {
      errno = ENAMETOOLONG;
      return -1;
    }
  strcpy (addr.sun_path, name);
  unlinkat (dirfd, name, 0);
  if (fchdir (dirfd) < 0)
    return -1;
  mode_t old = umask (0077);
  int r = bind (fd, (struct sockaddr *) &addr, sizeof (addr));
  int saved = errno;
  umask (old);
  if (chdir ("/") < 0 && r == 0)
    return -1;
  errno = saved;
  return r < 0 ? -1 : fchmodat (dirfd, name, 0600, 0);
}

int
jd_attach_listen (struct jd_attach *a, const char *path, struct jd_error **err)
{
  memset (a, 0, sizeof (*a));
  a->listen_fd = -1;
  const char *slash = strrchr (path, '/');
  if (slash == NULL || slash[1] == '\0')
    return jd_make_error (err, EINVAL, "attach socket path `%s` has no directory", path);
  a->path = strdup (path);
  cleanup_free char *dir = strndup (path, slash == path ? 1 : (size_t) (slash - path));
  if (a->path == NULL || dir == NULL)
    return jd_make_error (err, ENOMEM, "attach socket");
  cleanup_close int dirfd = open (dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (dirfd < 0)
    return jd_make_error (err, errno, "open `%s`", dir);
  a->listen_fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (a->listen_fd < 0)
    return jd_make_error (err, errno, "attach socket");
  if (bind_in_dir (a->listen_fd, dirfd, slash + 1) < 0)
    return jd_make_error (err, errno, "bind `%s`", path);
  if (listen (a->listen_fd, 16) < 0)
    return jd_make_error (err, errno, "listen `%s`", path);
  return 0;
}

void
jd_attach_accept (struct jd_attach *a)
{
  for (;;)
    {
      int fd = accept4 (a->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0)
        return;
      struct jd_client *grown = realloc (a->clients, (a->n_clients + 1) * sizeof (*grown));
      if (grown == NULL)
        {
          close (fd);
          return;
        }
      a->clients = grown;
      memset (&a->clients[a->n_clients], 0, sizeof (struct jd_client));
      a->clients[a->n_clients++].fd = fd;
    }
}

void
jd_attach_drop (struct jd_attach *a, size_t index)
{
  struct jd_client *c = &a->clients[index];
  if (c->fd >= 0)
    close (c->fd);
  jd_buf_free (&c->in);
  jd_buf_free (&c->out);
  a->clients[index] = a->clients[a->n_clients - 1];
  a->n_clients--;
}

/* Writes what the socket takes now. Returns -1 when the peer is gone. */
static int
flush_client (struct jd_client *c)
{
  while (c->out.len > 0)
    {
      ssize_t n = send (c->fd, c->out.data, c->out.len, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return errno == EAGAIN ? 0 : -1;
      jd_buf_consume (&c->out, (size_t) n);
    }
  return 0;
}

/* The peer is gone or reads no more. Its socket stays open until the loop has read what the peer sent before:
 * a control connection (resize, start) writes one frame and closes at once, and output broadcast to it in the
 * meantime must not make the monitor drop that frame unread. */
static void
stop_writing (struct jd_client *c)
{
  c->write_closed = 1;
  jd_buf_free (&c->out);
}

/* Queues a frame; a client whose buffer would pass JD_CLIENT_BUFFER_MAX (a reader too slow) is marked for
 * dropping (fd = -1). */
static void
queue (struct jd_client *c, int type, const void *data, size_t len)
{
  unsigned char hdr[5] = { (unsigned char) type, (unsigned char) (len >> 24), (unsigned char) (len >> 16),
                           (unsigned char) (len >> 8), (unsigned char) len };
  if (c->fd < 0 || c->write_closed || (c->no_output && (type == JD_FRAME_STDOUT || type == JD_FRAME_STDERR)))
    return;
  if (c->out.len + len + 5 > JD_CLIENT_BUFFER_MAX || jd_buf_append (&c->out, hdr, 5) < 0
      || jd_buf_append (&c->out, data, len) < 0)
    {
      close (c->fd);
      c->fd = -1;
    }
  else if (flush_client (c) < 0)
    stop_writing (c);
}

/* Drops the clients marked dead by queue(); called by the loop, never while a client is being served. */
void
jd_attach_sweep (struct jd_attach *a)
{
  for (size_t i = a->n_clients; i-- > 0;)
    if (a->clients[i].fd < 0)
      jd_attach_drop (a, i);
}

void
jd_attach_send (struct jd_client *c, int type, const void *data, size_t len)
{
  queue (c, type, data, len);
}

void
jd_attach_flush (struct jd_client *c)
{
  if (c->fd >= 0 && flush_client (c) < 0)
    stop_writing (c);
}

void
jd_attach_broadcast (struct jd_attach *a, int type, const void *data, size_t len)
{
  for (size_t i = 0; i < a->n_clients; i++)
    queue (&a->clients[i], type, data, len);
}

static long long
now_ms (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* 1 while a reading client has JD_CLIENT_BUFFER_HIGH bytes or more queued: the loop stops reading output. */
int
jd_attach_backlogged (const struct jd_attach *a)
{
  for (size_t i = 0; i < a->n_clients; i++)
    if (a->clients[i].fd >= 0 && !a->clients[i].write_closed && a->clients[i].out.len >= JD_CLIENT_BUFFER_HIGH)
      return 1;
  return 0;
}

/* Flushes until every client has fewer than BELOW bytes queued (1), or until none has taken a byte for STALL_MS
 * (0): a slow reader gets everything, a stuck one does not hold the monitor. */
int
jd_attach_wait_writable (struct jd_attach *a, size_t below, int stall_ms)
{
  long long deadline = now_ms () + stall_ms;
  for (;;)
    {
      int waiting = 0, progressed = 0;
      for (size_t i = 0; i < a->n_clients; i++)
        {
          struct jd_client *c = &a->clients[i];
          size_t before = c->out.len;
          if (c->fd >= 0 && flush_client (c) < 0)
            stop_writing (c);
          progressed |= c->out.len < before;
          if (c->fd >= 0 && c->out.len > 0 && c->out.len >= below)
            waiting = 1;
        }
      if (!waiting)
        return 1;
      if (progressed)
        deadline = now_ms () + stall_ms;
      long long left = deadline - now_ms ();
      if (left <= 0)
        return 0;
      struct pollfd *p = calloc (a->n_clients, sizeof (*p));
      if (p == NULL)
        return 0;
      for (size_t i = 0; i < a->n_clients; i++)
        p[i] = (struct pollfd){ .fd = a->clients[i].out.len >= below && a->clients[i].out.len > 0 ? a->clients[i].fd : -1,
                                .events = POLLOUT };
      poll (p, a->n_clients, (int) left);
      free (p);
    }
}

void
jd_attach_flush_all (struct jd_attach *a, int stall_ms)
{
  jd_attach_wait_writable (a, 1, stall_ms);
}

void
jd_attach_close (struct jd_attach *a)
{
  while (a->n_clients > 0)
    jd_attach_drop (a, a->n_clients - 1);
  free (a->clients);
  if (a->listen_fd >= 0)
    close (a->listen_fd);
  if (a->path)
    unlink (a->path);
  free (a->path);
  memset (a, 0, sizeof (*a));
  a->listen_fd = -1;
}

int
jd_attach_read (struct jd_monitor *m, size_t index)
{
  char buf[16384];
  struct jd_client *c = &m->attach.clients[index];
  ssize_t n = recv (c->fd, buf, sizeof (buf), MSG_DONTWAIT);
  if (n < 0 && (errno == EAGAIN || errno == EINTR))
    return 0;
  if (n <= 0 || jd_buf_append (&c->in, buf, (size_t) n) < 0)
    return -1;
  while (c->fd >= 0 && c->in.len >= 5)
    {
      const unsigned char *h = (const unsigned char *) c->in.data;
      size_t len = ((size_t) h[1] << 24) | ((size_t) h[2] << 16) | ((size_t) h[3] << 8) | h[4];
      if (len > JD_FRAME_PAYLOAD_MAX)
        return -1;
      if (c->in.len < len + 5)
        break;
      jd_monitor_frame (m, c, h[0], c->in.data + 5, len); /* never drops clients: only marks them */
      jd_buf_consume (&c->in, len + 5);
    }
  return 0;
}
