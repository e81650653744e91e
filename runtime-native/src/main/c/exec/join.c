/* The exec process: created by the exec monitor inside the container's pid namespace, it joins the container's
 * other namespaces (runc's nsexec order: user, ipc, uts, net, [pid], mnt, cgroup), then applies the process attributes
 * as the container init does (user resolved in the container, rlimits, cwd, AppArmor, seccomp, user + capabilities)
 * and execs. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../common/cgroup.h"
#include "../common/sync.h"
#include "../common/utils.h"
#include "../init/init.h"
#include "exec.h"

#ifndef SYS_close_range
#define SYS_close_range 436
#endif
#define JD_CLOSE_RANGE_CLOEXEC (1U << 2)

static void
send_error (int sync_fd, int type, const struct jd_error *err)
{
  struct jd_sync_msg msg = { .type = type, .status = err ? err->status : EIO };
  const char *text = err && err->msg ? err->msg : "exec setup failed";
  if (type == JD_SYNC_ERROR && msg.status != 0)
    {
      char e[128];
      snprintf (e, sizeof (e), "%s", strerror (msg.status));
      if (e[0] >= 'A' && e[0] <= 'Z') /* Go's spelling, as runc prints it */
        e[0] = (char) (e[0] - 'A' + 'a');
      snprintf (msg.msg, sizeof (msg.msg), "%s: %s", text, e);
    }
  else
    snprintf (msg.msg, sizeof (msg.msg), "%s", text);
  send (sync_fd, &msg, sizeof (msg), MSG_NOSIGNAL);
}

static int
ns_flag (const char *type)
{
  return strcmp (type, "ipc") == 0   ? CLONE_NEWIPC
         : strcmp (type, "uts") == 0 ? CLONE_NEWUTS
         : strcmp (type, "net") == 0 ? CLONE_NEWNET
         : strcmp (type, "mnt") == 0 ? CLONE_NEWNS
                                     : CLONE_NEWCGROUP;
}

/* pid was joined by the monitor before fork (it applies to children); setns into mnt moves root and cwd to the
 * container's root. */
/* The container's user namespace when it is not ours (setns into one's own is EINVAL): entered as its root. */
static int
join_user_namespace (int fd, struct jd_error **err)
{
  struct stat theirs, ours;
  if (fstat (fd, &theirs) < 0 || stat ("/proc/self/ns/user", &ours) < 0)
    return jd_make_error (err, errno, "stat user namespace");
  if (theirs.st_dev == ours.st_dev && theirs.st_ino == ours.st_ino)
    return 0;
  return jd_userns_enter (fd, err);
}

static int
join_namespaces (const int *nsfds, struct jd_error **err)
{
  for (int i = 0; i < JD_EXEC_N_NS; i++)
    {
      const char *type = jd_exec_ns_order[i];
      if (nsfds[i] < 0 || strcmp (type, "pid") == 0)
        continue;
      if (strcmp (type, "user") == 0)
        {
          if (join_user_namespace (nsfds[i], err) < 0)
            return -1;
          close (nsfds[i]);
          continue;
        }
      if (setns (nsfds[i], ns_flag (type)) < 0)
        return jd_make_error (err, errno, "join %s namespace", type);
      close (nsfds[i]);
    }
  return 0;
}

/* The spec's env plus HOME from the container's passwd when the spec has none. */
static char **
build_env (const struct jd_spec *spec, const struct jd_user *user)
{
  int has_home = 0;
  char **env = calloc (spec->n_env + 2, sizeof (char *));
  if (env == NULL)
    return NULL;
  for (size_t i = 0; i < spec->n_env; i++)
    {
      env[i] = spec->env[i];
      has_home |= strncmp (spec->env[i], "HOME=", 5) == 0;
    }
  if (!has_home && asprintf (&env[spec->n_env], "HOME=%s", user->home ? user->home : "/") < 0)
    return NULL;
  return env;
}

