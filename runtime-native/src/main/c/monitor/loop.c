/* The monitor's poll loop: container output -> log + attach clients, attach frames -> container, the sync
 * socket (start result), signals (SIGCHLD reaping as subreaper, SIGTERM/SIGINT/SIGHUP forwarded). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../common/sync.h"
#include "../common/utils.h"
#include "monitor.h"

#define READ_CHUNK 32768
/* After a poll that took OUTPUT_REST_MIN bytes of output or more, the output pipes rest OUTPUT_REST_NS before they
 * are polled again: a container that writes as fast as it can fills its pipe (JD_OUTPUT_PIPE_SIZE) meanwhile, and the
 * monitor takes that in a few large reads instead of waking for each of its writes (a wakeup, on both sides, costs
 * more than copying the bytes). Everything else (signals, stdin, clients) is served at once; output waits at most
 * that long, and only output that follows a burst. */
#define OUTPUT_REST_MIN 4096
#define OUTPUT_REST_NS 1000000L
/* how long a client that takes nothing may hold the monitor of an exited container (moby waits 2 s for streams) */
#define STALL_MS 2000

static void
close_fd (int *fd)
{
  if (*fd >= 0)
    close (*fd);
  *fd = -1;
}

static void
close_stdin (struct jd_monitor *m)
{
  if (m->stdin_buf.len > 0)
    {
      m->stdin_close_pending = 1;
      return;
    }
  if (m->spec->tty && m->in_fd >= 0)
    {
      char eot = 4; /* like docker: end-of-transmission on the terminal */
      write (m->in_fd, &eot, 1);
    }
  close_fd (&m->in_fd);
  m->stdin_close_pending = 0;
}

