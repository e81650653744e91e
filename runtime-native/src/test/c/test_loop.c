/* The monitor's start result (monitor/loop.c, sync.h sync 4): STARTED precedes EXIT for a process that exec'd, however
 * the loop learns of its exit; a process that died before its execve is a start failure. A grandchild that holds a
 * copy of the init's sync socket end past the exec stands for the loop's race: its SIGCHLD handled before it saw the
 * socket's EOF (another child's SIGCHLD woke it; under load, 3-5 % of the starts of `true` in a user-namespace pod,
 * whose mounts' helper is reparented to the monitor). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../main/c/common/sync.h"
#include "../../main/c/monitor/monitor.h"
#include "test.h"

enum how
{
  EXEC_TRUE,     /* execve true: exits 0 at once */
  EXEC_SLEEP,    /* execve sleep 0.2 */
  EXIT_3,        /* _exit (3) before any exec */
  KILLED,        /* SIGKILL before any exec */
  SEND_ERROR,    /* sync 3: an error, then _exit (1) */
};

static void
sleep_ms (long ms)
{
  struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
  while (nanosleep (&ts, &ts) < 0 && errno == EINTR)
    ;
}

/* The container init of the test: waits for GO, then goes HOW; with HOLD a grandchild keeps the socket 300 ms. */
static void __attribute__ ((noreturn))
child (int sync_fd, enum how how, int hold)
{
  struct jd_sync_msg msg;
  sigset_t none;
  sigemptyset (&none);
  sigprocmask (SIG_SETMASK, &none, NULL);
  prctl (PR_SET_NAME, JD_INIT_COMM, 0, 0, 0);
  if (recv (sync_fd, &msg, sizeof (msg), 0) != (ssize_t) sizeof (msg) || msg.type != JD_SYNC_GO)
    _exit (99);
  if (hold && fork () == 0)
    {
      sleep_ms (300);
      _exit (0);
    }
  if (hold)
    sleep_ms (20); /* the holder is up (it has the socket since the fork anyway) */
  switch (how)
    {
    case EXEC_TRUE:
      execl ("/bin/true", "true", (char *) NULL);
      _exit (98);
    case EXEC_SLEEP:
      execl ("/bin/sleep", "sleep", "0.2", (char *) NULL);
      _exit (98);
    case EXIT_3:
      _exit (3);
    case KILLED:
      raise (SIGKILL);
      _exit (98);
    case SEND_ERROR:
      memset (&msg, 0, sizeof (msg));
      msg.type = JD_SYNC_ERROR;
      msg.status = EPERM;
      snprintf (msg.msg, sizeof (msg.msg), "mount: denied");
      send (sync_fd, &msg, sizeof (msg), MSG_NOSIGNAL);
      _exit (1);
    }
  _exit (97);
}

/* Runs the loop over a child that goes HOW (HOLD: see child) with a client that sent START; returns the frames that
 * client got, as "started", "failed:<code>|<message>", "exit:<payload>" joined by spaces (malloc'd). */
static char *
run (enum how how, int hold)
{
  char dir[] = "/tmp/jd-test-loop.XXXXXX", path[256];
  struct jd_spec spec;
  struct jd_error *err = NULL;
  struct jd_monitor m;
  int sv[2];
  if (mkdtemp (dir) == NULL)
    return strdup ("mkdtemp");
  memset (&spec, 0, sizeof (spec));
  spec.bundle = dir;
  spec.rundir = dir;
  memset (&m, 0, sizeof (m));
  m.spec = &spec;
  m.sync_fd = m.out_fd = m.err_fd = m.in_fd = m.signal_fd = -1;
  m.attach.listen_fd = -1;
  snprintf (path, sizeof (path), "%s/attach.sock", dir);
  if (jd_monitor_setup_signals (&m, &err) < 0 || jd_log_open (&m.log, "none", NULL, 0, 0, &err) < 0
      || jd_attach_listen (&m.attach, path, &err) < 0)
    return strdup ("setup");
  if (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
    return strdup ("socketpair");
  pid_t pid = fork ();
  if (pid == 0)
    {
      close (sv[0]);
      child (sv[1], how, hold);
    }
  close (sv[1]);
  m.pid = pid;
  m.sync_fd = sv[0];
  int c = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct sockaddr_un sa = { .sun_family = AF_UNIX };
  memcpy (sa.sun_path, path, strlen (path) + 1); /* /tmp/jd-test-loop.XXXXXX/attach.sock: it fits */
  unsigned char start[5] = { JD_FRAME_START, 0, 0, 0, 0 };
  if (c < 0 || connect (c, (struct sockaddr *) &sa, sizeof (sa)) < 0 || write (c, start, 5) != 5)
    return strdup ("client");
  jd_monitor_loop (&m);
  close (m.signal_fd);
  free (m.exit_msg);
  size_t cap = 65536, have = 0;
  unsigned char *in = malloc (cap);
  ssize_t n;
  while (in != NULL && have < cap && (n = read (c, in + have, cap - have)) > 0)
    have += (size_t) n;
  close (c);
  char *out = calloc (1, 4096);
  for (size_t off = 0; in != NULL && out != NULL && off + 5 <= have;)
    {
      size_t len = ((size_t) in[off + 1] << 24) | ((size_t) in[off + 2] << 16) | ((size_t) in[off + 3] << 8)
                   | in[off + 4];
      char payload[1100];
      snprintf (payload, sizeof (payload), "%.*s", (int) (len < sizeof (payload) - 1 ? len : sizeof (payload) - 1),
                (const char *) in + off + 5);
      for (char *p = payload; *p; p++)
        if (*p == '\n')
          *p = '|';
      size_t used = strlen (out);
      const char *sep = used ? " " : "";
      if (in[off] == JD_FRAME_STARTED)
        snprintf (out + used, 4096 - used, "%sstarted", sep);
      else if (in[off] == JD_FRAME_START_FAILED)
        snprintf (out + used, 4096 - used, "%sfailed:%s", sep, payload);
      else if (in[off] == JD_FRAME_EXIT)
        snprintf (out + used, 4096 - used, "%sexit:%s", sep, payload);
      off += 5 + len;
    }
  free (in);
  snprintf (path, sizeof (path), "%s/exit", dir);
  unlink (path);
  snprintf (path, sizeof (path), "%s/attach.sock", dir);
  unlink (path);
  rmdir (dir);
  return out;
}

static void
check_run (enum how how, int hold, const char *want)
{
  char *got = run (how, hold);
  CHECK_STR (got, want);
  free (got);
}

int
main (void)
{
  for (int hold = 0; hold < 2; hold++)
    {
      /* exec'd and exited at once: STARTED first, however the exit was learnt (the race: EXIT alone, code 0) */
      for (int i = 0; i < 5; i++)
        check_run (EXEC_TRUE, hold, "started exit:0");
      check_run (EXEC_SLEEP, hold, "started exit:0");
      /* died before its exec: a start failure, never STARTED */
      check_run (EXIT_3, hold, "failed:3|container init exited with status 3 before exec exit:3|container init exited "
                               "with status 3 before exec");
      check_run (KILLED, hold, "failed:137|container init killed by signal 9 before exec exit:137|container init "
                               "killed by signal 9 before exec");
      check_run (SEND_ERROR, hold, "failed:128|mount: denied exit:128|mount: denied");
    }
  return TEST_RESULT ();
}