static int
setup (const struct jd_spec *spec, const int *nsfds, struct jd_user *user, void **seccomp, struct jd_error **err)
{
  int last_cap = jd_read_last_cap (err);
  if (last_cap < 0)
    return -1;
  /* the BPF file is a host path: read it before entering the container's mounts */
  if (spec->seccomp && jd_load_seccomp (spec->seccomp, seccomp, err) < 0)
    return -1;
  /* rlimits and the container's oom_score_adj (runc gives an exec the container's) before the user namespace:
   * raising a hard limit or lowering the score needs host root */
  if (jd_set_rlimits (spec, err) < 0 || jd_set_oom_score_adj (spec, err) < 0 || join_namespaces (nsfds, err) < 0)
    return -1;
  if (jd_resolve_user (spec->user, "/etc/passwd", "/etc/group", spec->image_groups, user, err) < 0)
    return -1;
  if (chdir (spec->cwd) < 0)
    return jd_make_error (err, errno, "chdir to cwd (\"%s\") set in config.json failed", spec->cwd);
  /* the container's AppArmor profile, as runc gives an exec (in the container's mounts: its /proc) */
  if (jd_apply_apparmor (spec->apparmor, err) < 0)
    return -1;
  umask (0022);
  if (*seccomp && !spec->no_new_privs && jd_apply_seccomp (*seccomp, err) < 0)
    return -1;
  if (jd_set_user_and_caps (spec, user, last_cap, err) < 0)
    return -1;
  if (syscall (SYS_close_range, 3, ~0U, JD_CLOSE_RANGE_CLOEXEC) < 0)
    return jd_make_error (err, errno, "close_range");
  if (spec->no_new_privs && prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
    return jd_make_error (err, errno, "PR_SET_NO_NEW_PRIVS");
  return 0;
}

static void __attribute__ ((noreturn))
fail (int sync_fd, int type, struct jd_error *err)
{
  send_error (sync_fd, type, err);
  _exit (type == JD_SYNC_EXEC_ERROR ? (err && err->status == ENOENT ? 127 : 126) : 126);
}

void
jd_exec_process_init (const struct jd_spec *spec, const int *nsfds, int sync_fd, const signed char *cgroup_kinds)
{
  struct jd_error *err = NULL;
  struct jd_sync_msg msg;
  struct jd_user user = { 0 };
  void *seccomp = NULL;
  sigset_t all;

  sigemptyset (&all);
  for (int sig = 1; sig < NSIG; sig++)
    signal (sig, SIG_DFL);
  sigprocmask (SIG_SETMASK, &all, NULL);
  prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  prctl (PR_SET_NAME, JD_INIT_COMM, 0, 0, 0); /* until execve (sync.h) */
  /* sync 1. join the cgroups (in the host's mount namespace still) while the monitor reports */
  int joined = jd_cgroup_join_self (spec->cgroup_procs, spec->n_cgroup_procs, cgroup_kinds, &err);
  /* sync 2. wait for GO: a client asked to start */
  if (recv (sync_fd, &msg, sizeof (msg), 0) <= 0 || msg.type != JD_SYNC_GO)
    _exit (1);
  prctl (PR_SET_PDEATHSIG, 0, 0, 0, 0);
  if (joined < 0)
    fail (sync_fd, JD_SYNC_ERROR, err);
  if (setup (spec, nsfds, &user, &seccomp, &err) < 0)
    fail (sync_fd, JD_SYNC_ERROR, err);
  char **env = build_env (spec, &user);
  if (env == NULL)
    {
      jd_make_error (&err, ENOMEM, "env");
      fail (sync_fd, JD_SYNC_ERROR, err);
    }
  if (seccomp && spec->no_new_privs && jd_apply_seccomp (seccomp, &err) < 0)
    fail (sync_fd, JD_SYNC_ERROR, err);
  /* sync 4. execve; the CLOEXEC sync socket closes on success */
  jd_exec (spec->args, env, &err);
  fail (sync_fd, JD_SYNC_EXEC_ERROR, err);
}
