/* The exec's pty master: dev/ptmx is resolved inside the container's root and must be a devpts ptmx node; what a
 * container puts there (a symlink out of the root, a file, a node on another file system) is refused, never opened. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "../../main/c/exec/exec.h"
#include "test.h"

static char root[] = "/tmp/jd-ptyroot-XXXXXX";
static char ptmx[160], dev[64];

/* Expects a refusal with errno WANT (0: any) and no descriptor. */
static void
refused (int rootfd, int want)
{
  struct jd_error *err = NULL;
  int fd = jd_open_container_ptmx (rootfd, &err);
  CHECK (fd < 0 && err != NULL);
  if (want != 0)
    CHECK (err != NULL && err->status == want);
  if (fd >= 0)
    close (fd);
  jd_error_release (&err);
}

static void
test_refusals (int rootfd)
{
  char host_only[] = "/tmp/jd-ptyhost-XXXXXX";
  int h = mkstemp (host_only);
  CHECK (h >= 0);
  close (h);

  refused (rootfd, ENOENT); /* no dev/ptmx */

  CHECK (symlink (host_only, ptmx) == 0); /* absolute: resolved in the root, where it does not exist */
  refused (rootfd, ENOENT);
  unlink (ptmx);

  CHECK (symlink ("../../../../../../dev/ptmx", ptmx) == 0); /* climbs out: clamped to the root, itself */
  refused (rootfd, ELOOP);
  unlink (ptmx);

  CHECK (symlink ("/dev/ptmx", ptmx) == 0); /* the host's ptmx by an absolute path: itself in the root */
  refused (rootfd, ELOOP);
  unlink (ptmx);

  int f = open (ptmx, O_WRONLY | O_CREAT, 0666); /* a plain file */
  CHECK (f >= 0);
  close (f);
  refused (rootfd, ENOTTY);
  unlink (ptmx);

  if (getuid () == 0)
    {
      CHECK (mknod (ptmx, S_IFCHR | 0666, makedev (5, 2)) == 0); /* a ptmx node, but not on a devpts */
      refused (rootfd, ENOTTY);
      unlink (ptmx);
    }
  unlink (host_only);
}

/* As root, in a private mount namespace: a devpts instance at dev/pts and the usual dev/ptmx -> pts/ptmx link. */
static void
test_devpts (void)
{
  char pts[96];
  struct jd_error *err = NULL;
  snprintf (pts, sizeof (pts), "%s/pts", dev);
  if (getuid () != 0 || unshare (CLONE_NEWNS) < 0 || mount ("", "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
    return;
  CHECK (mkdir (pts, 0755) == 0);
  CHECK (mount ("devpts", pts, "devpts", 0, "newinstance,ptmxmode=0666") == 0);
  CHECK (symlink ("pts/ptmx", ptmx) == 0);
  int rootfd = open (root, O_PATH | O_DIRECTORY | O_CLOEXEC); /* in this namespace, which has the devpts */
  int m = jd_open_container_ptmx (rootfd, &err);
  CHECK (m >= 0 && isatty (m));
  if (m >= 0)
    close (m);
  close (rootfd);
  jd_error_release (&err);
  unlink (ptmx);
  umount2 (pts, MNT_DETACH);
  rmdir (pts);
}

int
main (void)
{
  CHECK (mkdtemp (root) != NULL);
  snprintf (dev, sizeof (dev), "%s/dev", root);
  snprintf (ptmx, sizeof (ptmx), "%s/ptmx", dev);
  CHECK (mkdir (dev, 0755) == 0);
  int rootfd = open (root, O_PATH | O_DIRECTORY | O_CLOEXEC);
  CHECK (rootfd >= 0);
  test_refusals (rootfd);
  close (rootfd);
  test_devpts ();
  rmdir (dev);
  rmdir (root);
  return TEST_RESULT ();
}
