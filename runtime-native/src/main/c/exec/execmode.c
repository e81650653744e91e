/* jdock-monitor --exec <spec-file>
 *
 * Like the container monitor (main.c): the parent forks a detached exec monitor and relays its one-line report
 * ("OK <exec-pid> <monitor-pid>" or "ERR <errno> <message>"). The exec monitor holds the exec's stdio (pipes or a
 * pty) on its own attach socket with the same frame protocol, writes no log (Docker does not log exec output) and
 * records the exit code in <bundle>/exit. It opens the container init's namespaces, joins its pid namespace (for
 * its children) and forks the exec process, which joins the rest after GO (see join.c). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../common/cgroup.h"
#include "../common/utils.h"
#include "../monitor/monitor.h"
#include "exec.h"

static void
close_all (int *fds, int n)
{
  for (int i = 0; i < n; i++)
    if (fds[i] >= 0)
      {
        close (fds[i]);
        fds[i] = -1;
      }
}

/* Opens /proc/<pid>/ns/<type> for every type in jd_exec_ns_order; then joins the pid namespace for our children. */
static int
open_namespaces (pid_t pid, int *fds, struct jd_error **err)
{
  for (int i = 0; i < JD_EXEC_N_NS; i++)
    fds[i] = -1;
  for (int i = 0; i < JD_EXEC_N_NS; i++)
    {
      char path[64];
      snprintf (path, sizeof (path), "/proc/%d/ns/%s", pid, jd_exec_ns_order[i]);
      fds[i] = open (path, O_RDONLY | O_CLOEXEC);
      if (fds[i] < 0 && errno == ENOENT && strcmp (jd_exec_ns_order[i], "cgroup") == 0)
        continue; /* no cgroup namespaces on this kernel */
      if (fds[i] < 0)
        {
          int saved = errno;
          close_all (fds, JD_EXEC_N_NS);
          if (saved == ENOENT)
            return jd_make_error (err, saved, "container process %d is gone", pid);
          return jd_make_error (err, saved, "open `%s`", path);
        }
    }
  for (int i = 0; i < JD_EXEC_N_NS; i++)
    if (strcmp (jd_exec_ns_order[i], "pid") == 0 && setns (fds[i], CLONE_NEWPID) < 0)
      {
        int saved = errno;
        close_all (fds, JD_EXEC_N_NS);
        return jd_make_error (err, saved, "join pid namespace of %d", pid);
      }
  return 0;
}

#ifndef TIOCGPTPEER
#define TIOCGPTPEER _IO ('T', 0x41)
#endif

/* A TTY from the container's own devpts (as runc does), so that ttyname() works inside: the master is dev/ptmx
 * inside the container's root (pty.c), the slave with TIOCGPTPEER, handed to the child as /proc/self/fd/<n>. */
