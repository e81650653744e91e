/* jdock-monitor <spec-file>
 *
 * The parent forks the monitor, relays its one-line report ("OK <container-pid> <monitor-pid>" or
 * "ERR <errno> <message>") to stdout and exits 0. The monitor detaches (setsid, subreaper, stdio on /dev/null),
 * creates the container process and supervises it until it exits (see sync.h for the handshake with the container
 * init). --probe-userns prints "OK" or "ERR <errno> <message>" (jd_userns_probe). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../common/cgroup.h"
#include "../common/sync.h"
#include "../common/utils.h"
#include "../exec/exec.h"
#include "../init/init.h"
#include "monitor.h"

static int
report (int fd, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));

static int
report (int fd, const char *fmt, ...)
{
  char line[1200];
  va_list ap;
  va_start (ap, fmt);
  int n = vsnprintf (line, sizeof (line) - 1, fmt, ap);
  va_end (ap);
  if (n < 0)
    return -1;
  if ((size_t) n >= sizeof (line) - 1)
    n = (int) sizeof (line) - 2;
  for (int i = 0; i < n; i++)
    if (line[i] == '\n')
      line[i] = ' ';
  line[n++] = '\n';
  return jd_write_all (fd, line, (size_t) n);
}

static int
write_pid_file (const char *rundir, struct jd_error **err)
{
  char path[4096], text[32];
  snprintf (path, sizeof (path), "%s/monitor.pid", rundir);
  int n = snprintf (text, sizeof (text), "%d\n", getpid ());
  return jd_write_run_file (path, text, (size_t) n, err);
}

static int
clone_flags (const struct jd_spec *spec, struct jd_error **err)
{
  int flags = 0;
  for (size_t i = 0; i < spec->n_namespaces; i++)
    {
      const struct jd_namespace *ns = &spec->namespaces[i];
      const char *t = ns->type;
      if (ns->path != NULL && strcmp (t, "pid") == 0)
        {
          /* joining a pid namespace applies to our children: do it here, before clone */
          cleanup_close int fd = open (ns->path, O_RDONLY | O_CLOEXEC);
          if (fd < 0 || setns (fd, CLONE_NEWPID) < 0)
            return jd_make_error (err, errno, "join pid namespace `%s`", ns->path);
          continue;
        }
      /* cgroup: unshared by the child after sync 2; in a user namespace the child makes them all inside it (pid
       * included: sync 1's pid split) */
      if (ns->path != NULL || strcmp (t, "cgroup") == 0 || spec->userns.enabled)
        continue;
      flags |= strcmp (t, "pid") == 0   ? CLONE_NEWPID
               : strcmp (t, "mnt") == 0 ? CLONE_NEWNS
               : strcmp (t, "uts") == 0 ? CLONE_NEWUTS
               : strcmp (t, "ipc") == 0 ? CLONE_NEWIPC
                                        : CLONE_NEWNET;
    }
  return flags;
}

