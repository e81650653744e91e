/* The container's console (monitor/stdio.c). In sync 1's pid split the first process opens the console without
 * taking it (CTTY 0) and exits only after it sent its child's pid: the pid namespace's first process, its child,
 * must be able to make the console its controlling terminal while the first still lives. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../main/c/monitor/monitor.h"
#include "test.h"

enum
{
  TOOK = 0,
  CHILD_FAILED = 10,
  TTY_WRONG,
  SECOND_EPERM,
  SECOND_OTHER,
  SECOND_NO_TTY,
  ABNORMAL
};

static int
status_of (pid_t pid)
{
  int st;
  while (waitpid (pid, &st, 0) < 0)
    if (errno != EINTR)
      return ABNORMAL;
  return WIFEXITED (st) ? WEXITSTATUS (st) : ABNORMAL;
}

/* In a child with the console as stdio (CTTY as given): whether it has a controlling terminal as asked, then whether
 * a child of it in a session of its own takes the console while this one waits for it. */
static int
first_and_second (int ctty)
{
  struct jd_spec spec;
  struct jd_stdio io;
  struct jd_error *err = NULL;
  memset (&spec, 0, sizeof (spec));
  spec.tty = 1;
  if (jd_stdio_create (&spec, &io, &err) < 0)
    {
      jd_error_release (&err);
      return ABNORMAL;
    }
  pid_t first = fork ();
  if (first == 0)
    {
      if (jd_stdio_child (&io, ctty, &err) < 0)
        _exit (CHILD_FAILED);
      int tty = open ("/dev/tty", O_RDWR | O_CLOEXEC);
      if (ctty ? tty < 0 : (tty >= 0 || errno != ENXIO))
        _exit (TTY_WRONG);
      if (ctty)
        _exit (TOOK);
      pid_t second = fork ();
      if (second == 0)
        {
          if (setsid () < 0 || ioctl (0, TIOCSCTTY, 0) < 0)
            _exit (errno == EPERM ? SECOND_EPERM : SECOND_OTHER);
          _exit (open ("/dev/tty", O_RDWR | O_CLOEXEC) >= 0 ? TOOK : SECOND_NO_TTY);
        }
      _exit (second < 0 ? ABNORMAL : status_of (second));
    }
  close (io.master);
  free (io.slave_path);
  return first < 0 ? ABNORMAL : status_of (first);
}

int
main (void)
{
  CHECK (first_and_second (1) == TOOK);
  CHECK (first_and_second (0) == TOOK);
  return TEST_RESULT ();
}