static int
container_pty (const struct jd_spec *spec, pid_t target, struct jd_stdio *io, int *slave, struct jd_error **err)
{
  char path[64];
  int unlock = 0;
  memset (io, 0, sizeof (*io));
  io->in_r = io->in_w = io->out_r = io->out_w = io->err_r = io->err_w = -1;
  snprintf (path, sizeof (path), "/proc/%d/root", target);
  cleanup_close int root = open (path, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (root < 0)
    return jd_make_error (err, errno, "open `%s`", path);
  io->master = jd_open_container_ptmx (root, err);
  if (io->master < 0)
    return -1;
  if (ioctl (io->master, TIOCSPTLCK, &unlock) < 0)
    return jd_make_error (err, errno, "unlock pty");
  *slave = ioctl (io->master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (*slave < 0)
    return jd_make_error (err, errno, "open pty peer");
  if (asprintf (&io->slave_path, "/proc/self/fd/%d", *slave) < 0)
    return jd_make_error (err, ENOMEM, "pty");
  if (jd_stdio_resize (io->master, spec->console_height, spec->console_width) < 0)
    return jd_make_error (err, errno, "set console size");
  return 0;
}

/* Creates the exec process; on return it joins the container's cgroups and waits at sync 2 in its pid namespace. */
static int
create_exec (struct jd_monitor *m, pid_t target, struct jd_error **err)
{
  int nsfds[JD_EXEC_N_NS], sv[2];
  cleanup_close int slave = -1;
  struct jd_stdio io;
  if (m->spec->tty ? container_pty (m->spec, target, &io, &slave, err) < 0 : jd_stdio_create (m->spec, &io, err) < 0)
    return -1;
  if (open_namespaces (target, nsfds, err) < 0)
    return -1;
  if (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
    {
      close_all (nsfds, JD_EXEC_N_NS);
      return jd_make_error (err, errno, "socketpair");
    }
  /* the child joins the container's cgroups itself while this process reports (jd_cgroup_clone: the v2 one at
   * birth, the v1 ones through their tasks files), as the container's init does: a pid written to cgroup.procs
   * waited 8-20 ms for an RCU grace period on every exec */
  cleanup_free signed char *kinds = calloc (m->spec->n_cgroup_procs + 1, 1);
  if (kinds == NULL)
    {
      close_all (nsfds, JD_EXEC_N_NS);
      return jd_make_error (err, ENOMEM, "cgroups");
    }
  pid_t pid = jd_cgroup_clone (0, m->spec->cgroup_procs, m->spec->n_cgroup_procs, kinds);
  if (pid < 0)
    return jd_make_error (err, errno, "fork");
  if (pid == 0)
    {
      struct jd_error *cerr = NULL;
      close (sv[0]);
      if (jd_stdio_child (&io, 1, &cerr) < 0)
        _exit (1);
      jd_exec_process_init (m->spec, nsfds, sv[1], kinds);
    }
  close_all (nsfds, JD_EXEC_N_NS);
  close (sv[1]);
  m->sync_fd = sv[0];
  m->pid = pid;
  jd_stdio_parent (&io, m);
  free (io.slave_path);
  return 0;
}

static int
exec_setup (struct jd_monitor *m, pid_t target, struct jd_error **err)
{
  char path[4096], text[32];
  if (setsid () < 0 || prctl (PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
    return jd_make_error (err, errno, "detach exec monitor");
  snprintf (path, sizeof (path), "%s/monitor.pid", m->spec->rundir);
  int n = snprintf (text, sizeof (text), "%d\n", getpid ());
  if (jd_write_run_file (path, text, (size_t) n, err) < 0 || jd_monitor_setup_signals (m, err) < 0)
    return -1;
  if (jd_log_open (&m->log, "none", "", 0, 0, err) < 0)
    return -1;
  snprintf (path, sizeof (path), "%s/attach.sock", m->spec->rundir);
  if (jd_attach_listen (&m->attach, path, err) < 0)
    return -1;
  return create_exec (m, target, err);
}

static void
remove_run_files (const struct jd_spec *spec)
{
  char path[4096];
  snprintf (path, sizeof (path), "%s/monitor.pid", spec->rundir);
  unlink (path);
  snprintf (path, sizeof (path), "%s/attach.sock", spec->rundir);
  unlink (path);
}

static int
run_exec_monitor (struct jd_spec *spec, pid_t target, int report_fd)
{
  struct jd_error *err = NULL;
  struct jd_monitor m = { .spec = spec, .sync_fd = -1, .out_fd = -1, .err_fd = -1, .in_fd = -1, .signal_fd = -1 };
  char line[1200];
  int devnull = open ("/dev/null", O_RDWR | O_CLOEXEC);
  for (int fd = 0; fd < 3 && devnull >= 0; fd++)
    dup2 (devnull, fd);
  if (chdir ("/") < 0)
    return 1;
  if (exec_setup (&m, target, &err) < 0)
    {
      int n = snprintf (line, sizeof (line), "ERR %d %s", err->status, err->msg);
      for (int i = 0; i < n && i < (int) sizeof (line); i++)
        if (line[i] == '\n')
          line[i] = ' ';
      remove_run_files (spec); /* before the report: the caller may look for them as soon as it reads it */
      dprintf (report_fd, "%.*s\n", (int) sizeof (line) - 2, line);
      return 1;
    }
  dprintf (report_fd, "OK %d %d\n", m.pid, (int) getpid ());
  close (report_fd);
  int r = jd_monitor_loop (&m);
  remove_run_files (spec);
  return r;
}

struct exec_child_args
{
  struct jd_spec *spec;
  pid_t target;
};

static int
exec_child (void *arg, int report_fd)
{
  struct exec_child_args *a = arg;
  return run_exec_monitor (a->spec, a->target, report_fd);
}

int
jd_exec_main (const char *spec_path)
{
  struct jd_spec spec;
  struct jd_error *err = NULL;
  pid_t target;
  if (jd_exec_spec_parse_file (spec_path, &spec, &target, &err) < 0 || jd_mkdir_p (spec.rundir, 0700, &err) < 0)
    {
      printf ("ERR %d %s\n", err->status, err->msg);
      return 0;
    }
  struct exec_child_args args = { &spec, target };
  return jd_fork_and_relay_report (exec_child, &args, "exec monitor");
}
