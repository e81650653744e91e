/* The container init: runs in the cloned child (pid 1 of its pid namespace) and ends in execve. The order of
 * the steps follows runc/crun: namespaces, rootfs, pivot_root, masked/read-only paths, hostname, user lookup in
 * the container, rlimits, seccomp (early when no_new_privs is off), user + capabilities, fds, cwd, exec. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../common/cgroup.h"
#include "../common/sync.h"
#include "../common/utils.h"
#include "init.h"

#ifndef SYS_close_range
#define SYS_close_range 436
#endif
#define JD_CLOSE_RANGE_CLOEXEC (1U << 2)
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

static void
send_error (int sync_fd, int type, const struct jd_error *err)
{
  struct jd_sync_msg msg = { .type = type, .status = err ? err->status : EIO };
  const char *text = err && err->msg ? err->msg : "container init failed";
  /* exec errors already carry Docker's full text; others get the errno text appended, crun style */
  if (type == JD_SYNC_ERROR && msg.status != 0)
    snprintf (msg.msg, sizeof (msg.msg), "%s: %s", text, strerror (msg.status));
  else
    snprintf (msg.msg, sizeof (msg.msg), "%s", text);
  if (send (sync_fd, &msg, sizeof (msg), MSG_NOSIGNAL) < 0)
    _exit (1);
}

static int
ns_flag (const char *type)
{
  static const struct
  {
    const char *name;
    int flag;
  } map[] = { { "pid", CLONE_NEWPID }, { "mnt", CLONE_NEWNS },   { "uts", CLONE_NEWUTS },
              { "ipc", CLONE_NEWIPC }, { "net", CLONE_NEWNET }, { "cgroup", CLONE_NEWCGROUP } };
  for (size_t i = 0; i < sizeof (map) / sizeof (map[0]); i++)
    if (strcmp (map[i].name, type) == 0)
      return map[i].flag;
  return 0;
}

/* The first sysctl of the spec that lives in a namespace of this type (net, ipc or uts), or NULL. */
static const char *
sysctl_of_type (const struct jd_spec *spec, const char *type)
{
  for (size_t i = 0; i < spec->n_sysctls; i++)
    {
      const char *k = spec->sysctl_keys[i];
      const char *t = strncmp (k, "net.", 4) == 0                                              ? "net"
                      : strcmp (k, "kernel.domainname") == 0 || strcmp (k, "kernel.hostname") == 0 ? "uts"
                                                                                                   : "ipc";
      if (strcmp (t, type) == 0)
        return k;
    }
  return NULL;
}