static void
flush_stdin (struct jd_monitor *m)
{
  while (m->in_fd >= 0 && m->stdin_buf.len > 0)
    {
      ssize_t n = write (m->in_fd, m->stdin_buf.data, m->stdin_buf.len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        return;
      if (n < 0)
        {
          jd_buf_free (&m->stdin_buf);
          close_fd (&m->in_fd);
          return;
        }
      jd_buf_consume (&m->stdin_buf, (size_t) n);
    }
  if (m->stdin_close_pending)
    close_stdin (m);
}

static void
send_go (struct jd_monitor *m)
{
  struct jd_sync_msg msg = { .type = JD_SYNC_GO };
  /* sync 2. let the child set up and exec */
  if (send (m->sync_fd, &msg, sizeof (msg), MSG_NOSIGNAL) < 0)
    return; /* the child is gone; SIGCHLD will tell */
  m->state = JD_STARTING;
}

/* STATE: where the container is in its life, so that a jdockd that lost its record (kill -9 between launch and
 * START, or right after START) adopts a running container and kills one that was never started */
static void
send_state (struct jd_monitor *m, struct jd_client *c)
{
  static const char *names[] = { "created", "starting", "running", "failed", "exited" };
  char when[48] = "-", buf[96];
  if (m->state == JD_RUNNING)
    jd_format_rfc3339nano (&m->started_at, when, sizeof (when));
  int n = snprintf (buf, sizeof (buf), "%s %d %s", names[m->state], (int) m->pid, when);
  jd_attach_send (c, JD_FRAME_STATE, buf, (size_t) n);
}

static void
reopen_log (struct jd_monitor *m, struct jd_client *c)
{
  struct jd_error *err = NULL;
  char buf[1100];
  int n = jd_log_reopen (&m->log, &err) == 0 ? snprintf (buf, sizeof (buf), "0")
          : err == NULL                       ? snprintf (buf, sizeof (buf), "%d reopen log", ENOMEM)
                                              : snprintf (buf, sizeof (buf), "%d %s", err->status, err->msg);
  jd_error_release (&err);
  jd_attach_send (c, JD_FRAME_LOG_REOPENED, buf, (size_t) (n < (int) sizeof (buf) ? n : (int) sizeof (buf) - 1));
}

/* LOG_AT: where the live log file ends at this point of the output (an attach with logs=1 replays the log up to
 * here and streams what follows: each line once). Output frames sent before it are in the file up to SIZE but for
 * the last "<partial>" bytes of each stream, an unterminated line still held (written when it ends); those after it
 * are not. "-" when no file is written (driver none). */
static void
send_log_at (struct jd_monitor *m, struct jd_client *c)
{
  struct stat st;
  char buf[128];
  int n;
  if (!m->log.enabled || m->log.fd < 0 || fstat (m->log.fd, &st) < 0)
    n = snprintf (buf, sizeof (buf), "-");
  else
    n = snprintf (buf, sizeof (buf), "%llu %llu %lld %zu %zu", (unsigned long long) st.st_dev,
                  (unsigned long long) st.st_ino, m->log.size, m->log.partial_len[0], m->log.partial_len[1]);
  jd_attach_send (c, JD_FRAME_LOG_AT, buf, (size_t) n);
}

void
jd_monitor_frame (struct jd_monitor *m, struct jd_client *c, int type, const char *payload, size_t len)
{
  char buf[32];
  unsigned h = 0, w = 0;
  switch (type)
    {
    case JD_FRAME_STDIN:
      c->sent_stdin = 1;
      if (m->in_fd >= 0 && !m->stdin_close_pending && jd_buf_append (&m->stdin_buf, payload, len) == 0)
        flush_stdin (m);
      break;
    case JD_FRAME_CLOSE_STDIN:
      close_stdin (m);
      break;
    case JD_FRAME_RESIZE:
      snprintf (buf, sizeof (buf), "%.*s", (int) (len < sizeof (buf) - 1 ? len : sizeof (buf) - 1), payload);
      if (m->spec->tty && m->out_fd >= 0 && sscanf (buf, "%u %u", &h, &w) == 2)
        jd_stdio_resize (m->out_fd, (unsigned short) h, (unsigned short) w);
      break;
    case JD_FRAME_START:
      if (m->state == JD_CREATED)
        send_go (m);
      else if (m->state == JD_RUNNING)
        {
          int n = snprintf (buf, sizeof (buf), "%d", m->pid);
          jd_attach_send (c, JD_FRAME_STARTED, buf, (size_t) n);
        }
      break;
    case JD_FRAME_STATUS:
      send_state (m, c);
      break;
    case JD_FRAME_REOPEN_LOG:
      reopen_log (m, c);
      break;
    case JD_FRAME_NO_OUTPUT:
      c->no_output = 1;
      break;
    case JD_FRAME_LOG_MARK:
      send_log_at (m, c);
      break;
    default:
      break;
    }
}

/* Reads what is there from *FD (up to a pipe's worth, while clients keep up); returns the bytes read, 0 when
 * nothing now, -1 at EOF (fd closed) with nothing read. */
static ssize_t
pump_output (struct jd_monitor *m, int *fd, int stream)
{
  static char buf[READ_CHUNK];
  struct jd_error *err = NULL;
  struct timespec now;
  ssize_t total = 0;
  for (;;)
    {
      ssize_t n = read (*fd, buf, sizeof (buf));
      if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return total;
      if (n <= 0) /* EOF, or EIO on a pty master whose slave is closed */
        {
          close_fd (fd);
          return total > 0 ? total : -1;
        }
      clock_gettime (CLOCK_REALTIME, &now);
      if (jd_log_write (&m->log, stream, buf, (size_t) n, &now, &err) < 0)
        jd_error_release (&err); /* a full disk must not stop the container */
      jd_attach_broadcast (&m->attach, stream == 2 ? JD_FRAME_STDERR : JD_FRAME_STDOUT, buf, (size_t) n);
      total += n;
      if (n < (ssize_t) sizeof (buf) || total >= JD_OUTPUT_PIPE_SIZE || jd_attach_backlogged (&m->attach))
        return total;
    }
}

/* What the exited container left in its pipes, to the log and the clients: a slow client is waited for while it
 * reads (STALL_MS without progress ends the wait; what follows may then pass its bound and drop it). */
static void
drain_output (struct jd_monitor *m)
{
  int waiting = 1;
  for (;;)
    {
      if (waiting && jd_attach_backlogged (&m->attach))
        waiting = jd_attach_wait_writable (&m->attach, JD_CLIENT_BUFFER_HIGH, STALL_MS);
      if (m->out_fd >= 0 && pump_output (m, &m->out_fd, 1) > 0)
        continue;
      if (m->err_fd >= 0 && pump_output (m, &m->err_fd, 2) > 0)
        continue;
      return;
    }
}

/* sync 4. the exec is done: STARTED */
static void
started (struct jd_monitor *m)
{
  char buf[32];
  int len = snprintf (buf, sizeof (buf), "%d", m->pid);
  clock_gettime (CLOCK_REALTIME, &m->started_at);
  m->state = JD_RUNNING;
  jd_attach_broadcast (&m->attach, JD_FRAME_STARTED, buf, (size_t) len);
}

/* Whether PID has a memory map (/proc/PID/exe). After the sync socket's EOF: it exec'd. An init that dies drops its
 * map before its descriptors (do_exit: exit_mm, then exit_files), and a zombie has none: then the reaping settles
 * the start (settle_start). Any other error than ENOENT counts as a map: a running container is never held back. */
static int
has_memory_map (pid_t pid)
{
  char path[64], target[8];
  snprintf (path, sizeof (path), "/proc/%d/exe", (int) pid);
  return readlink (path, target, sizeof (target)) >= 0 || errno != ENOENT;
}

/* One read of the sync socket: 0 when there was nothing to read, 1 otherwise. */
static int
handle_sync (struct jd_monitor *m)
{
  struct jd_sync_msg msg;
  char buf[1100];
  ssize_t n = recv (m->sync_fd, &msg, sizeof (msg), MSG_DONTWAIT);
  if (n < 0 && (errno == EAGAIN || errno == EINTR))
    return 0;
  if (n > 0 && msg.type == JD_SYNC_USER)
    {
      /* sync 4: the identity the process starts with, for ContainerStatus.user (unsynced: it is written again at
       * every start; a lost one only leaves the status without it) */
      struct jd_error *err = NULL;
      msg.msg[sizeof (msg.msg) - 1] = '\0';
      size_t len = strlen (msg.msg);
      msg.msg[len] = '\n';
      if (m->spec->report_user && snprintf (buf, sizeof (buf), "%s/user", m->spec->bundle) < (int) sizeof (buf)
          && jd_write_run_file (buf, msg.msg, len + 1, &err) < 0)
        jd_error_release (&err);
      return 1;
    }
  close_fd (&m->sync_fd);
  if (n <= 0)
    {
      /* sync 4. EOF: execve succeeded, when the process has a map of its own; else it is dying (or died: after an
       * exec, or before it), and its reaping tells which (settle_start) */
      if (m->state == JD_STARTING && has_memory_map (m->pid))
        started (m);
      return 1;
    }
  msg.msg[sizeof (msg.msg) - 1] = '\0';
  m->exit_code = msg.type == JD_SYNC_EXEC_ERROR ? (msg.status == ENOENT ? 127 : 126) : 128;
  free (m->exit_msg);
  m->exit_msg = strdup (msg.msg);
  m->state = JD_FAILED;
  int len = snprintf (buf, sizeof (buf), "%d\n%s", m->exit_code, msg.msg);
  jd_attach_broadcast (&m->attach, JD_FRAME_START_FAILED, buf, (size_t) len);
  return 1;
}

/* Whether the zombie PID exec'd: its comm is no longer the init's (sync.h JD_INIT_COMM; execve names it after the
 * basename it ran, which has no '/'). Unreadable: yes (the start is not failed on a guess). */
static int
zombie_execd (pid_t pid)
{
  char path[64], comm[32];
  snprintf (path, sizeof (path), "/proc/%d/comm", (int) pid);
  cleanup_close int fd = open (path, O_RDONLY | O_CLOEXEC);
  ssize_t n = fd < 0 ? -1 : read (fd, comm, sizeof (comm) - 1);
  if (n <= 0)
    return 1;
  comm[n] = '\0';
  comm[strcspn (comm, "\n")] = '\0';
  return strcmp (comm, JD_INIT_COMM) != 0;
}

/* The container's process exited while its start was not settled (JD_STARTING), before it is reaped: a SIGCHLD of
 * another child (a helper of the init, reparented to this subreaper) woke the loop after the sync socket's last look,
 * or another process still held a copy of the socket. What the socket holds comes first (a failure the init sent
 * before it exited, sync 3); then whether the zombie exec'd: STARTED (EXIT follows, as for any process that exec'd
 * and exited at once), or it died before its execve without a word (killed, or no GO): a start failure, as runc's
 * start of a container that stopped before its exec. */
static void
settle_start (struct jd_monitor *m)
{
  siginfo_t si;
  char buf[1200];
  memset (&si, 0, sizeof (si));
  if (waitid (P_PID, (id_t) m->pid, &si, WEXITED | WNOHANG | WNOWAIT) < 0 || si.si_pid != m->pid)
    return; /* still running (or not this process's child: the reaping below tells) */
  while (m->state == JD_STARTING && m->sync_fd >= 0 && handle_sync (m) > 0)
    ;
  if (m->state != JD_STARTING)
    return;
  if (zombie_execd (m->pid))
    {
      started (m);
      return;
    }
  int killed = si.si_code == CLD_KILLED || si.si_code == CLD_DUMPED;
  m->exit_code = killed ? 128 + si.si_status : si.si_status;
  int len = killed ? snprintf (buf, sizeof (buf), "container init killed by signal %d before exec", si.si_status)
                   : snprintf (buf, sizeof (buf), "container init exited with status %d before exec", si.si_status);
  free (m->exit_msg);
  m->exit_msg = strdup (buf);
  m->state = JD_FAILED;
  len = snprintf (buf, sizeof (buf), "%d\n%.*s", m->exit_code, len, m->exit_msg ? m->exit_msg : "");
  jd_attach_broadcast (&m->attach, JD_FRAME_START_FAILED, buf, (size_t) len);
}

static void
forward_signal (struct jd_monitor *m, int sig)
{
  if (m->state != JD_EXITED)
    kill (m->pid, m->state == JD_RUNNING ? sig : SIGKILL);
}

static void
reap (struct jd_monitor *m)
{
  int status;
  pid_t pid;
  if (m->state == JD_STARTING)
    settle_start (m);
  while ((pid = waitpid (-1, &status, WNOHANG)) > 0)
    {
      if (pid != m->pid)
        continue;
      if (m->state != JD_FAILED)
        m->exit_code = WIFSIGNALED (status) ? 128 + WTERMSIG (status) : WEXITSTATUS (status);
      m->state = JD_EXITED;
    }
}

static void
handle_signals (struct jd_monitor *m)
{
  struct signalfd_siginfo si;
  while (read (m->signal_fd, &si, sizeof (si)) == (ssize_t) sizeof (si))
    {
      if (si.ssi_signo == SIGCHLD)
        reap (m);
      else
        forward_signal (m, (int) si.ssi_signo);
    }
}

enum
{
  P_SIGNAL,
  P_SYNC,
  P_OUT,
  P_ERR,
  P_IN,
  P_LISTEN,
  P_CLIENTS
};

static void
serve_clients (struct jd_monitor *m, struct pollfd *fds, size_t n_clients)
{
  for (size_t i = 0; i < n_clients && i < m->attach.n_clients; i++)
    {
      struct jd_client *c = &m->attach.clients[i];
      if (c->fd < 0 || fds[i].fd != c->fd)
        continue;
      if ((fds[i].revents & (POLLIN | POLLHUP | POLLERR)) && jd_attach_read (m, i) < 0)
        {
          /* moby: only a non-TTY StdinOnce attach closes the container's stdin when it ends; a TTY attach
           * that ends (detach keys, client gone) leaves the shell running for the next attach */
          if (c->sent_stdin && m->spec->stdin_once && !m->spec->tty)
            close_stdin (m);
          close_fd (&c->fd);
        }
      else if (fds[i].revents & POLLOUT)
        jd_attach_flush (c);
    }
}

/* How long the output pipes still rest (see OUTPUT_REST_NS) into *LEFT; 0 when they do not. */
static int
output_resting (const struct jd_monitor *m, struct timespec *left)
{
  struct timespec now;
  if (m->output_rest.tv_sec == 0 && m->output_rest.tv_nsec == 0)
    return 0;
  clock_gettime (CLOCK_MONOTONIC, &now);
  long long ns = (m->output_rest.tv_sec - now.tv_sec) * 1000000000LL + (m->output_rest.tv_nsec - now.tv_nsec);
  if (ns <= 0)
    return 0;
  left->tv_sec = (time_t) (ns / 1000000000LL);
  left->tv_nsec = (long) (ns % 1000000000LL);
  return 1;
}

static void
rest_output (struct jd_monitor *m)
{
  clock_gettime (CLOCK_MONOTONIC, &m->output_rest);
  m->output_rest.tv_nsec += OUTPUT_REST_NS;
  if (m->output_rest.tv_nsec >= 1000000000L)
    {
      m->output_rest.tv_sec++;
      m->output_rest.tv_nsec -= 1000000000L;
    }
}

static int
poll_once (struct jd_monitor *m)
{
  size_t n = m->attach.n_clients;
  struct timespec left;
  struct pollfd *fds = calloc (P_CLIENTS + n, sizeof (struct pollfd));
  if (fds == NULL)
    return -1;
  int stdin_full = m->stdin_buf.len >= JD_CLIENT_BUFFER_MAX;
  int backlogged = jd_attach_backlogged (&m->attach); /* the container waits for its slowest attached reader */
  int resting = output_resting (m, &left);
  int skip_output = backlogged || resting;
  fds[P_SIGNAL] = (struct pollfd){ .fd = m->signal_fd, .events = POLLIN };
  fds[P_SYNC] = (struct pollfd){ .fd = m->sync_fd, .events = POLLIN };
  fds[P_OUT] = (struct pollfd){ .fd = skip_output ? -1 : m->out_fd, .events = POLLIN };
  fds[P_ERR] = (struct pollfd){ .fd = skip_output ? -1 : m->err_fd, .events = POLLIN };
  fds[P_IN] = (struct pollfd){ .fd = m->stdin_buf.len > 0 ? m->in_fd : -1, .events = POLLOUT };
  fds[P_LISTEN] = (struct pollfd){ .fd = m->attach.listen_fd, .events = POLLIN };
  for (size_t i = 0; i < n; i++)
    {
      struct jd_client *c = &m->attach.clients[i];
      fds[P_CLIENTS + i] = (struct pollfd){ .fd = c->fd,
                                            .events = (short) ((stdin_full ? 0 : POLLIN) | (c->out.len ? POLLOUT : 0)) };
    }
  if (ppoll (fds, P_CLIENTS + n, resting ? &left : NULL, NULL) < 0 && errno != EINTR)
    {
      free (fds);
      return -1;
    }
  if (fds[P_SYNC].revents) /* first: STARTED must precede the first output */
    handle_sync (m);
  ssize_t taken = 0, r;
  if (fds[P_OUT].revents && (r = pump_output (m, &m->out_fd, 1)) > 0)
    taken += r;
  if (fds[P_ERR].revents && (r = pump_output (m, &m->err_fd, 2)) > 0)
    taken += r;
  if (taken >= OUTPUT_REST_MIN)
    rest_output (m);
  if (fds[P_IN].revents)
    flush_stdin (m);
  serve_clients (m, fds + P_CLIENTS, n);
  if (fds[P_LISTEN].revents)
    jd_attach_accept (&m->attach);
  if (fds[P_SIGNAL].revents)
    handle_signals (m);
  jd_attach_sweep (&m->attach);
  free (fds);
  return 0;
}

static void
finish (struct jd_monitor *m)
{
  struct jd_error *err = NULL;
  struct timespec now;
  char buf[1200];
  drain_output (m);
  clock_gettime (CLOCK_REALTIME, &now);
  if (jd_log_flush (&m->log, &now, &err) < 0)
    jd_error_release (&err);
  jd_log_close (&m->log);
  /* the exit file comes first: it is how a restarted jdockd learns the status */
  if (jd_exit_write (m->spec, m->exit_code, jd_exit_oom_killed (m->spec), m->exit_msg, &err) < 0)
    jd_error_release (&err);
  int len = m->exit_msg ? snprintf (buf, sizeof (buf), "%d\n%s", m->exit_code, m->exit_msg)
                        : snprintf (buf, sizeof (buf), "%d", m->exit_code);
  jd_attach_broadcast (&m->attach, JD_FRAME_EXIT, buf, (size_t) (len < (int) sizeof (buf) ? len : (int) sizeof (buf) - 1));
  jd_attach_flush_all (&m->attach, STALL_MS);
  jd_attach_close (&m->attach);
  close_fd (&m->out_fd);
  close_fd (&m->err_fd);
  close_fd (&m->in_fd);
  close_fd (&m->sync_fd);
}

int
jd_monitor_loop (struct jd_monitor *m)
{
  while (m->state != JD_EXITED)
    if (poll_once (m) < 0)
      {
        kill (m->pid, SIGKILL);
        waitpid (m->pid, NULL, 0);
        m->exit_code = 137;
        m->state = JD_EXITED;
      }
  finish (m);
  return 0;
}

/* Blocks the signals the loop handles and opens its signalfd; SIGPIPE is ignored (clients may vanish). */
int
jd_monitor_setup_signals (struct jd_monitor *m, struct jd_error **err)
{
  sigset_t set;
  sigemptyset (&set);
  sigaddset (&set, SIGCHLD);
  sigaddset (&set, SIGTERM);
  sigaddset (&set, SIGINT);
  sigaddset (&set, SIGHUP);
  signal (SIGPIPE, SIG_IGN);
  if (sigprocmask (SIG_BLOCK, &set, NULL) < 0)
    return jd_make_error (err, errno, "sigprocmask");
  m->signal_fd = signalfd (-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
  return m->signal_fd < 0 ? jd_make_error (err, errno, "signalfd") : 0;
}