/* Creates the container process; on return the child waits at sync 2. */
static int
create_container (struct jd_monitor *m, struct jd_error **err)
{
  const struct jd_spec *spec = m->spec;
  struct jd_stdio io;
  int sv[2];
  const struct jd_namespace *pidns = jd_spec_namespace (spec, "pid");
  int split = spec->userns.enabled && pidns != NULL && pidns->path == NULL; /* sync 1's pid split */
  int flags = clone_flags (spec, err);
  if (flags < 0 || jd_stdio_create (spec, &io, err) < 0)
    return -1;
  cleanup_close int userns_fd = spec->userns.enabled ? jd_userns_prepare (spec, err) : -1;
  if (spec->userns.enabled && userns_fd < 0)
    return -1;
  if (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
    return jd_make_error (err, errno, "socketpair");
  cleanup_free signed char *kinds = calloc (spec->n_cgroup_procs + 1, 1);
  if (kinds == NULL)
    return jd_make_error (err, ENOMEM, "cgroups");
  pid_t pid = jd_cgroup_clone (flags, spec->cgroup_procs, spec->n_cgroup_procs, kinds);
  if (pid < 0)
    return jd_make_error (err, errno, "clone");
  if (pid == 0)
    {
      struct jd_error *cerr = NULL;
      close (sv[0]);
      if (jd_stdio_child (&io, !split, &cerr) < 0)
        _exit (1);
      jd_container_init (spec, sv[1], io.slave_path, kinds, userns_fd);
    }
  close (sv[1]);
  m->sync_fd = sv[0];
  if (split && (pid = jd_userns_await_pid (sv[0], pid, err)) < 0)
    return -1;
  m->pid = pid;
  jd_stdio_parent (&io, m);
  free (io.slave_path);
  /* sync 1. the child joins its cgroups itself while this process reports */
  return 0;
}

static int
monitor_setup (struct jd_monitor *m, struct jd_error **err)
{
  const struct jd_spec *spec = m->spec;
  char path[4096];
  if (setsid () < 0 || prctl (PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
    return jd_make_error (err, errno, "detach monitor");
  if (write_pid_file (spec->rundir, err) < 0 || jd_monitor_setup_signals (m, err) < 0)
    return -1;
  if (jd_log_open (&m->log, spec->log_driver, spec->log_path, spec->log_max_size, spec->log_max_file, err) < 0)
    return -1;
  jd_log_set_compress (&m->log, spec->log_compress);
  if (jd_log_set_attrs (&m->log, spec->log_attrs, err) < 0)
    return -1;
  snprintf (path, sizeof (path), "%s/attach.sock", spec->rundir);
  if (jd_attach_listen (&m->attach, path, err) < 0)
    return -1;
  return create_container (m, err);
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
run_monitor (struct jd_spec *spec, int report_fd)
{
  struct jd_error *err = NULL;
  struct jd_monitor m = { .spec = spec, .sync_fd = -1, .out_fd = -1, .err_fd = -1, .in_fd = -1, .signal_fd = -1 };
  int devnull = open ("/dev/null", O_RDWR | O_CLOEXEC);
  for (int fd = 0; fd < 3 && devnull >= 0; fd++)
    dup2 (devnull, fd);
  if (chdir ("/") < 0) /* do not keep the launcher's cwd (a mount) busy */
    return 1;
  if (monitor_setup (&m, &err) < 0)
    {
      remove_run_files (spec); /* before the report: the caller may look for them as soon as it reads it */
      report (report_fd, "ERR %d %s", err->status, err->msg);
      return 1;
    }
  report (report_fd, "OK %d %d", m.pid, (int) getpid ());
  close (report_fd);
  int r = jd_monitor_loop (&m);
  remove_run_files (spec);
  return r;
}

static int
monitor_child (void *arg, int report_fd)
{
  return run_monitor ((struct jd_spec *) arg, report_fd);
}

int
main (int argc, char **argv)
{
  struct jd_spec spec;
  struct jd_error *err = NULL;
  if (argc == 3 && strcmp (argv[1], "--exec") == 0)
    return jd_exec_main (argv[2]);
  if (argc >= 3 && strcmp (argv[1], "--probe-userns") == 0)
    {
      if (jd_userns_probe (argv + 2, (size_t) (argc - 2), &err) < 0)
        printf ("ERR %d %s: %s\n", err->status, err->msg, strerror (err->status));
      else
        printf ("OK\n");
      return 0;
    }
  if (argc != 2)
    {
      fprintf (stderr, "usage: %s <spec-file> | --exec <exec-spec-file> | --probe-userns <dir>...\n", argv[0]);
      return 2;
    }
  if (jd_spec_parse_file (argv[1], &spec, &err) < 0 || jd_mkdir_p (spec.rundir, 0700, &err) < 0)
    {
      printf ("ERR %d %s\n", err->status, err->msg);
      return 0;
    }
  return jd_fork_and_relay_report (monitor_child, &spec, "monitor");
}
