/* Root filesystem of the container: overlay/bind root, the spec's mounts (targets resolved inside the root),
 * device nodes, /dev symlinks, console, pivot_root, masked and read-only paths. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "../common/utils.h"
#include "init.h"
#include "mount_api.h"

#define ROOT_PRIVATE (MS_REC | MS_PRIVATE)

/* Opens PATH (absolute, interpreted inside the root ROOTFD; symlinks cannot leave it) as an O_PATH fd. */
static int
open_in_root (int rootfd, const char *path, int extra_flags)
{
  return jd_open_in_root (rootfd, path, O_PATH | extra_flags);
}

/* Makes NAME in PARENT (a directory of the merged root) as a mount target, a file when FILE_TARGET: 0, or -1 with
 * errno. The parent's mtime is put back as it was: its copy-up into the container's layer then matches the image's,
 * and `docker diff` does not list it as changed (moby keeps such targets in an init layer of its own). */
static int
make_target (int parent, const char *name, int file_target)
{
  struct stat before;
  int known = fstat (parent, &before) == 0;
  int r = file_target ? openat (parent, name, O_CREAT | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0644)
                      : mkdirat (parent, name, 0755);
  if (r < 0)
    return -1;
  if (file_target)
    close (r);
  if (known)
    {
      struct timespec times[2] = { { .tv_sec = 0, .tv_nsec = UTIME_OMIT }, before.st_mtim };
      cleanup_close int dir = openat (parent, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (dir >= 0)
        (void) futimens (dir, times); /* best effort: only `docker diff` would tell */
    }
  return 0;
}

/* Makes DEST's last component in its parent when only that one is missing (a cgroup hierarchy's mount point in the
 * new /sys/fs/cgroup), then opens DEST; -1 otherwise (the caller walks the components). */
static int
create_leaf (int rootfd, const char *dest, int file_target)
{
  cleanup_free char *copy = strdup (dest);
  if (copy == NULL)
    return -1;
  size_t n = strlen (copy);
  while (n > 1 && copy[n - 1] == '/')
    copy[--n] = '\0';
  char *base = strrchr (copy, '/');
  if (base == NULL || base[1] == '\0')
    return -1;
  *base = '\0';
  cleanup_close int parent = open_in_root (rootfd, copy, O_DIRECTORY);
  if (parent < 0)
    return -1;
  if (make_target (parent, base + 1, file_target) < 0 && errno != EEXIST)
    return -1;
  return open_in_root (rootfd, dest, 0);
}

/* Creates the missing components of DEST inside ROOTFD (the last one a file when FILE_TARGET), then opens it. The
 * whole path is tried first, then its last component made in its parent: the component walk (two syscalls per
 * component, on the start's critical path) is left for deeper misses and for the errors' wording. */
static int
create_in_root (int rootfd, const char *dest, int file_target, struct jd_error **err)
{
  int whole = open_in_root (rootfd, dest, 0);
  if (whole >= 0)
    return whole;
  if (errno == ENOENT && (whole = create_leaf (rootfd, dest, file_target)) >= 0)
    return whole;
  cleanup_free char *copy = strdup (dest);
  if (copy == NULL)
    return jd_make_error (err, ENOMEM, "mount target `%s`", dest);
  char *p = copy;
  while (*p == '/')
    p++;
  for (;;)
    {
      char *slash = strchr (p, '/');
      int last = slash == NULL || slash[1] == '\0';
      if (slash)
        *slash = '\0';
      int fd = open_in_root (rootfd, copy, 0);
      if (fd < 0 && errno == ENOENT)
        {
          char *base = strrchr (copy, '/');
          cleanup_close int parent = -1;
          if (base == NULL || base == copy)
            parent = dup (rootfd);
          else
            {
              *base = '\0';
              parent = open_in_root (rootfd, copy, O_DIRECTORY);
              *base = '/';
            }
          const char *name = base ? base + 1 : copy;
          if (parent < 0)
            return jd_make_error (err, errno, "open parent of `%s` in rootfs", dest);
          if (make_target (parent, name, last && file_target) < 0 && errno != EEXIST)
            return jd_make_error (err, errno, "create `%s` in rootfs", copy);
          fd = open_in_root (rootfd, copy, 0);
        }
      if (fd < 0)
        return jd_make_error (err, errno, "resolve `%s` in rootfs", copy);
      if (last)
        return fd;
      close (fd);
      *slash = '/';
      p = slash + 1;
    }
}

static void
fd_path (int fd, char *buf, size_t size)
{
  snprintf (buf, size, "/proc/self/fd/%d", fd);
}

static int
mount_overlay_new_api (const struct jd_spec *spec)
{
  cleanup_close int fsfd = (int) syscall (SYS_fsopen, "overlay", JD_FSOPEN_CLOEXEC);
  if (fsfd < 0)
    return -1;
  for (size_t i = 0; i < spec->n_lowers; i++)
    if (syscall (SYS_fsconfig, fsfd, JD_FSCONFIG_SET_STRING, "lowerdir+", spec->lowers[i], 0) < 0)
      return -1;
  if (syscall (SYS_fsconfig, fsfd, JD_FSCONFIG_SET_STRING, "upperdir", spec->upper, 0) < 0
      || syscall (SYS_fsconfig, fsfd, JD_FSCONFIG_SET_STRING, "workdir", spec->work, 0) < 0
      || syscall (SYS_fsconfig, fsfd, JD_FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
    return -1;
  cleanup_close int mfd = (int) syscall (SYS_fsmount, fsfd, JD_FSMOUNT_CLOEXEC, 0);
  if (mfd < 0)
    return -1;
  return (int) syscall (SYS_move_mount, mfd, "", AT_FDCWD, spec->rootfs_target, JD_MOVE_MOUNT_F_EMPTY_PATH);
}

static int
mount_overlay (const struct jd_spec *spec, struct jd_error **err)
{
  if (mount_overlay_new_api (spec) == 0)
    return 0;
  size_t len = strlen (spec->upper) + strlen (spec->work) + 64;
  for (size_t i = 0; i < spec->n_lowers; i++)
    len += strlen (spec->lowers[i]) + 1;
  cleanup_free char *data = malloc (len);
  if (data == NULL)
    return jd_make_error (err, ENOMEM, "overlay options");
  strcpy (data, "lowerdir=");
  for (size_t i = 0; i < spec->n_lowers; i++)
    {
      if (i > 0)
        strcat (data, ":");
      strcat (data, spec->lowers[i]);
    }
  strcat (data, ",upperdir=");
  strcat (data, spec->upper);
  strcat (data, ",workdir=");
  strcat (data, spec->work);
  if (mount ("overlay", spec->rootfs_target, "overlay", 0, data) < 0)
    return jd_make_error (err, errno, "mount overlay on `%s`", spec->rootfs_target);
  return 0;
}

/* mountinfo escapes space, tab, newline and backslash as \ooo: decoded in place */
static void
unescape_octal (char *s)
{
  char *out = s;
  for (; *s; s++)
    {
      if (s[0] == '\\' && s[1] >= '0' && s[1] <= '7' && s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7')
        {
          *out++ = (char) ((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
          s += 3;
        }
      else
        *out++ = *s;
    }
  *out = '\0';
}

/* Makes the mount PATH lies on private (not recursively), so that the root file system mounted below it neither
 * propagates to the host's peers nor fails pivot_root's check of a shared parent; only needed when the root is
 * shared (runc's rootfsParentMountPrivate). The last matching line wins: it is the mount on top. */
static int
make_parent_mount_private (const char *path, struct jd_error **err)
{
  cleanup_file FILE *f = fopen ("/proc/self/mountinfo", "re");
  cleanup_free char *line = NULL;
  char best[PATH_MAX] = "";
  size_t cap = 0, best_len = 0;
  if (f == NULL)
    return jd_make_error (err, errno, "open /proc/self/mountinfo");
  while (getline (&line, &cap, f) > 0)
    {
      char *save = NULL, *mp = strtok_r (line, " ", &save);
      for (int i = 0; i < 4 && mp != NULL; i++)
        mp = strtok_r (NULL, " ", &save);
      if (mp == NULL)
        continue;
      unescape_octal (mp);
      size_t n = strlen (mp);
      int covers = strcmp (mp, "/") == 0 || (strncmp (path, mp, n) == 0 && (path[n] == '/' || path[n] == '\0'));
      if (covers && n >= best_len && n < sizeof (best))
        {
          memcpy (best, mp, n + 1);
          best_len = n;
        }
    }
  if (best[0] == '\0')
    return jd_make_error (err, ENOENT, "no mount holds `%s`", path);
  if (mount ("", best, "", MS_PRIVATE, NULL) < 0)
    return jd_make_error (err, errno, "make `%s` private", best);
  return 0;
}

/* The container's mount namespace starts as a copy of the host's: rprivate unless a mount asks to propagate
 * (then shared or rslave, as Docker sets the root's propagation; jd_spec_root_propagation). */
static int
mount_root (const struct jd_spec *spec, unsigned long root_propagation, const struct jd_premounts *pre,
            struct jd_error **err)
{
  if (mount ("", "/", "", root_propagation, NULL) < 0)
    return jd_make_error (err, errno, "set the propagation of /");
  /* in a user namespace: the detached root made on the host's side goes on the cwd (the target's copy here) */
  if (pre->root_fd >= 0)
    {
      if (syscall (SYS_move_mount, pre->root_fd, "", AT_FDCWD, ".", JD_MOVE_MOUNT_F_EMPTY_PATH) < 0)
        return jd_make_error (err, errno, "attach the rootfs on `%s`", spec->rootfs_target);
      return 0;
    }
  if (jd_mkdir_p (spec->rootfs_target, 0755, err) < 0)
    return -1;
  if ((root_propagation & MS_SHARED) && make_parent_mount_private (spec->rootfs_target, err) < 0)
    return -1;
  if (spec->rootfs_overlay)
    return mount_overlay (spec, err);
  if (mount (spec->rootfs_dir, spec->rootfs_target, NULL, MS_BIND | MS_REC, NULL) < 0)
    return jd_make_error (err, errno, "bind `%s` on `%s`", spec->rootfs_dir, spec->rootfs_target);
  return 0;
}

/* proc and sysfs go only on a directory reached without a symlink, as runc requires ("must be mounted on ordinary
 * directory"): an image whose /sys is a symlink to /app/sys would get the kernel's interfaces where neither the
 * masked paths nor the daemon's archives expect them. */
static int
check_pseudo_target (int rootfd, const struct jd_mount *m, struct jd_error **err)
{
  struct
  {
    uint64_t flags, mode, resolve;
  } how = { .flags = O_PATH | O_CLOEXEC, .resolve = 0x10 /* RESOLVE_IN_ROOT */ | 0x04 /* RESOLVE_NO_SYMLINKS */ };
  struct stat st;
  const char *path = m->destination;
  if ((m->flags & MS_BIND) || m->type == NULL || (strcmp (m->type, "proc") != 0 && strcmp (m->type, "sysfs") != 0))
    return 0;
  while (*path == '/')
    path++;
  cleanup_close int fd = (int) syscall (SYS_openat2, rootfd, *path ? path : ".", &how, sizeof (how));
  if ((fd < 0 && errno == ELOOP) || (fd >= 0 && (fstat (fd, &st) < 0 || !S_ISDIR (st.st_mode))))
    return jd_make_error (err, ENOTDIR, "filesystem \"%s\" must be mounted on ordinary directory", m->type);
  return 0;
}

/* Makes the mount FD names and every mount below it read-only (Linux 5.12): a read-only bind of a tree whose
 * submounts would otherwise stay writable (Docker 25's default for read-only binds, the CRI's recursive_read_only). */
static int
make_tree_read_only (int fd)
{
  struct jd_mount_attr attr = { .attr_set = JD_MOUNT_ATTR_RDONLY };
  return (int) syscall (SYS_mount_setattr, fd, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof (attr));
}

/* Stacks the image's root on TARGET (the container's root directory, for the moment): an overlay of the layers
 * SOURCE names (top first, joined by ':'), or a bind of the one layer; read-only. The new mount API first
 * (lowerdir+ each: no length limit, Linux 6.8), else mount(2) with the joined list. */
static int
stack_image_root (const char *target, const char *source, struct jd_error **err)
{
  if (strchr (source, ':') == NULL)
    {
      if (mount (source, target, NULL, MS_BIND, NULL) < 0)
        return jd_make_error (err, errno, "bind image layer `%s`", source);
      return 0;
    }
  cleanup_close int fsfd = (int) syscall (SYS_fsopen, "overlay", JD_FSOPEN_CLOEXEC);
  int ok = fsfd >= 0;
  if (ok)
    {
      cleanup_free char *dirs = strdup (source);
      if (dirs == NULL)
        return jd_make_error (err, ENOMEM, "image layers");
      char *save = NULL;
      for (char *d = strtok_r (dirs, ":", &save); ok && d != NULL; d = strtok_r (NULL, ":", &save))
        ok = syscall (SYS_fsconfig, fsfd, JD_FSCONFIG_SET_STRING, "lowerdir+", d, 0) == 0;
      ok = ok && syscall (SYS_fsconfig, fsfd, JD_FSCONFIG_CMD_CREATE, NULL, NULL, 0) == 0;
    }
  if (ok)
    {
      cleanup_close int mfd = (int) syscall (SYS_fsmount, fsfd, JD_FSMOUNT_CLOEXEC, 0);
      if (mfd >= 0 && syscall (SYS_move_mount, mfd, "", AT_FDCWD, target, JD_MOVE_MOUNT_F_EMPTY_PATH) == 0)
        return 0;
    }
  size_t len = strlen (source) + 16;
  cleanup_free char *data = malloc (len);
  if (data == NULL)
    return jd_make_error (err, ENOMEM, "image layers");
  snprintf (data, len, "lowerdir=%s", source);
  if (mount ("overlay", target, "overlay", MS_RDONLY, data) < 0)
    return jd_make_error (err, errno, "mount the image's layers");
  return 0;
}

static int place_tree (int rootfd, int tree, const struct jd_mount *m, struct jd_error **err);

/* The subpath M->data ("" for the top itself) of the tree TOP names, resolved beneath it (RESOLVE_BENEATH: neither
 * `..` nor a symlink, absolute or relative, may leave it; no magic links; with NO_XDEV, no other mount either), its
 * tree cloned detached and made private all the way down (and read-only when READ_ONLY). WHAT names the source in
 * errors: moby's safepath texts for a subpath that climbs out or is missing. Returns the detached tree's fd. */
static int
jd_subtree (int top, const char *what, uint64_t resolve, int read_only, const struct jd_mount *m,
            struct jd_error **err)
{
  struct
  {
    uint64_t flags, mode, resolve;
  } how = { .flags = O_PATH | O_CLOEXEC, .resolve = resolve };
  const char *sub = m->data[0] ? m->data : ".";
  cleanup_close int src = (int) syscall (SYS_openat2, top, sub, &how, sizeof (how));
  if (src < 0 && errno == EXDEV)
    return jd_make_error (err, EXDEV, "path concatenation escapes the base directory, subpath: %s", m->data);
  if (src < 0)
    return jd_make_error (err, errno, "cannot access path %s%s%s", what, what[0] ? "/" : "", m->data);
  int tree
      = (int) syscall (SYS_open_tree, src, "", JD_OPEN_TREE_CLONE | JD_OPEN_TREE_CLOEXEC | AT_EMPTY_PATH | AT_RECURSIVE);
  if (tree < 0)
    return jd_make_error (err, errno, "clone the mount for `%s`", m->destination);
  struct jd_mount_attr attr = { .attr_set = read_only ? JD_MOUNT_ATTR_RDONLY : 0, .propagation = MS_PRIVATE };
  if (syscall (SYS_mount_setattr, tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof (attr)) < 0)
    {
      int saved = errno;
      close (tree);
      return jd_make_error (err, saved, "set the attributes of the mount for `%s`", m->destination);
    }
  return tree;
}

/* Beneath TOP, the image's root: the subpath's tree (jd_subtree), never past the image's own mount, read-only
 * whatever the spec says. */
int
jd_image_subtree (int top, const struct jd_mount *m, struct jd_error **err)
{
  return jd_subtree (top, "", JD_RESOLVE_BENEATH | JD_RESOLVE_NO_MAGICLINKS | JD_RESOLVE_NO_XDEV, 1, m, err);
}

/* With the image's root stacked on STACKED: its subpath's tree (jd_image_subtree) moved onto the destination. */
static int
mount_image_from (int rootfd, const char *stacked, const struct jd_mount *m, struct jd_error **err)
{
  cleanup_close int top = open (stacked, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (top < 0)
    return jd_make_error (err, errno, "open the image's root");
  cleanup_close int tree = jd_image_subtree (top, m, err);
  if (tree < 0)
    return -1;
  return place_tree (rootfd, tree, m, err);
}

/* A volume's subpath (MountSpec.subpath, API 1.45 VolumeOptions.Subpath): SOURCE is the volume's directory on the
 * host (the daemon's own path), DATA the subpath. The volume's content is the container's: the subpath is resolved
 * beneath the volume's directory only (a symlink to `/`, or climbing with `..`, fails the start), then its tree is
 * cloned from that descriptor, so no path the container can change is ever handed to mount(2). */
static int
mount_volume_subpath (int rootfd, const struct jd_mount *m, struct jd_error **err)
{
  cleanup_close int top = open (m->source, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (top < 0)
    return jd_make_error (err, errno, "open the volume `%s`", m->source);
  cleanup_close int tree
      = jd_subtree (top, m->source, JD_RESOLVE_BENEATH | JD_RESOLVE_NO_MAGICLINKS, (m->flags & MS_RDONLY) != 0, m, err);
  if (tree < 0)
    return -1;
  return place_tree (rootfd, tree, m, err);
}

/* Whether FD, a mount's destination resolved in the root, is the root itself: a symlink (from the image, or planted
 * by another container in a volume the destination goes through, /v/sub -> /) would stack the mount on the root, the
 * root of every process that enters the mount namespace later (an exec). */
static int
is_root (int fd, int rootfd, const struct jd_mount *m, struct jd_error **err)
{
  struct stat dst, root;
  if (fstat (fd, &dst) < 0 || fstat (rootfd, &root) < 0)
    return jd_make_error (err, errno, "mount on `%s`", m->destination);
  if (dst.st_dev == root.st_dev && dst.st_ino == root.st_ino)
    return jd_make_error (err, EINVAL, "mount on `%s`: it resolves to the container's root", m->destination);
  return 0;
}

/* A detached TREE (an image's or a volume subpath's) moved onto the destination, created in the container's root as
 * a directory or a file to match it (in a user namespace an image's TREE was made on the host's side, userns.c). */
static int
place_tree (int rootfd, int tree, const struct jd_mount *m, struct jd_error **err)
{
  struct stat st;
  if (fstat (tree, &st) < 0)
    return jd_make_error (err, errno, "mount on `%s`", m->destination);
  cleanup_close int dest = create_in_root (rootfd, m->destination, !S_ISDIR (st.st_mode), err);
  if (dest < 0 || is_root (dest, rootfd, m, err) < 0)
    return -1;
  if (syscall (SYS_move_mount, tree, "", dest, "", JD_MOVE_MOUNT_F_EMPTY_PATH | JD_MOVE_MOUNT_T_EMPTY_PATH) < 0)
    return jd_make_error (err, errno, "mount `%s`", m->destination);
  return 0;
}

/* An image mount (MountSpec.image): built on the container's root directory, where it is stacked only for the
 * time of the clone, then detached again; the container's root is reached through ROOTFD meanwhile. Everything is
 * in the container's own mount namespace: the mount goes with it, whatever becomes of the daemon. */
static int
mount_image (int rootfd, const char *rootfs_target, const struct jd_mount *m, struct jd_error **err)
{
  if (stack_image_root (rootfs_target, m->source, err) < 0)
    return jd_error_wrap (err, "image mount on `%s`", m->destination);
  int r = mount_image_from (rootfd, rootfs_target, m, err);
  if (umount2 (rootfs_target, MNT_DETACH) < 0 && r == 0)
    r = jd_make_error (err, errno, "detach the image's root");
  return r;
}

/* ID (the container's) as the host's, through MAP; -1 when MAP does not map it. */
static long long
host_id_of (const struct jd_idmap *map, unsigned long long id)
{
  if (id < map->container_id || id - map->container_id >= map->length)
    return -1;
  return (long long) (map->host_id + (id - map->container_id));
}

/* The options of a tmpfs or devpts that host root makes for a user namespace (jd_userns_lock_mounts): the kernel
 * reads their uid= and gid= as the mounter's ids, so the container's are given as the host's, and a tmpfs without
 * them is the namespace's root's (not host root's, whose files the namespace's root could not write). Other types:
 * the options as they are. NULL (errno set) for an id the namespace does not map. */
static char *
mapped_owner_data (const struct jd_spec *spec, const struct jd_mount *m)
{
  int tmpfs = strcmp (m->type, "tmpfs") == 0, uid = 0, gid = 0;
  if (!tmpfs && strcmp (m->type, "devpts") != 0)
    return strdup (m->data);
  size_t len = strlen (m->data) * 3 + 64, n = 0;
  char *out = malloc (len), *save = NULL;
  cleanup_free char *copy = strdup (m->data);
  if (out == NULL || copy == NULL)
    {
      free (out);
      errno = ENOMEM;
      return NULL;
    }
  out[0] = '\0';
  for (char *o = strtok_r (copy, ",", &save); o != NULL; o = strtok_r (NULL, ",", &save), n = strlen (out))
    {
      int is_uid = strncmp (o, "uid=", 4) == 0, is_gid = strncmp (o, "gid=", 4) == 0;
      if (!is_uid && !is_gid)
        {
          snprintf (out + n, len - n, "%s%s", n ? "," : "", o);
          continue;
        }
      long long id = host_id_of (is_uid ? &spec->userns.uid : &spec->userns.gid, strtoull (o + 4, NULL, 10));
      if (id < 0)
        {
          free (out);
          errno = EINVAL;
          return NULL;
        }
      uid |= is_uid;
      gid |= is_gid;
      snprintf (out + n, len - n, "%s%.4s%lld", n ? "," : "", o, id);
    }
  n = strlen (out);
  if (tmpfs && !uid)
    n += (size_t) snprintf (out + n, len - n, "%suid=%lld", n ? "," : "", host_id_of (&spec->userns.uid, 0));
  if (tmpfs && !gid)
    snprintf (out + n, len - n, "%sgid=%lld", n ? "," : "", host_id_of (&spec->userns.gid, 0));
  return out;
}

/* MAPPED: the spec when host root mounts for its user namespace (mapped_owner_data), else NULL. */
static int
mount_one (int rootfd, const char *rootfs_target, const struct jd_mount *m, int premounted,
           unsigned long root_propagation, const struct jd_spec *mapped, struct jd_error **err)
{
  char target[64];
  unsigned long propagation = m->propagation,
                flags = m->flags & ~(unsigned long) (JD_MOUNT_RECURSIVE_RDONLY | JD_MOUNT_RECURSIVE_RDONLY_TRY);
  int tree_read_only = (m->flags & JD_MOUNT_RECURSIVE_RDONLY) && (flags & MS_BIND) && (flags & MS_RDONLY);
  int tree_read_only_try = (m->flags & JD_MOUNT_RECURSIVE_RDONLY_TRY) != 0;
  /* under an rprivate root every new mount is private already */
  if (root_propagation == ROOT_PRIVATE && !(propagation & (MS_SHARED | MS_SLAVE | MS_UNBINDABLE)))
    propagation = 0;
  if (check_pseudo_target (rootfd, m, err) < 0)
    return -1;
  if (strcmp (m->type, JD_IMAGE_MOUNT_TYPE) == 0)
    return premounted >= 0 ? place_tree (rootfd, premounted, m, err) : mount_image (rootfd, rootfs_target, m, err);
  if (strcmp (m->type, JD_SUBPATH_MOUNT_TYPE) == 0)
    return mount_volume_subpath (rootfd, m, err);
  cleanup_close int fd = create_in_root (rootfd, m->destination, m->file_target, err);
  if (fd < 0 || (!(flags & MS_REMOUNT) && is_root (fd, rootfd, m, err) < 0))
    return -1;
  fd_path (fd, target, sizeof (target));
  int r;
  if (flags & MS_REMOUNT)
    r = mount (NULL, target, NULL, flags, m->data[0] ? m->data : NULL);
  else if (premounted >= 0)
    r = (int) syscall (SYS_move_mount, premounted, "", fd, "",
                       JD_MOVE_MOUNT_F_EMPTY_PATH | JD_MOVE_MOUNT_T_EMPTY_PATH);
  else if (flags & MS_BIND)
    r = mount (m->source, target, NULL, MS_BIND | (flags & MS_REC), NULL);
  else
    {
      cleanup_free char *data = mapped != NULL ? mapped_owner_data (mapped, m) : NULL;
      if (mapped != NULL && data == NULL)
        return jd_make_error (err, errno, "options of `%s` on `%s` for the user namespace", m->type, m->destination);
      const char *d = data != NULL ? data : m->data;
      r = mount (m->source, target, m->type, flags, d[0] ? d : NULL);
    }
  if (r < 0)
    return jd_make_error (err, errno, "mount `%s` (%s) on `%s`", m->source, m->type, m->destination);
  if (!(flags & MS_REMOUNT) && (((flags & MS_BIND) && (flags & ~(MS_BIND | MS_REC))) || propagation))
    {
      /* the O_PATH fd still names the covered directory: reopen to reach the new mount */
      cleanup_close int top = open_in_root (rootfd, m->destination, 0);
      if (top < 0)
        return jd_make_error (err, errno, "reopen `%s`", m->destination);
      fd_path (top, target, sizeof (target));
      if ((flags & MS_BIND) && (flags & ~(MS_BIND | MS_REC))
          && mount (NULL, target, NULL, flags | MS_REMOUNT, NULL) < 0)
        return jd_make_error (err, errno, "remount `%s`", m->destination);
      if (propagation && mount (NULL, target, NULL, propagation, NULL) < 0)
        return jd_make_error (err, errno, "set propagation of `%s`", m->destination);
      /* after the propagation (runc's order): a slave bind would otherwise let a host mount in writable meanwhile */
      if (tree_read_only && make_tree_read_only (top) < 0
          && !(tree_read_only_try && (errno == ENOSYS || errno == EPERM || errno == EINVAL)))
        return jd_make_error (err, errno, "make `%s` read-only recursively", m->destination);
    }
  return 0;
}

/* In a user namespace mknod is refused: the host's node is bound on an empty file, as runc does; only when the
 * host's node at that path is the very device asked for (the spec names the container's path). */
static int
bind_device (int rootfd, const struct jd_device *d, struct jd_error **err)
{
  char target[64];
  struct stat st;
  mode_t type = d->type == 'b' ? S_IFBLK : S_IFCHR;
  if (stat (d->path, &st) < 0 || (st.st_mode & S_IFMT) != type || st.st_rdev != makedev (d->major, d->minor))
    return jd_make_error (err, ENODEV, "device `%s` %c %u:%u: not the host's node at that path (a user namespace "
                          "binds the host's)", d->path, d->type, d->major, d->minor);
  cleanup_close int fd = create_in_root (rootfd, d->path, 1, err);
  if (fd < 0)
    return -1;
  fd_path (fd, target, sizeof (target));
  if (mount (d->path, target, NULL, MS_BIND, NULL) < 0)
    return jd_make_error (err, errno, "bind device `%s`", d->path);
  return 0;
}

/* HOST_SIDE: host root makes them for the user namespace (jd_userns_lock_mounts): the spec's ids are the container's,
 * chowned as their host ids. */
static int
create_devices (int rootfd, const struct jd_spec *spec, int host_side, struct jd_error **err)
{
  for (size_t i = 0; i < spec->n_devices; i++)
    {
      const struct jd_device *d = &spec->devices[i];
      if (spec->userns.enabled && d->type != 'p') /* a fifo needs no privilege */
        {
          if (bind_device (rootfd, d, err) < 0)
            return -1;
          continue;
        }
      cleanup_free char *dir = strdup (d->path);
      if (dir == NULL)
        return jd_make_error (err, ENOMEM, "device");
      char *base = strrchr (dir, '/');
      *base = '\0';
      cleanup_close int dirfd = create_in_root (rootfd, dir[0] ? dir : "/", 0, err);
      if (dirfd < 0)
        return -1;
      mode_t type = d->type == 'b' ? S_IFBLK : d->type == 'p' ? S_IFIFO : S_IFCHR;
      /* the init's umask is 0: mknod sets the mode exactly. An entry that exists already (from the image) is left
       * alone, as runc does: chown or chmod of it could follow a symlink out of the root (not pivoted yet). */
      if (mknodat (dirfd, base + 1, type | d->mode, makedev (d->major, d->minor)) < 0)
        {
          if (errno == EEXIST)
            continue;
          return jd_make_error (err, errno, "mknod `%s`", d->path);
        }
      long long uid = host_side ? host_id_of (&spec->userns.uid, d->uid) : (long long) d->uid,
                gid = host_side ? host_id_of (&spec->userns.gid, d->gid) : (long long) d->gid;
      if (uid < 0 || gid < 0)
        return jd_make_error (err, EINVAL, "device `%s`: its owner is not mapped in the user namespace", d->path);
      if (fchownat (dirfd, base + 1, (uid_t) uid, (gid_t) gid, AT_SYMLINK_NOFOLLOW) < 0)
        return jd_make_error (err, errno, "chown `%s`", d->path);
    }
  return 0;
}

static int
create_dev_symlinks (int rootfd, struct jd_error **err)
{
  static const char *links[][2] = { { "/proc/self/fd", "fd" },     { "/proc/self/fd/0", "stdin" },
                                     { "/proc/self/fd/1", "stdout" }, { "/proc/self/fd/2", "stderr" },
                                     { "pts/ptmx", "ptmx" },          { "/proc/kcore", "core" } };
  cleanup_close int devfd = open_in_root (rootfd, "/dev", O_DIRECTORY);
  if (devfd < 0)
    return 0; /* no /dev in this rootfs */
  for (size_t i = 0; i < sizeof (links) / sizeof (links[0]); i++)
    {
      if (strcmp (links[i][1], "core") == 0 && access ("/proc/kcore", F_OK) != 0)
        continue; /* as runc: no /dev/core where the kernel has no /proc/kcore (before pivot: the host's) */
      if (strcmp (links[i][1], "ptmx") == 0)
        unlinkat (devfd, "ptmx", 0); /* a ptmx node from the image would bypass the container's devpts */
      if (symlinkat (links[i][0], devfd, links[i][1]) < 0 && errno != EEXIST)
        return jd_make_error (err, errno, "symlink /dev/%s", links[i][1]);
    }
  return 0;
}

static int
bind_console (int rootfd, const char *console_path, struct jd_error **err)
{
  char target[64];
  cleanup_close int fd = create_in_root (rootfd, "/dev/console", 1, err);
  if (fd < 0)
    return -1;
  fd_path (fd, target, sizeof (target));
  if (mount (console_path, target, NULL, MS_BIND, NULL) < 0)
    return jd_make_error (err, errno, "bind console `%s`", console_path);
  return 0;
}

int
jd_setup_rootfs (const struct jd_spec *spec, const char *console_path, const struct jd_premounts *pre,
                 struct jd_error **err)
{
  unsigned long root_propagation = jd_spec_root_propagation (spec);
  if (mount_root (spec, root_propagation, pre, err) < 0)
    return -1;
  /* the fsmount/open_tree fd names the attached root since move_mount; a path would need the host's directories */
  cleanup_close int rootfd = pre->root_fd >= 0 ? fcntl (pre->root_fd, F_DUPFD_CLOEXEC, 3)
                                               : open (spec->rootfs_target, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (rootfd < 0)
    return jd_make_error (err, errno, "open rootfs `%s`", spec->rootfs_target);
  for (size_t i = 0; i < spec->n_mounts; i++)
    if (mount_one (rootfd, spec->rootfs_target, &spec->mounts[i], i < pre->n_binds ? pre->binds[i] : -1,
                   root_propagation, pre->host_side ? spec : NULL, err) < 0)
      return -1;
  if (create_devices (rootfd, spec, pre->host_side, err) < 0 || create_dev_symlinks (rootfd, err) < 0)
    return -1;
  if (console_path != NULL && bind_console (rootfd, console_path, err) < 0)
    return -1;
  return 0;
}

int
jd_pivot_root (const struct jd_spec *spec, const struct jd_premounts *pre, struct jd_error **err)
{
  const char *rootfs = spec->rootfs_target;
  unsigned long root_propagation = jd_spec_root_propagation (spec);
  cleanup_close int oldroot = open ("/", O_DIRECTORY | O_RDONLY | O_CLOEXEC);
  cleanup_close int newroot = pre->root_fd >= 0 ? fcntl (pre->root_fd, F_DUPFD_CLOEXEC, 3)
                                                : open (rootfs, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
  if (oldroot < 0 || newroot < 0)
    return jd_make_error (err, errno, "open `%s`", oldroot < 0 ? "/" : rootfs);
  if (fchdir (newroot) < 0)
    return jd_make_error (err, errno, "chdir `%s`", rootfs);
  if (syscall (SYS_pivot_root, ".", ".") < 0)
    return jd_make_error (err, errno, "pivot_root `%s`", rootfs);
  /* the old root is now stacked on top of the new one at "/": detach it (through its own fd, so "." is surely the
   * old root's mount); when it still has peers on the host, make it rslave first so that the detach does not
   * unmount anything there */
  if (fchdir (oldroot) < 0)
    return jd_make_error (err, errno, "chdir to the old root");
  if (root_propagation != ROOT_PRIVATE && mount ("", ".", "", MS_SLAVE | MS_REC, NULL) < 0)
    return jd_make_error (err, errno, "make the old root rslave");
  if (umount2 (".", MNT_DETACH) < 0)
    return jd_make_error (err, errno, "detach old root");
  if (chdir ("/") < 0)
    return jd_make_error (err, errno, "chdir /");
  /* the new root gets the propagation asked for (runc applies it after pivot_root too) */
  if (root_propagation != ROOT_PRIVATE && mount ("", "/", "", root_propagation, NULL) < 0)
    return jd_make_error (err, errno, "set the propagation of the container's root");
  return 0;
}

/* MS_* flags that a bind-remount must keep (from statvfs). */
static unsigned long
kept_flags (const char *path)
{
  struct statvfs st;
  unsigned long flags = 0;
  if (statvfs (path, &st) < 0)
    return 0;
  if (st.f_flag & ST_NOSUID)
    flags |= MS_NOSUID;
  if (st.f_flag & ST_NODEV)
    flags |= MS_NODEV;
  if (st.f_flag & ST_NOEXEC)
    flags |= MS_NOEXEC;
  if (st.f_flag & ST_NOATIME)
    flags |= MS_NOATIME;
  if (st.f_flag & ST_NODIRATIME)
    flags |= MS_NODIRATIME;
  if (st.f_flag & ST_RELATIME)
    flags |= MS_RELATIME;
  return flags;
}

static int
mask_path (const char *path, struct jd_error **err)
{
  struct stat st;
  if (stat (path, &st) < 0)
    return errno == ENOENT ? 0 : jd_make_error (err, errno, "stat masked path `%s`", path);
  int r = S_ISDIR (st.st_mode) ? mount ("tmpfs", path, "tmpfs", MS_RDONLY, NULL)
                               : mount ("/dev/null", path, NULL, MS_BIND, NULL);
  if (r < 0)
    return jd_make_error (err, errno, "mask `%s`", path);
  return 0;
}

static int
readonly_path (const char *path, struct jd_error **err)
{
  if (mount (path, path, NULL, MS_BIND | MS_REC, NULL) < 0)
    return errno == ENOENT ? 0 : jd_make_error (err, errno, "bind read-only path `%s`", path);
  if (mount (NULL, path, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_REC | kept_flags (path), NULL) < 0)
    return jd_make_error (err, errno, "remount read-only `%s`", path);
  return 0;
}

/* Writes the spec's sysctls under /proc/sys (the container's own /proc, its network/ipc namespaces), before
 * /proc/sys is made read-only. Names are dotted (net.ipv4.ip_forward); the daemon validated them. */
int
jd_write_sysctls (const struct jd_spec *spec, struct jd_error **err)
{
  for (size_t i = 0; i < spec->n_sysctls; i++)
    {
      char path[PATH_MAX];
      int n = snprintf (path, sizeof (path), "/proc/sys/%s", spec->sysctl_keys[i]);
      if (n < 0 || (size_t) n >= sizeof (path))
        return jd_make_error (err, ENAMETOOLONG, "sysctl `%s`", spec->sysctl_keys[i]);
      for (char *p = path + strlen ("/proc/sys/"); *p; p++)
        if (*p == '.')
          *p = '/';
      cleanup_close int fd = open (path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
      if (fd < 0)
        return jd_make_error (err, errno, "open sysctl `%s`", spec->sysctl_keys[i]);
      size_t len = strlen (spec->sysctl_values[i]);
      if (write (fd, spec->sysctl_values[i], len) != (ssize_t) len)
        return jd_make_error (err, errno, "write sysctl `%s`=`%s`", spec->sysctl_keys[i], spec->sysctl_values[i]);
    }
  return 0;
}

int
jd_protect_paths (const struct jd_spec *spec, struct jd_error **err)
{
  for (size_t i = 0; i < spec->n_masked; i++)
    if (mask_path (spec->masked[i], err) < 0)
      return -1;
  for (size_t i = 0; i < spec->n_readonly; i++)
    if (readonly_path (spec->readonly[i], err) < 0)
      return -1;
  /* the working directory is made while the root is still writable, as moby makes it (SetupWorkingDirectory) in
   * the container's layer: a read-only root with a missing one starts (the process enters it later, enter_cwd);
   * one that is a file is moby's refusal, in its words */
  if (spec->cwd && spec->cwd[0] == '/')
    {
      struct stat st;
      if (jd_mkdir_p (spec->cwd, 0755, err) < 0)
        return -1;
      if (stat (spec->cwd, &st) == 0 && !S_ISDIR (st.st_mode))
        return jd_make_error (err, 0, "Cannot mkdir: %s is not a directory", spec->cwd); /* moby's words alone */
    }
  if (!spec->readonly_rootfs)
    return 0;
  if (mount (NULL, "/", NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | kept_flags ("/"), NULL) < 0)
    return jd_make_error (err, errno, "remount / read-only");
  return 0;
}

int
jd_setup_paths_after_pivot (const struct jd_spec *spec, struct jd_error **err)
{
  if (jd_write_sysctls (spec, err) < 0)
    return -1;
  return jd_protect_paths (spec, err);
}
