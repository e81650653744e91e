/* The pty master of an exec with a TTY, from the container's own devpts (as runc does, so that ttyname() works
 * inside). The path dev/ptmx belongs to the running container: opened through /proc/<pid>/root from the host, an
 * absolute symlink there would be followed on the host (any host file or device opened read-write as root). It is
 * resolved inside the container's root instead, and opened only once it is known to be a devpts ptmx node. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "../common/utils.h"
#include "exec.h"

#define JD_DEVPTS_SUPER_MAGIC 0x1cd1

int
jd_open_container_ptmx (int rootfd, struct jd_error **err)
{
  struct stat st;
  struct statfs sfs;
  char path[64];
  cleanup_close int fd = jd_open_in_root (rootfd, "/dev/ptmx", O_PATH);
  if (fd < 0)
    return jd_make_error (err, errno, "open the container's /dev/ptmx");
  if (fstat (fd, &st) < 0 || fstatfs (fd, &sfs) < 0)
    return jd_make_error (err, errno, "stat the container's /dev/ptmx");
  if (!S_ISCHR (st.st_mode) || major (st.st_rdev) != 5 || minor (st.st_rdev) != 2
      || sfs.f_type != JD_DEVPTS_SUPER_MAGIC)
    return jd_make_error (err, ENOTTY, "the container's /dev/ptmx is not a devpts ptmx");
  snprintf (path, sizeof (path), "/proc/self/fd/%d", fd);
  int master = open (path, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master < 0)
    return jd_make_error (err, errno, "open the container's /dev/ptmx");
  return master;
}