static int
same_inode (const struct stat *a, const struct stat *b)
{
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* A namespace joined by path must not be the host's when a sysctl is to be written into it. The daemon checks this
 * at create and start, but the process it named may have exited and its pid been reused since: this is the check
 * on the namespace actually opened (runc's wording). "The host's" is ours before any join (the monitor's, which are
 * the daemon's) or pid 1's. */
static int
refuse_host_namespace (const struct jd_spec *spec, const char *type, int fd, const struct stat *ours,
                       struct jd_error **err)
{
  const char *key = sysctl_of_type (spec, type);
  if (key == NULL)
    return 0;
  char path[64];
  struct stat joined, init;
  snprintf (path, sizeof (path), "/proc/1/ns/%s", type);
  if (fstat (fd, &joined) < 0)
    return jd_make_error (err, errno, "stat %s namespace", type);
  if (!same_inode (&joined, ours) && !(stat (path, &init) == 0 && same_inode (&joined, &init)))
    return 0;
  if (strcmp (type, "net") == 0)
    return jd_make_error (err, 0, "sysctl \"%s\" not allowed in host network namespace", key);
  if (strcmp (type, "ipc") == 0)
    return jd_make_error (err, 0, "sysctl \"%s\" is not allowed in the hosts ipc namespace", key);
  return jd_make_error (err, 0, "sysctl \"%s\" is not in a separate kernel namespace", key);
}

/* Opens the namespaces given by path (pid: joined by the monitor) into NSFDS (per spec entry, -1 for none): before a
 * user namespace is entered, since the paths may lie in the daemon's directories, closed to the mapped root. */
static int
open_namespaces (const struct jd_spec *spec, int *nsfds, struct jd_error **err)
{
  for (size_t i = 0; i < spec->n_namespaces; i++)
    nsfds[i] = -1;
  for (size_t i = 0; i < spec->n_namespaces; i++)
    {
      const struct jd_namespace *ns = &spec->namespaces[i];
      if (ns->path == NULL || strcmp (ns->type, "pid") == 0)
        continue;
      nsfds[i] = open (ns->path, O_RDONLY | O_CLOEXEC);
      if (nsfds[i] < 0)
        return jd_make_error (err, errno, "open namespace `%s`", ns->path);
    }
  return 0;
}

static void
close_namespaces (const struct jd_spec *spec, int *nsfds)
{
  for (size_t i = 0; nsfds != NULL && i < spec->n_namespaces; i++)
    if (nsfds[i] >= 0)
      close (nsfds[i]);
}

/* Joins the namespaces given by path (NSFDS from open_namespaces; pid was joined by the monitor before clone) and
 * unshares the cgroup namespace, now that this process joined the container's cgroups. */
static int
enter_namespaces (const struct jd_spec *spec, const int *nsfds, int locked, struct jd_error **err)
{
  static const char *const checked[] = { "net", "ipc", "uts" };
  struct stat ours[3];
  for (size_t t = 0; t < 3; t++)
    {
      char path[64];
      snprintf (path, sizeof (path), "/proc/self/ns/%s", checked[t]);
      if (stat (path, &ours[t]) < 0) /* before any join: this view of /proc is the host's */
        return jd_make_error (err, errno, "stat `%s`", path);
    }
  for (size_t i = 0; i < spec->n_namespaces; i++)
    {
      const struct jd_namespace *ns = &spec->namespaces[i];
      if (ns->path == NULL || strcmp (ns->type, "pid") == 0)
        continue;
      int fd = nsfds[i];
      for (size_t t = 0; t < 3; t++)
        if (strcmp (ns->type, checked[t]) == 0 && refuse_host_namespace (spec, checked[t], fd, &ours[t], err) < 0)
          return -1;
      if (setns (fd, ns_flag (ns->type)) < 0)
        return jd_make_error (err, errno, "join %s namespace `%s`", ns->type, ns->path);
    }
  /* in a user namespace the clone made none (and pid was split off already): those asked for are created now, owned
   * by it */
  int flags = 0;
  for (size_t i = 0; spec->userns.enabled && i < spec->n_namespaces; i++)
    {
      const struct jd_namespace *ns = &spec->namespaces[i];
      if (ns->path == NULL && strcmp (ns->type, "pid") != 0 && strcmp (ns->type, "cgroup") != 0)
        flags |= ns_flag (ns->type);
    }
  if (locked) /* the mount namespace is copied after the helper's mounts (jd_userns_locked_root) */
    flags &= ~CLONE_NEWNS;
  if (flags != 0 && unshare (flags) < 0)
    return jd_make_error (err, errno, "unshare namespaces in the user namespace");
  const struct jd_namespace *cg = jd_spec_namespace (spec, "cgroup");
  if (cg != NULL && cg->path == NULL && unshare (CLONE_NEWCGROUP) < 0)
    return jd_make_error (err, errno, "unshare cgroup namespace");
  return 0;
}

static int
is_new_ns (const struct jd_spec *spec, const char *type)
{
  const struct jd_namespace *ns = jd_spec_namespace (spec, type);
  return ns != NULL && ns->path == NULL;
}

/* The env for execve: the spec's env plus HOME from passwd when the spec has none. */
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
enter_cwd (const char *cwd, struct jd_error **err)
{
  if (jd_mkdir_p (cwd, 0755, err) < 0)
    return -1;
  if (chdir (cwd) < 0)
    return jd_make_error (err, errno, "chdir to cwd (\"%s\") set in config.json failed", cwd);
  return 0;
}

/* Whether the mounts are made on the host's side and locked in the user namespace (jd_userns_lock_mounts): every
 * container in a user namespace with a mount namespace of its own. */
static int
locked_mounts (const struct jd_spec *spec)
{
  return spec->userns.enabled && is_new_ns (spec, "mnt");
}

/* net.* sysctls of a new network namespace may name the interfaces the daemon attaches before START (eth0): they,
 * and what follows them in after_pivot (/proc/sys turns read-only), wait for GO. Not with locked mounts: the helper
 * writes them before it makes /proc/sys read-only, and a pod in a user namespace gets its interfaces after its
 * infra started (the CNI ADD in the kept netns), never before START. */
static int
paths_wait_for_go (const struct jd_spec *spec)
{
  return is_new_ns (spec, "net") && sysctl_of_type (spec, "net") != NULL && !locked_mounts (spec);
}

/* Masked and read-only paths (sysctls first; the helper's with locked mounts), hostname, user lookup, cwd. */
static int
after_pivot (const struct jd_spec *spec, struct jd_user *user, struct jd_error **err)
{
  if (!locked_mounts (spec) && jd_setup_paths_after_pivot (spec, err) < 0)
    return -1;
  if (spec->hostname && spec->hostname[0] && is_new_ns (spec, "uts")
      && sethostname (spec->hostname, strlen (spec->hostname)) < 0)
    return jd_make_error (err, errno, "sethostname");
  if (jd_resolve_user (spec->user, "/etc/passwd", "/etc/group", spec->image_groups, user, err) < 0)
    return -1;
  return enter_cwd (spec->cwd, err);
}

/* Whether the init makes its pid namespace inside the user namespace (sync 1's pid split, sync.h). */
static int
pid_split (const struct jd_spec *spec)
{
  return spec->userns.enabled && is_new_ns (spec, "pid");
}

static void
send_pid (int sync_fd, pid_t pid)
{
  struct jd_sync_msg msg = { .type = JD_SYNC_PID };
  snprintf (msg.msg, sizeof (msg.msg), "%d", (int) pid);
  if (send (sync_fd, &msg, sizeof (msg), MSG_NOSIGNAL) < 0)
    _exit (1);
}

/* sync 1. (pid split) As the user namespace's root: a new pid namespace, owned by it, whose pid 1 goes on here (a
 * child of the monitor); this process sends that pid and exits. */
static int
split_pid_namespace (int sync_fd, int tty, struct jd_error **err)
{
  pid_t pid = jd_userns_new_pidns (err);
  if (pid < 0)
    return -1;
  if (pid > 0)
    {
      send_pid (sync_fd, pid);
      _exit (0);
    }
  /* the parent death signal is not inherited: ours is the monitor's now (CLONE_PARENT); a monitor that died before
   * it was set closed the sync socket, which ends the wait for GO */
  prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  /* a session of its own, and the console (left free by the first process, jd_stdio_child) as its terminal */
  if (setsid () < 0 || (tty && ioctl (0, TIOCSCTTY, 0) < 0))
    return jd_make_error (err, errno, "take the console");
  return 0;
}

/* Waits until the helper PID has exited: reaped when it is this process's child, else through PIDFD (-1: not). */
static void
wait_helper (pid_t pid, int pidfd)
{
  pid_t r;
  while ((r = waitpid (pid, NULL, 0)) < 0 && errno == EINTR)
    ;
  if (r == pid || pidfd < 0)
    return;
  struct pollfd p = { .fd = pidfd, .events = POLLIN };
  while (poll (&p, 1, -1) < 0 && errno == EINTR)
    ;
}

/* Before GO, while the daemon attaches the networks: rlimits, the seccomp filter's loading, namespaces, the rootfs,
 * pivot_root, masked and read-only paths, hostname, user lookup and cwd; the slow part of a start (mounts). None of
 * it needs the network interfaces or the content of the files the daemon writes before START (hosts and
 * resolv.conf are written in place under their bind mounts). What needs host root or the host's paths comes first:
 * with a user namespace, the idmapped mounts are made before it is entered (userns.c). */
static int
prepare (const struct jd_spec *spec, const char *console, int userns_fd, int sync_fd, struct jd_user *user,
         int *last_cap, void **seccomp, struct jd_error **err)
{
  struct jd_premounts pre = { .root_fd = -1 };
  int r = -1, locked = locked_mounts (spec), lock_fd = -1;
  pid_t mounter = -1;
  cleanup_close int mounter_fd = -1;
  if ((*last_cap = jd_read_last_cap (err)) < 0 || jd_set_rlimits (spec, err) < 0
      || jd_set_oom_score_adj (spec, err) < 0)
    return -1;
  if (spec->seccomp && jd_load_seccomp (spec->seccomp, seccomp, err) < 0)
    return -1;
  cleanup_free int *nsfds = malloc ((spec->n_namespaces + 1) * sizeof (int));
  if (nsfds == NULL)
    return jd_make_error (err, ENOMEM, "namespaces");
  if (open_namespaces (spec, nsfds, err) < 0)
    goto out;
  if (spec->userns.enabled && jd_userns_host_mounts (spec, userns_fd, &pre, err) < 0)
    goto out;
  if (locked && (mounter = jd_userns_lock_mounts (spec, console, &pre, userns_fd, sync_fd, &lock_fd, err)) < 0)
    goto out;
  if (mounter > 0) /* inherited by the pid split's pid 1, which is no parent of the helper's */
    mounter_fd = (int) syscall (SYS_pidfd_open, mounter, 0);
  if (spec->userns.enabled && jd_userns_enter (userns_fd, err) < 0)
    goto out;
  if (pid_split (spec) && split_pid_namespace (sync_fd, spec->tty, err) < 0)
    goto out;
  if (enter_namespaces (spec, nsfds, locked, err) < 0)
    goto out;
  if (is_new_ns (spec, "net") && jd_loopback_up (err) < 0)
    goto out;
  if (locked ? jd_userns_locked_root (lock_fd, &pre, err) < 0
             : jd_setup_rootfs (spec, console, &pre, err) < 0 || jd_pivot_root (spec, &pre, err) < 0)
    goto out;
  r = paths_wait_for_go (spec) ? 0 : after_pivot (spec, user, err);
out:
  close_namespaces (spec, nsfds);
  jd_premounts_close (&pre);
  /* the helper ends with its socket. After the pid split it is no child of this process: the monitor, the subreaper,
   * reaps it, and its exit is waited for through its pidfd, so that it never exits (a SIGCHLD at the monitor) while
   * this process execs and its command runs */
  if (lock_fd >= 0)
    close (lock_fd);
  if (mounter > 0)
    wait_helper (mounter, mounter_fd);
  return r;
}

/* sync 4's JD_SYNC_USER, when the spec asks: the identity the process starts with (ContainerStatus.user). A report
 * that does not fit one message (hundreds of groups) is not sent; the container starts all the same. */
static void
report_user (const struct jd_spec *spec, const struct jd_user *user, int sync_fd)
{
  struct jd_sync_msg msg = { .type = JD_SYNC_USER };
  size_t n;
  struct jd_error *err = NULL;
  cleanup_free gid_t *groups = jd_user_groups (spec, user, &n, &err);
  if (groups == NULL)
    {
      jd_error_release (&err);
      return;
    }
  if (jd_format_user_report (user->uid, user->gid, groups, n, msg.msg, sizeof (msg.msg)) >= 0
      && send (sync_fd, &msg, sizeof (msg), MSG_NOSIGNAL) < 0)
    _exit (1);
}

/* After GO, up to (not including) execve: after_pivot when it waited for net.* sysctls, then AppArmor, seccomp,
 * credentials and capabilities last, so that nothing the container's profile forbids runs before GO. */
static int
finish (const struct jd_spec *spec, struct jd_user *user, int last_cap, void **seccomp, int sync_fd,
        struct jd_error **err)
{
  if (paths_wait_for_go (spec) && after_pivot (spec, user, err) < 0)
    return -1;
  /* runc's order: the AppArmor profile (taking effect at execve), with /proc the container's, before seccomp and the
   * credentials */
  if (jd_apply_apparmor (spec->apparmor, err) < 0)
    return -1;
  umask (0022);
  if (*seccomp && !spec->no_new_privs && jd_apply_seccomp (*seccomp, err) < 0)
    return -1;
  if (jd_set_user_and_caps (spec, user, last_cap, err) < 0)
    return -1;
  if (spec->report_user)
    report_user (spec, user, sync_fd);
  if (syscall (SYS_close_range, 3, ~0U, JD_CLOSE_RANGE_CLOEXEC) < 0)
    return jd_make_error (err, errno, "close_range");
  if (spec->no_new_privs && prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
    return jd_make_error (err, errno, "PR_SET_NO_NEW_PRIVS");
  return 0;
}

static void
reset_signals (void)
{
  sigset_t all;
  sigemptyset (&all);
  for (int sig = 1; sig < NSIG; sig++)
    signal (sig, SIG_DFL);
  sigprocmask (SIG_SETMASK, &all, NULL);
}

void
jd_container_init (const struct jd_spec *spec, int sync_fd, const char *console, const signed char *cgroup_kinds,
                   int userns_fd)
{
  struct jd_error *err = NULL;
  struct jd_sync_msg msg;
  struct jd_user user = { 0 };
  void *seccomp = NULL;

  reset_signals ();
  prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  prctl (PR_SET_NAME, JD_INIT_COMM, 0, 0, 0); /* until execve: how the monitor tells an exec from a death (sync.h) */
  umask (0);
  /* sync 1. join the cgroups while the monitor reports, then prepare while the daemon attaches the networks; a
   * failure is told when GO comes */
  int last_cap = 0;
  int prepared = jd_cgroup_join_self (spec->cgroup_procs, spec->n_cgroup_procs, cgroup_kinds, &err) < 0 ? -1
                 : prepare (spec, console, userns_fd, sync_fd, &user, &last_cap, &seccomp, &err);
  /* sync 1. (pid split) a failure before the split: this process is the one the monitor supervises */
  if (pid_split (spec) && getpid () != 1)
    send_pid (sync_fd, getpid ());
  /* sync 2. wait for GO: a client asked to start */
  if (recv (sync_fd, &msg, sizeof (msg), 0) <= 0 || msg.type != JD_SYNC_GO)
    _exit (1);
  prctl (PR_SET_PDEATHSIG, 0, 0, 0, 0);
  /* sync 3. any failure travels back as errno + text */
  if (prepared < 0 || finish (spec, &user, last_cap, &seccomp, sync_fd, &err) < 0)
    {
      send_error (sync_fd, JD_SYNC_ERROR, err);
      _exit (1);
    }
  char **env = build_env (spec, &user);
  if (env == NULL)
    {
      jd_make_error (&err, ENOMEM, "env");
      send_error (sync_fd, JD_SYNC_ERROR, err);
      _exit (1);
    }
  if (seccomp && spec->no_new_privs && jd_apply_seccomp (seccomp, &err) < 0)
    {
      send_error (sync_fd, JD_SYNC_ERROR, err);
      _exit (1);
    }
  /* sync 4. execve; the CLOEXEC sync socket closes on success */
  jd_exec (spec->args, env, &err);
  send_error (sync_fd, JD_SYNC_EXEC_ERROR, err);
  _exit (err && err->status == ENOENT ? 127 : 126);
}
