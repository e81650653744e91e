/* User namespaces (the spec's "userns" directive, Kubernetes' hostUsers: false).
 *
 * The monitor makes or opens the user namespace before it clones the init (jd_userns_prepare) and hands the init a
 * descriptor of it. The init then works in two phases, runc's and crun's order:
 *   host phase (still root on the host, in the host's mounts): the rootfs as a detached mount (an overlay over
 *     idmapped lower layers, or an idmapped bind of a root directory), every bind mount of the spec as a detached
 *     idmapped tree, the container's upper directory given to its root, cwd on the rootfs' mount point;
 *   jd_userns_enter: setns(user) first, then ids 0, so that the namespaces the init then creates (mount, UTS, IPC,
 *     network, cgroup) are owned by the user namespace and those it joins (the pod's) are reachable through it.
 * A new pid namespace is made there too, so that the user namespace owns it: a pid namespace takes its first process
 * from the one that unshared it, so the init unshares it and clones its pid 1 with CLONE_PARENT, a child of the
 * monitor (jd_userns_new_pidns; runc's nsexec stages), which goes on with the init's work while the first exits.
 * Host paths are only looked up in the host phase: the daemon's directories (0700, root's) are closed to the mapped
 * root. With a mount namespace of its own (every pod's container) the mounts are then attached by a helper that stays
 * host root, in a mount namespace the host's user namespace owns, and copied into the user namespace, which locks
 * them (jd_userns_lock_mounts, at the end). Without it, /proc is mounted inside, by the namespace's root, as any other
 * mount. Only a pid namespace the user namespace does not own (joined from a pod an older monitor started) gets its
 * /proc in the host phase (fsopen in that pid namespace), moved in like the binds. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../common/sync.h"
#include "../common/utils.h"
#include "init.h"
#include "mount_api.h"


/* A detached copy of the mount tree at PATH (only its top unless RECURSIVE), idmapped to USERNS_FD (not idmapped
 * when USERNS_FD is -1). */
static int
idmapped_tree (const char *path, int userns_fd, int recursive, struct jd_error **err)
{
  int rec = recursive ? AT_RECURSIVE : 0;
  int fd = (int) syscall (SYS_open_tree, AT_FDCWD, path, JD_OPEN_TREE_CLONE | O_CLOEXEC | rec);
  if (fd < 0)
    return jd_make_error (err, errno, "open_tree `%s`", path);
  if (userns_fd < 0)
    return fd;
  struct jd_mount_attr attr = { .attr_set = JD_MOUNT_ATTR_IDMAP, .userns_fd = (uint64_t) userns_fd };
  if (syscall (SYS_mount_setattr, fd, "", AT_EMPTY_PATH | rec, &attr, sizeof (attr)) < 0)
    {
      int saved = errno;
      close (fd);
      return jd_make_error (err, saved, "idmapped mount of `%s` (its file system must support idmapped mounts)",
                            path);
    }
  return fd;
}

/* The overlay, mounted here by host root (so that it reads the layers' trusted.overlay.* attributes) over lower
 * layers idmapped to the user namespace: image files owned by host root are the container root's. */
