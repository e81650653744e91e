/* The container's stdio: pipes (stdin only with openStdin) or a pty. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "../common/utils.h"
#include "monitor.h"

int
jd_stdio_resize (int master, unsigned short height, unsigned short width)
{
  struct winsize ws = { .ws_row = height, .ws_col = width };
  if (height == 0 || width == 0)
    return 0;
  return ioctl (master, TIOCSWINSZ, &ws);
}

static int
create_pty (const struct jd_spec *spec, struct jd_stdio *io, struct jd_error **err)
{
  io->master = posix_openpt (O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (io->master < 0)
    return jd_make_error (err, errno, "posix_openpt");
  if (grantpt (io->master) < 0 || unlockpt (io->master) < 0)
    return jd_make_error (err, errno, "unlockpt");
  const char *name = ptsname (io->master);
  if (name == NULL || (io->slave_path = strdup (name)) == NULL)
    return jd_make_error (err, errno, "ptsname");
  if (jd_stdio_resize (io->master, spec->console_height, spec->console_width) < 0)
    return jd_make_error (err, errno, "set console size");
  return 0;
}

int
jd_stdio_create (const struct jd_spec *spec, struct jd_stdio *io, struct jd_error **err)
{
  int p[2];
  memset (io, 0, sizeof (*io));
  io->in_r = io->in_w = io->out_r = io->out_w = io->err_r = io->err_w = io->master = -1;
  if (spec->tty)
    return create_pty (spec, io, err);
  if (pipe2 (p, O_CLOEXEC) < 0)
    return jd_make_error (err, errno, "pipe");
  io->out_r = p[0], io->out_w = p[1];
  if (pipe2 (p, O_CLOEXEC) < 0)
    return jd_make_error (err, errno, "pipe");
  io->err_r = p[0], io->err_w = p[1];
  if (spec->open_stdin)
    {
      if (pipe2 (p, O_CLOEXEC) < 0)
        return jd_make_error (err, errno, "pipe");
      io->in_r = p[0], io->in_w = p[1];
    }
  return 0;
}

/* In the container child: make the pty (as controlling terminal unless !CTTY) or the pipes fds 0, 1 and 2. */
int
jd_stdio_child (const struct jd_stdio *io, int ctty, struct jd_error **err)
{
  if (setsid () < 0)
    return jd_make_error (err, errno, "setsid");
  if (io->slave_path != NULL)
    {
      /* without O_NOCTTY a session leader with no terminal gets the one it opens: a CTTY 0 open would hold the
       * console for this session until the process exits, and its pid 1 taking it before then fails (EPERM) */
      cleanup_close int slave = open (io->slave_path, O_RDWR | O_CLOEXEC | (ctty ? 0 : O_NOCTTY));
      if (slave < 0 || (ctty && ioctl (slave, TIOCSCTTY, 0) < 0))
        return jd_make_error (err, errno, "open console `%s`", io->slave_path);
      for (int fd = 0; fd < 3; fd++)
        if (dup2 (slave, fd) < 0)
          return jd_make_error (err, errno, "dup2 console");
      return 0;
    }
  cleanup_close int devnull = -1;
  int in = io->in_r;
  if (in < 0)
    {
      devnull = open ("/dev/null", O_RDONLY | O_CLOEXEC);
      in = devnull;
    }
  if (in < 0 || dup2 (in, 0) < 0 || dup2 (io->out_w, 1) < 0 || dup2 (io->err_w, 2) < 0)
    return jd_make_error (err, errno, "dup2 stdio");
  return 0;
}

static int
nonblock (int fd)
{
  int flags = fcntl (fd, F_GETFL);
  return flags < 0 ? -1 : fcntl (fd, F_SETFL, flags | O_NONBLOCK);
}

/* In the monitor after clone: keep our ends, close the child's. */
void
jd_stdio_parent (struct jd_stdio *io, struct jd_monitor *m)
{
  if (io->master >= 0)
    {
      nonblock (io->master);
      m->out_fd = io->master;
      m->in_fd = dup (io->master);
      m->err_fd = -1;
      if (m->in_fd >= 0)
        fcntl (m->in_fd, F_SETFD, FD_CLOEXEC);
      return;
    }
  close (io->out_w);
  close (io->err_w);
  if (io->in_r >= 0)
    close (io->in_r);
  m->out_fd = io->out_r;
  m->err_fd = io->err_r;
  /* best effort: a smaller pipe only makes a fast writer wait more often */
  fcntl (m->out_fd, F_SETPIPE_SZ, JD_OUTPUT_PIPE_SIZE);
  fcntl (m->err_fd, F_SETPIPE_SZ, JD_OUTPUT_PIPE_SIZE);
  m->in_fd = io->in_w;
  nonblock (m->out_fd);
  nonblock (m->err_fd);
  if (m->in_fd >= 0)
    nonblock (m->in_fd);
}
