/* AppArmor: the profile the container's process (or an exec's) runs under, applied as runc applies it: "exec <name>"
 * written to the task's own AppArmor attr, which the kernel acts on at the execve that follows (no transition before:
 * the init keeps its own profile while it prepares). The kernel refuses a profile it has not loaded with ENOENT. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <stdio.h>
#include <string.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "../common/utils.h"
#include "init.h"

/* The attr file under PROC: the LSM-scoped one (Linux 5.8+), else the older interface's. */
static int
open_attr (const char *proc, char *path, size_t size)
{
  snprintf (path, size, "%s/thread-self/attr/apparmor/exec", proc);
  int fd = open (path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd >= 0 || errno != ENOENT)
    return fd;
  snprintf (path, size, "%s/self/attr/exec", proc);
  return open (path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
}

int
jd_apparmor_exec_at (const char *proc, const char *profile, int require_procfs, struct jd_error **err)
{
  char path[256], value[4096];
  if (profile == NULL || profile[0] == '\0')
    return 0;
  int n = snprintf (value, sizeof (value), "exec %s", profile);
  if (n < 0 || (size_t) n >= sizeof (value))
    return jd_make_error (err, ENAMETOOLONG, "apparmor failed to apply profile: profile name too long");
  cleanup_close int fd = open_attr (proc, path, sizeof (path));
  if (fd < 0)
    return jd_make_error (err, errno, "apparmor failed to apply profile: open %s", path);
  /* the container's /proc is the procfs the init mounted; anything else there is not the kernel's attr */
  struct statfs fs;
  if (require_procfs && (fstatfs (fd, &fs) < 0 || fs.f_type != PROC_SUPER_MAGIC))
    return jd_make_error (err, EXDEV, "apparmor failed to apply profile: %s is not on procfs", path);
  ssize_t w = write (fd, value, (size_t) n);
  if (w < 0)
    return jd_make_error (err, errno, "apparmor failed to apply profile: write %s", path);
  if (w != n)
    return jd_make_error (err, EIO, "apparmor failed to apply profile: write %s: short write", path);
  return 0;
}

int
jd_apply_apparmor (const char *profile, struct jd_error **err)
{
  return jd_apparmor_exec_at ("/proc", profile, 1, err);
}