static int
idmapped_overlay_with (const struct jd_spec *spec, int fsfd, int *lowers, int userns_fd, struct jd_error **err)
{
  for (size_t i = 0; i < spec->n_lowers; i++)
    {
      char path[64];
      if ((lowers[i] = idmapped_tree (spec->lowers[i], userns_fd, 0, err)) < 0)
        return -1;
      snprintf (path, sizeof (path), "/proc/self/fd/%d", lowers[i]);
      if (syscall (SYS_fsconfig, fsfd, JD_FSCONFIG_SET_STRING, "lowerdir+", path, 0) < 0)
        return jd_make_error (err, errno, "overlay lower layer `%s`", spec->lowers[i]);
    }
  if (syscall (SYS_fsconfig, fsfd, JD_FSCONFIG_SET_STRING, "upperdir", spec->upper, 0) < 0
      || syscall (SYS_fsconfig, fsfd, JD_FSCONFIG_SET_STRING, "workdir", spec->work, 0) < 0
      || syscall (SYS_fsconfig, fsfd, JD_FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
    return jd_make_error (err, errno, "overlay over idmapped layers for `%s`", spec->rootfs_target);
  int mfd = (int) syscall (SYS_fsmount, fsfd, JD_FSMOUNT_CLOEXEC, 0);
  if (mfd < 0)
    return jd_make_error (err, errno, "fsmount overlay");
  return mfd;
}

/* The overlay, mounted here by host root (so that it reads the layers' trusted.overlay.* attributes) over lower
 * layers idmapped to the user namespace: image files owned by host root are the container root's. The detached
 * layers stay open until the overlay is made: it clones them then, and a closed one is no longer a mount. */
static int
idmapped_overlay (const struct jd_spec *spec, int userns_fd, struct jd_error **err)
{
  cleanup_close int fsfd = (int) syscall (SYS_fsopen, "overlay", JD_FSOPEN_CLOEXEC);
  if (fsfd < 0)
    return jd_make_error (err, errno, "fsopen overlay");
  cleanup_free int *lowers = malloc ((spec->n_lowers + 1) * sizeof (int));
  if (lowers == NULL)
    return jd_make_error (err, ENOMEM, "overlay");
  for (size_t i = 0; i < spec->n_lowers; i++)
    lowers[i] = -1;
  int r = idmapped_overlay_with (spec, fsfd, lowers, userns_fd, err);
  for (size_t i = 0; i < spec->n_lowers; i++)
    if (lowers[i] >= 0)
      close (lowers[i]);
  return r;
}

/* An empty, read-only tmpfs, detached: the second lower layer of a one-layer image (an overlay needs two without an
 * upper one). */
static int
empty_layer (struct jd_error **err)
{
  cleanup_close int fsfd = (int) syscall (SYS_fsopen, "tmpfs", JD_FSOPEN_CLOEXEC);
  if (fsfd < 0 || syscall (SYS_fsconfig, fsfd, JD_FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
    return jd_make_error (err, errno, "tmpfs");
  int mfd = (int) syscall (SYS_fsmount, fsfd, JD_FSMOUNT_CLOEXEC, JD_MOUNT_ATTR_RDONLY);
  if (mfd < 0)
    return jd_make_error (err, errno, "fsmount tmpfs");
  return mfd;
}

/* The overlay of an image mount's layers (M->source, top first, joined by ':') idmapped to USERNS_FD, made by host
 * root; FDS (one more than the layers) keep the detached layers until it is made. No upper layer: its superblock is
 * read-only, whatever becomes of its mount's flags. */
static int
image_overlay (const struct jd_mount *m, int userns_fd, int *fds, struct jd_error **err)
{
  cleanup_close int fsfd = (int) syscall (SYS_fsopen, "overlay", JD_FSOPEN_CLOEXEC);
  cleanup_free char *dirs = strdup (m->source);
  if (fsfd < 0 || dirs == NULL)
    return jd_make_error (err, fsfd < 0 ? errno : ENOMEM, "overlay of the image for `%s`", m->destination);
  size_t n = 0;
  char *save = NULL, path[64];
  for (char *d = strtok_r (dirs, ":", &save); d != NULL; d = strtok_r (NULL, ":", &save), n++)
    {
      if ((fds[n] = idmapped_tree (d, userns_fd, 0, err)) < 0)
        return -1;
      snprintf (path, sizeof (path), "/proc/self/fd/%d", fds[n]);
      if (syscall (SYS_fsconfig, fsfd, JD_FSCONFIG_SET_STRING, "lowerdir+", path, 0) < 0)
        return jd_make_error (err, errno, "image layer `%s`", d);
    }
  if (n == 1)
    {
      if ((fds[1] = empty_layer (err)) < 0)
        return -1;
      snprintf (path, sizeof (path), "/proc/self/fd/%d", fds[1]);
      if (syscall (SYS_fsconfig, fsfd, JD_FSCONFIG_SET_STRING, "lowerdir+", path, 0) < 0)
        return jd_make_error (err, errno, "empty lower layer");
    }
  if (syscall (SYS_fsconfig, fsfd, JD_FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
    return jd_make_error (err, errno, "overlay of the image for `%s`", m->destination);
  int mfd = (int) syscall (SYS_fsmount, fsfd, JD_FSMOUNT_CLOEXEC, JD_MOUNT_ATTR_RDONLY);
  if (mfd < 0)
    return jd_make_error (err, errno, "fsmount the image for `%s`", m->destination);
  return mfd;
}

/* An image mount (KEP-4639) in a user namespace, made on the host's side as containerd 2.1 makes it: the overlay of
 * its layers idmapped (image_overlay), its subpath's tree (jd_image_subtree), moved in like the binds. */
static int
image_tree (const struct jd_mount *m, int userns_fd, struct jd_error **err)
{
  size_t n = 2;
  for (const char *p = m->source; *p; p++)
    n += *p == ':';
  cleanup_free int *fds = malloc (n * sizeof (int));
  if (fds == NULL)
    return jd_make_error (err, ENOMEM, "image mount");
  for (size_t i = 0; i < n; i++)
    fds[i] = -1;
  cleanup_close int top = image_overlay (m, userns_fd, fds, err);
  for (size_t i = 0; i < n; i++)
    if (fds[i] >= 0)
      close (fds[i]);
  if (top < 0)
    return jd_error_wrap (err, "image mount on `%s`", m->destination);
  return jd_image_subtree (top, m, err);
}

/* The upper directory is the overlay's root: root on the host's until the container's root owns it (files it
 * creates are the mapped ids anyway). Left alone when already given away (a restart, or a chown in the container). */
static int
give_upper_to_root (const struct jd_spec *spec, struct jd_error **err)
{
  struct stat st;
  cleanup_close int fd = open (spec->upper, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 || fstat (fd, &st) < 0)
    return jd_make_error (err, errno, "open upper directory `%s`", spec->upper);
  if (st.st_uid == 0 && st.st_gid == 0 && fchown (fd, spec->userns.uid.host_id, spec->userns.gid.host_id) < 0)
    return jd_make_error (err, errno, "chown upper directory `%s`", spec->upper);
  return 0;
}

/* /proc of the init's pid namespace, made by host root when that namespace is the host user namespace's. */
static int
proc_mount (const struct jd_mount *m, struct jd_error **err)
{
  cleanup_close int fsfd = (int) syscall (SYS_fsopen, "proc", JD_FSOPEN_CLOEXEC);
  if (fsfd < 0 || syscall (SYS_fsconfig, fsfd, JD_FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
    return jd_make_error (err, errno, "proc for `%s`", m->destination);
  unsigned int attrs = ((m->flags & MS_NOSUID) ? 0x2 : 0) | ((m->flags & MS_NODEV) ? 0x4 : 0)
                       | ((m->flags & MS_NOEXEC) ? 0x8 : 0) | ((m->flags & MS_RDONLY) ? 0x1 : 0);
  int mfd = (int) syscall (SYS_fsmount, fsfd, JD_FSMOUNT_CLOEXEC, attrs);
  if (mfd < 0)
    return jd_make_error (err, errno, "fsmount proc for `%s`", m->destination);
  return mfd;
}

#define JD_NS_GET_USERNS 0xb701 /* _IO (0xb7, 0x1): the user namespace that owns a namespace */

static int
same_file (int a, int b)
{
  struct stat sa, sb;
  return fstat (a, &sa) == 0 && fstat (b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Whether NS_FD (a namespace) is owned by the user namespace USERNS_FD. */
int
jd_ns_owned_by (int ns_fd, int userns_fd)
{
  cleanup_close int owner = ioctl (ns_fd, JD_NS_GET_USERNS);
  return owner >= 0 && same_file (owner, userns_fd);
}

/* Whether this process's pid namespace is owned by USERNS_FD (the host's /proc still: self is this process). */
static int
pidns_owned_by (int userns_fd)
{
  cleanup_close int pidns = open ("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
  return pidns >= 0 && jd_ns_owned_by (pidns, userns_fd);
}

int
jd_userns_host_mounts (const struct jd_spec *spec, int userns_fd, struct jd_premounts *pre, struct jd_error **err)
{
  pre->binds = malloc ((spec->n_mounts + 1) * sizeof (int));
  if (pre->binds == NULL)
    return jd_make_error (err, ENOMEM, "mounts");
  pre->n_binds = spec->n_mounts;
  for (size_t i = 0; i < spec->n_mounts; i++)
    pre->binds[i] = -1;
  if (spec->rootfs_overlay && give_upper_to_root (spec, err) < 0)
    return -1;
  /* A read-only bind as the root (a pod's infra: the pause root that every pod shares) is not idmapped. Its files
   * are host root's and world-readable; the read-only flag set in the pod's mount namespace is not locked there,
   * and through an idmapped bind a write after clearing it would be host root's, in a directory every pod runs. */
  pre->root_fd = spec->rootfs_overlay ? idmapped_overlay (spec, userns_fd, err)
                                      : idmapped_tree (spec->rootfs_dir, spec->readonly_rootfs ? -1 : userns_fd, 1,
                                                       err);
  if (pre->root_fd < 0)
    return -1;
  /* a new pid namespace is made in the user namespace after this phase (jd_userns_new_pidns); a joined one is ours */
  const struct jd_namespace *pid = jd_spec_namespace (spec, "pid");
  int proc_inside = (pid != NULL && pid->path == NULL) || pidns_owned_by (userns_fd);
  for (size_t i = 0; i < spec->n_mounts; i++)
    {
      const struct jd_mount *m = &spec->mounts[i];
      if ((m->flags & MS_BIND) && !(m->flags & MS_REMOUNT)
          && (pre->binds[i] = idmapped_tree (m->source, userns_fd, (m->flags & MS_REC) != 0, err)) < 0)
        return -1;
      if (strcmp (m->type, JD_IMAGE_MOUNT_TYPE) == 0 && (pre->binds[i] = image_tree (m, userns_fd, err)) < 0)
        return -1;
      if (!proc_inside && !(m->flags & (MS_BIND | MS_REMOUNT)) && strcmp (m->type, "proc") == 0
          && (pre->binds[i] = proc_mount (m, err)) < 0)
        return -1;
    }
  /* unshare(CLONE_NEWNS) moves the cwd to its copy in the new namespace: the mount point without a lookup */
  if (jd_mkdir_p (spec->rootfs_target, 0755, err) < 0)
    return -1;
  if (chdir (spec->rootfs_target) < 0)
    return jd_make_error (err, errno, "chdir `%s`", spec->rootfs_target);
  return 0;
}

void
jd_premounts_close (struct jd_premounts *pre)
{
  if (pre->root_fd >= 0)
    close (pre->root_fd);
  for (size_t i = 0; pre->binds != NULL && i < pre->n_binds; i++)
    if (pre->binds[i] >= 0)
      close (pre->binds[i]);
  free (pre->binds);
  pre->binds = NULL;
  pre->root_fd = -1;
}

pid_t
jd_userns_new_pidns (struct jd_error **err)
{
  if (unshare (CLONE_NEWPID) < 0)
    return jd_make_error (err, errno, "create the pid namespace in the user namespace");
  pid_t pid = (pid_t) syscall (SYS_clone, CLONE_PARENT | SIGCHLD, NULL, NULL, NULL, 0);
  if (pid < 0)
    return jd_make_error (err, errno, "clone the pid namespace's first process");
  return pid;
}

pid_t
jd_userns_await_pid (int sync_fd, pid_t cloned, struct jd_error **err)
{
  struct jd_sync_msg msg;
  long long pid;
  int gone = 0;
  for (;;)
    {
      /* CLONED's exit is looked at before the socket: a pid it sent before it exited is then queued already */
      gone = gone || waitpid (cloned, NULL, WNOHANG) == cloned;
      struct pollfd p = { .fd = sync_fd, .events = POLLIN };
      int r = poll (&p, 1, gone ? 0 : 100);
      if (r > 0)
        break;
      if (r < 0 && errno != EINTR)
        return jd_make_error (err, errno, "wait for the container init's pid");
      if (r == 0 && gone)
        return jd_make_error (err, EPIPE, "the container init exited before its pid namespace was made");
    }
  ssize_t n = recv (sync_fd, &msg, sizeof (msg), 0);
  if (n != (ssize_t) sizeof (msg) || msg.type != JD_SYNC_PID)
    return jd_make_error (err, n < 0 ? errno : EPIPE, "the container init exited before its pid namespace was made");
  msg.msg[sizeof (msg.msg) - 1] = '\0';
  if (jd_parse_i64 (msg.msg, &pid) < 0 || pid <= 0)
    {
      if (!gone)
        kill (cloned, SIGKILL);
      return jd_make_error (err, EPROTO, "the container init's pid");
    }
  if (pid != cloned && !gone)
    while (waitpid (cloned, NULL, 0) < 0 && errno == EINTR)
      ;
  return (pid_t) pid;
}

int
jd_userns_enter (int userns_fd, struct jd_error **err)
{
  if (setns (userns_fd, CLONE_NEWUSER) < 0)
    return jd_make_error (err, errno, "join the user namespace");
  if (setgroups (0, NULL) < 0 || setresgid (0, 0, 0) < 0 || setresuid (0, 0, 0) < 0)
    return jd_make_error (err, errno, "become root in the user namespace");
  return 0;
}

static int
write_map (pid_t pid, const char *file, const struct jd_idmap *m, struct jd_error **err)
{
  char path[64], text[64];
  snprintf (path, sizeof (path), "/proc/%d/%s", (int) pid, file);
  int n = snprintf (text, sizeof (text), "%u %u %u\n", m->container_id, m->host_id, m->length);
  cleanup_close int fd = open (path, O_WRONLY | O_CLOEXEC);
  if (fd < 0 || write (fd, text, (size_t) n) != n)
    return jd_make_error (err, errno, "write %s", path);
  return 0;
}

static int
open_ns_of (pid_t pid, const char *name, struct jd_error **err)
{
  char path[64];
  snprintf (path, sizeof (path), "/proc/%d/ns/%s", (int) pid, name);
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return jd_make_error (err, errno, "open %s", path);
  return fd;
}

/* The helper: creates the user namespace, says so on READY and stays until HOLD closes. */
static void __attribute__ ((noreturn))
helper (int ready, int hold)
{
  char c = 'r';
  if (unshare (CLONE_NEWUSER) < 0 || write (ready, &c, 1) != 1)
    _exit (1);
  while (read (hold, &c, 1) < 0 && errno == EINTR)
    ;
  _exit (0);
}

/* Whether /proc/PID/FILE maps exactly M (one line). */
static int
has_map (const char *pid, const char *file, const struct jd_idmap *m)
{
  char path[96], text[256];
  unsigned long long c, h, n;
  snprintf (path, sizeof (path), "/proc/%s/%s", pid, file);
  cleanup_close int fd = open (path, O_RDONLY | O_CLOEXEC);
  ssize_t len = fd < 0 ? -1 : read (fd, text, sizeof (text) - 1);
  if (len <= 0)
    return 0;
  text[len] = '\0';
  char *nl = strchr (text, '\n');
  return sscanf (text, "%llu %llu %llu", &c, &h, &n) == 3 && c == m->container_id && h == m->host_id
         && n == m->length && (nl == NULL || nl[1] == '\0');
}

/* The pod's namespace is named by its infra's pid (/proc/<pid>/ns/user): when that process is gone and the pid
 * reused, the namespace opened is another's. It must map what the pod maps (the kubelet gives each pod its own
 * range), checked after the open and the open checked again, so that a container never joins another pod's. */
static int
check_joined (const struct jd_spec *spec, int fd, struct jd_error **err)
{
  const char *path = spec->userns.path;
  char pid[32];
  struct stat opened, now;
  const char *end = strstr (path, "/ns/user");
  size_t n = end == NULL ? 0 : (size_t) (end - path) - strlen ("/proc/");
  if (strncmp (path, "/proc/", 6) != 0 || end == NULL || end[8] != '\0' || n == 0 || n >= sizeof (pid))
    return 0; /* not a process's: nothing to recheck */
  memcpy (pid, path + 6, n);
  pid[n] = '\0';
  if (!has_map (pid, "uid_map", &spec->userns.uid) || !has_map (pid, "gid_map", &spec->userns.gid)
      || fstat (fd, &opened) < 0 || stat (path, &now) < 0 || opened.st_ino != now.st_ino
      || opened.st_dev != now.st_dev)
    return jd_make_error (err, ESRCH, "the pod's user namespace `%s` is gone (its process exited)", path);
  return 0;
}

int
jd_userns_prepare (const struct jd_spec *spec, struct jd_error **err)
{
  if (spec->userns.path != NULL)
    {
      int fd = open (spec->userns.path, O_RDONLY | O_CLOEXEC);
      if (fd < 0)
        return jd_make_error (err, errno, "open user namespace `%s`", spec->userns.path);
      if (check_joined (spec, fd, err) < 0)
        {
          close (fd);
          return -1;
        }
      return fd;
    }
  int ready[2], hold[2];
  if (pipe2 (ready, O_CLOEXEC) < 0)
    return jd_make_error (err, errno, "pipe");
  if (pipe2 (hold, O_CLOEXEC) < 0)
    {
      close (ready[0]);
      close (ready[1]);
      return jd_make_error (err, errno, "pipe");
    }
  pid_t pid = fork ();
  if (pid == 0)
    {
      close (ready[0]);
      close (hold[1]);
      helper (ready[1], hold[0]);
    }
  close (ready[1]);
  close (hold[0]);
  char c;
  int fd = -1;
  if (pid < 0)
    jd_make_error (err, errno, "fork");
  else if (read (ready[0], &c, 1) != 1)
    jd_make_error (err, EPERM, "create the user namespace");
  else if (write_map (pid, "uid_map", &spec->userns.uid, err) == 0
           && write_map (pid, "gid_map", &spec->userns.gid, err) == 0)
    fd = open_ns_of (pid, "user", err);
  close (ready[0]);
  close (hold[1]);
  if (pid > 0)
    while (waitpid (pid, NULL, 0) < 0 && errno == EINTR)
      ;
  return fd;
}

int
jd_userns_probe (char *const *dirs, size_t n, struct jd_error **err)
{
  struct jd_spec spec = { .userns = { .enabled = 1, .uid = { 0, 65534, 1 }, .gid = { 0, 65534, 1 } } };
  cleanup_close int userns_fd = jd_userns_prepare (&spec, err);
  if (userns_fd < 0)
    return -1;
  for (size_t i = 0; i < n; i++)
    {
      char path[64];
      cleanup_close int fd = idmapped_tree (dirs[i], userns_fd, 0, err);
      if (fd < 0)
        return -1;
      if (i > 0)
        continue;
      cleanup_close int fsfd = (int) syscall (SYS_fsopen, "overlay", JD_FSOPEN_CLOEXEC);
      snprintf (path, sizeof (path), "/proc/self/fd/%d", fd);
      if (fsfd < 0 || syscall (SYS_fsconfig, fsfd, JD_FSCONFIG_SET_STRING, "lowerdir+", path, 0) < 0)
        return jd_make_error (err, errno, "overlay over an idmapped layer of `%s` (\"lowerdir+\", Linux 6.8)", dirs[i]);
    }
  return 0;
}

/* Locked mounts. A mount made in a mount namespace the user namespace owns is not locked there: its root, with
 * CAP_SYS_ADMIN, could unmount a mask, remount a read-only bind read-write or move a bind away. A copy of a mount
 * namespace into a less privileged user namespace locks every mount (MNT_LOCKED: no umount, no move) and its
 * read-only, nosuid, nodev and noexec flags. So the init's first process, still host root, unshares a mount namespace
 * of its own (the host user namespace's) and forks the helper below; the init goes on in the user namespace, makes
 * its namespaces and hands them over (jd_userns_locked_root); the helper joins them (fork again for the pid
 * namespace), so that /proc, sysfs, mqueue and cgroup are the container's, attaches everything there as host root,
 * pivots into the container's root (the init's root follows: pivot_root moves every root that was the old one, and
 * the host's mounts leave the namespace), makes the masked and read-only paths last; the init then copies the mount
 * namespace, which is all the container's already. */

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

static int
send_fd (int sock, int fd)
{
  char c = 'n', buf[CMSG_SPACE (sizeof (int))] = { 0 };
  struct iovec iov = { .iov_base = &c, .iov_len = 1 };
  struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = buf, .msg_controllen = sizeof (buf) };
  struct cmsghdr *cm = CMSG_FIRSTHDR (&mh);
  cm->cmsg_level = SOL_SOCKET;
  cm->cmsg_type = SCM_RIGHTS;
  cm->cmsg_len = CMSG_LEN (sizeof (int));
  memcpy (CMSG_DATA (cm), &fd, sizeof (int));
  return sendmsg (sock, &mh, MSG_NOSIGNAL) == 1 ? 0 : -1;
}

static int
recv_fd (int sock)
{
  char c, buf[CMSG_SPACE (sizeof (int))];
  int fd = -1;
  struct iovec iov = { .iov_base = &c, .iov_len = 1 };
  struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = buf, .msg_controllen = sizeof (buf) };
  if (recvmsg (sock, &mh, MSG_CMSG_CLOEXEC) != 1)
    return -1;
  struct cmsghdr *cm = CMSG_FIRSTHDR (&mh);
  if (cm == NULL || cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS
      || cm->cmsg_len != CMSG_LEN (sizeof (int)))
    return -1;
  memcpy (&fd, CMSG_DATA (cm), sizeof (int));
  return fd;
}

/* The helper's answer: JD_SYNC_GO, or JD_SYNC_ERROR with ERR. */
static void
reply (int fd, const struct jd_error *err)
{
  struct jd_sync_msg msg = { .type = err ? JD_SYNC_ERROR : JD_SYNC_GO, .status = err ? err->status : 0 };
  snprintf (msg.msg, sizeof (msg.msg), "%s", err && err->msg ? err->msg : "");
  if (send (fd, &msg, sizeof (msg), MSG_NOSIGNAL) < 0)
    _exit (1);
}

/* The sysctls, written by the namespace's root (as the init would: the kernel refuses it any that is not its
 * namespaces'), in a child; /proc/sys is made read-only after them. The child closes the socket to the init (SOCK):
 * as the namespace's root it is no longer host root's, and only the helper answers there. */
static int
sysctls_as_root (const struct jd_spec *spec, int userns_fd, int sock, struct jd_error **err)
{
  int p[2], status = 0;
  struct jd_sync_msg msg = { 0 };
  if (pipe2 (p, O_CLOEXEC) < 0)
    return jd_make_error (err, errno, "pipe");
  pid_t pid = fork ();
  if (pid == 0)
    {
      struct jd_error *e = NULL;
      close (p[0]);
      close (sock);
      if (jd_userns_enter (userns_fd, &e) < 0 || jd_write_sysctls (spec, &e) < 0)
        {
          msg.status = e->status;
          snprintf (msg.msg, sizeof (msg.msg), "%s", e->msg);
          if (write (p[1], &msg, sizeof (msg)) < 0)
            _exit (2);
          _exit (1);
        }
      _exit (0);
    }
  close (p[1]);
  ssize_t n = pid < 0 ? -1 : read (p[0], &msg, sizeof (msg));
  close (p[0]);
  if (pid > 0)
    while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
      ;
  if (pid < 0)
    return jd_make_error (err, errno, "fork");
  if (n == (ssize_t) sizeof (msg))
    {
      msg.msg[sizeof (msg.msg) - 1] = '\0';
      return jd_make_error (err, msg.status, "%s", msg.msg);
    }
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    return jd_make_error (err, EPIPE, "write the sysctls");
  return 0;
}

/* The files and directories the helper creates (a mount point missing in the image or in a volume, /dev's links and
 * bind targets) are the container root's, as when the init made them in the user namespace: host root's ids would be
 * the namespace's overflow id in the rootfs (its root could not write in such a directory) and are refused through an
 * idmapped bind (EOVERFLOW). So fsuid and fsgid take the root's host ids; the capabilities that this drops from the
 * effective set (CAP_DAC_OVERRIDE, CAP_FOWNER...) are raised again from the permitted one: the helper reaches what it
 * reached before, only what it creates changes owner. Nothing when the maps leave the container's 0 out. */
static int
create_as_container_root (const struct jd_spec *spec, struct jd_error **err)
{
  const struct jd_idmap *u = &spec->userns.uid, *g = &spec->userns.gid;
  struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
  struct __user_cap_data_struct caps[2];
  if (u->container_id != 0 || u->length == 0 || g->container_id != 0 || g->length == 0)
    return 0;
  setfsgid ((gid_t) g->host_id);
  setfsuid ((uid_t) u->host_id);
  if ((unsigned) setfsgid ((gid_t) -1) != g->host_id || (unsigned) setfsuid ((uid_t) -1) != u->host_id)
    return jd_make_error (err, EPERM, "take the container root's ids for the mount points");
  if (syscall (SYS_capget, &hdr, caps) < 0)
    return jd_make_error (err, errno, "capget");
  caps[0].effective = caps[0].permitted;
  caps[1].effective = caps[1].permitted;
  if (syscall (SYS_capset, &hdr, caps) < 0)
    return jd_make_error (err, errno, "capset");
  return 0;
}

/* In the container's namespaces, host root, in the init's mount namespace: every mount, then pivot_root there (the
 * init's root, the old one, turns into the container's with it, and the host's mounts leave the namespace before it
 * is copied), the sysctls and the masked and read-only paths. */
static int
mount_all (const struct jd_spec *spec, const char *console, const struct jd_premounts *pre, int userns_fd, int sock,
           struct jd_error **err)
{
  if (create_as_container_root (spec, err) < 0 || jd_setup_rootfs (spec, console, pre, err) < 0
      || jd_pivot_root (spec, pre, err) < 0)
    return -1;
  if (spec->n_sysctls > 0 && sysctls_as_root (spec, userns_fd, sock, err) < 0)
    return -1;
  return jd_protect_paths (spec, err);
}

static void __attribute__ ((noreturn))
mounter (const struct jd_spec *spec, const char *console, const struct jd_premounts *pre, int userns_fd, int fd)
{
  struct jd_error *err = NULL;
  int status = 0;
  /* the init's namespaces; none when it failed before (or is gone): the socket's end */
  int pidfd = recv_fd (fd);
  if (pidfd < 0)
    _exit (0);
  if (setns (pidfd, CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWCGROUP) < 0)
    {
      jd_make_error (&err, errno, "join the container's namespaces for its mounts");
      reply (fd, err);
      _exit (0);
    }
  close (pidfd);
  pid_t pid = fork (); /* the pid namespace's: its /proc */
  if (pid == 0)
    {
      reply (fd, mount_all (spec, console, pre, userns_fd, fd, &err) < 0 ? err : NULL);
      _exit (0);
    }
  if (pid > 0)
    while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
      ;
  if (pid < 0 || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      jd_make_error (&err, pid < 0 ? errno : EPIPE, "make the container's mounts");
      reply (fd, err);
    }
  _exit (0);
}

pid_t
jd_userns_lock_mounts (const struct jd_spec *spec, const char *console, const struct jd_premounts *pre,
                       int userns_fd, int close_fd, int *fd, struct jd_error **err)
{
  int sv[2];
  unsigned long propagation = jd_spec_root_propagation (spec);
  /* a shared root would be the host's peer: the helper's mounts would appear there */
  if (propagation & MS_SHARED)
    return jd_make_error (err, EINVAL, "shared mount propagation is not supported with user namespaces");
  if (unshare (CLONE_NEWNS) < 0 || mount ("", "/", "", propagation, NULL) < 0)
    return jd_make_error (err, errno, "make the container's mount namespace");
  if (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
    return jd_make_error (err, errno, "socketpair");
  pid_t pid = fork ();
  if (pid == 0)
    {
      close (sv[0]);
      if (close_fd >= 0)
        close (close_fd);
      struct jd_premounts mine = *pre;
      mine.host_side = 1;
      mounter (spec, console, &mine, userns_fd, sv[1]);
    }
  close (sv[1]);
  if (pid < 0)
    {
      close (sv[0]);
      return jd_make_error (err, errno, "fork");
    }
  *fd = sv[0];
  return pid;
}

int
jd_userns_locked_root (int fd, const struct jd_premounts *pre, struct jd_error **err)
{
  struct jd_sync_msg msg;
  struct stat root, ours;
  cleanup_close int pidfd = (int) syscall (SYS_pidfd_open, getpid (), 0);
  if (pidfd < 0 || send_fd (fd, pidfd) < 0)
    return jd_make_error (err, errno, "hand the namespaces to the mounts' helper");
  ssize_t n = recv (fd, &msg, sizeof (msg), 0);
  if (n != (ssize_t) sizeof (msg))
    return jd_make_error (err, n < 0 ? errno : EPIPE, "the mounts' helper exited");
  msg.msg[sizeof (msg.msg) - 1] = '\0';
  if (msg.type != JD_SYNC_GO)
    return jd_make_error (err, msg.status, "%s", msg.msg);
  /* the helper's pivot_root made the container's root ours; the copy holds only the container's mounts, all but
   * its root locked, and every one's locked flags */
  if (unshare (CLONE_NEWNS) < 0 || chdir ("/") < 0)
    return jd_make_error (err, errno, "copy the mount namespace into the user namespace");
  /* never the host's root: "/" must be the container's (its copy shows the same inode) */
  if (fstat (pre->root_fd, &root) < 0 || stat ("/", &ours) < 0 || root.st_dev != ours.st_dev
      || root.st_ino != ours.st_ino)
    return jd_make_error (err, EXDEV, "the container's root is not this process's after its mounts");
  return 0;
}
