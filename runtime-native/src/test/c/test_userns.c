/* User namespaces (userns.c), as root: jd_userns_prepare makes a namespace with the spec's maps; a child entering it
 * (jd_userns_enter) is its root; the host-side mounts (an idmapped bind and an overlay over idmapped layers, an image
 * mount: an overlay of idmapped layers, read-only) show host root's files as the namespace's root's, and the upper
 * directory is given to the mapped root; the pid split (jd_userns_new_pidns) makes a pid namespace the user namespace
 * owns, whose /proc its root mounts inside and which shows it alone (/proc of a pid namespace it does not own is made
 * on the host's side); the probe of Status. Skipped when not root or where the kernel lacks the calls. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <dirent.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../main/c/common/spec.h"
#include "../../main/c/common/sync.h"
#include "../../main/c/common/utils.h"
#include "../../main/c/init/init.h"
#include "../../main/c/init/mount_api.h"
#include "test.h"

#define HOST_ID 3997696 /* 61 * 65536 */

/* PID: the spec's pid namespace ("new", or "path <p>") */
static int
spec_with_userns (struct jd_spec *s, const char *dir, const char *pid)
{
  char text[2048];
  struct jd_error *err = NULL;
  snprintf (text, sizeof (text),
            "jdock-spec 1\nid t\nbundle /b\nrundir /r\nrootfs overlay %s/root %s/upper %s/work %s/lower\narg x\n"
            "ns pid %s\nmount %s/vol /vol bind %d - dir\nmount proc /proc proc %d - dir\n"
            "mount %s/lower /img jdock-image %d - dir\nuserns new 0 %d 65536 0 %d 65536\nend\n",
            dir, dir, dir, dir, pid, dir, MS_BIND | MS_REC, MS_NOSUID | MS_NODEV | MS_NOEXEC, dir, MS_RDONLY, HOST_ID,
            HOST_ID);
  int r = jd_spec_parse (text, s, &err);
  if (r < 0)
    fprintf (stderr, "%s\n", err->msg);
  jd_error_release (&err);
  return r;
}

/* In a child: the host-side mounts, then the namespace; 0 when every check holds, else the failed step. S joins the
 * host's pid namespace, which the user namespace does not own (a pod an older monitor started): its /proc is made on
 * the host's side. */
static int
child (const struct jd_spec *s, int userns_fd)
{
  struct jd_premounts pre = { .root_fd = -1 };
  struct jd_error *err = NULL;
  struct stat st;
  char buf[128];
  if (unshare (CLONE_NEWNS) < 0 || mount ("", "/", "", MS_REC | MS_PRIVATE, NULL) < 0)
    return 10;
  if (jd_userns_host_mounts (s, userns_fd, &pre, &err) < 0)
    {
      fprintf (stderr, "host mounts: %s: %s\n", err->msg, strerror (err->status));
      return 11;
    }
  if (jd_userns_enter (userns_fd, &err) < 0 || unshare (CLONE_NEWNS) < 0)
    return 12;
  if (getuid () != 0 || getgid () != 0)
    return 13;
  cleanup_close int maps = open ("/proc/self/uid_map", O_RDONLY);
  ssize_t n = maps < 0 ? -1 : read (maps, buf, sizeof (buf) - 1);
  if (n <= 0)
    return 14;
  buf[n] = '\0';
  unsigned a, b, c;
  if (sscanf (buf, "%u %u %u", &a, &b, &c) != 3 || a != 0 || b != HOST_ID || c != 65536)
    return 15;
  /* the root: an overlay over the idmapped lower; image files appear as the namespace's root's */
  if (syscall (SYS_move_mount, pre.root_fd, "", AT_FDCWD, ".", 0x4) < 0)
    return 16;
  if (fstatat (pre.root_fd, "file", &st, 0) < 0 || st.st_uid != 0 || st.st_gid != 0)
    return 17;
  cleanup_close int fd = openat (pre.root_fd, "new", O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0)
    return 18;
  /* the bind: idmapped as well; /proc of the joined pid namespace made on the host's side */
  if (pre.binds == NULL || pre.n_binds != 3 || pre.binds[0] < 0 || pre.binds[1] < 0)
    return 19;
  if (fstatat (pre.binds[0], "f", &st, 0) < 0 || st.st_uid != 0)
    return 20;
  /* the image mount (one layer: an overlay with an empty second one): idmapped, read-only */
  if (pre.binds[2] < 0 || fstatat (pre.binds[2], "file", &st, 0) < 0 || st.st_uid != 0)
    return 21;
  if (openat (pre.binds[2], "w", O_CREAT | O_WRONLY | O_CLOEXEC, 0644) >= 0 || errno != EROFS)
    return 22;
  jd_premounts_close (&pre);
  return 0;
}

/* Only "1" among the numeric entries of the /proc at PATH: the pid namespace holds this process alone. */
static int
only_pid_1 (const char *path)
{
  int n = 0, one = 0;
  DIR *d = opendir (path);
  if (d == NULL)
    return 0;
  for (struct dirent *e; (e = readdir (d)) != NULL;)
    if (e->d_name[0] >= '0' && e->d_name[0] <= '9')
      {
        n++;
        one |= strcmp (e->d_name, "1") == 0;
      }
  closedir (d);
  return n == 1 && one;
}

/* The init's first process, as host root (in the child of a fork, CLONE_PARENT's parent being the test): the
 * host-side mounts leave /proc out (a new pid namespace is asked for), then in the user namespace the pid split. The
 * pid 1 reports its pid on REPORT, mounts a /proc that shows its pid namespace alone and waits for HOLD to close;
 * returns the failed step. */
static int
first (const struct jd_spec *s, int userns_fd, const char *dir, int report, int hold)
{
  struct jd_premounts pre = { .root_fd = -1 };
  struct jd_error *err = NULL;
  char path[256], c;
  if (unshare (CLONE_NEWNS) < 0 || mount ("", "/", "", MS_REC | MS_PRIVATE, NULL) < 0)
    return 31;
  if (jd_userns_host_mounts (s, userns_fd, &pre, &err) < 0)
    return 32;
  if (pre.n_binds != 3 || pre.binds[0] < 0 || pre.binds[1] != -1)
    return 33;
  jd_premounts_close (&pre);
  if (jd_userns_enter (userns_fd, &err) < 0)
    return 34;
  pid_t pid = jd_userns_new_pidns (&err);
  if (pid < 0)
    return 35;
  if (pid > 0)
    return write (report, &pid, sizeof (pid)) == sizeof (pid) ? 0 : 36;
  /* pid 1 */
  if (getpid () != 1 || unshare (CLONE_NEWNS) < 0)
    _exit (37);
  snprintf (path, sizeof (path), "%s/proc", dir);
  if (mount ("proc", path, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
    _exit (38);
  if (!only_pid_1 (path))
    _exit (39);
  while (read (hold, &c, 1) < 0 && errno == EINTR)
    ;
  _exit (0);
}

/* The pid split (jd_userns_new_pidns): the pid namespace's first process is the test's child, pid 1 there, the user
 * namespace owns its pid namespace, and its /proc (mounted inside) lists it alone. */
static void
test_pidns (const struct jd_spec *s, int userns_fd, const char *dir)
{
  int report[2], hold[2];
  pid_t init = -1;
  if (pipe (report) < 0 || pipe (hold) < 0)
    return;
  pid_t pid = fork ();
  if (pid == 0)
    {
      close (hold[1]);
      _exit (first (s, userns_fd, dir, report[1], hold[0]));
    }
  close (hold[0]);
  close (report[1]);
  int status = 0;
  waitpid (pid, &status, 0);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    fprintf (stderr, "test_pidns: first process failed at step %d\n", WEXITSTATUS (status));
  CHECK (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  CHECK (read (report[0], &init, sizeof (init)) == sizeof (init) && init > 0);
  close (report[0]);
  if (init <= 0)
    return;
  char path[64];
  snprintf (path, sizeof (path), "/proc/%d/ns/pid", (int) init);
  cleanup_close int pidns = open (path, O_RDONLY | O_CLOEXEC);
  CHECK (pidns >= 0 && jd_ns_owned_by (pidns, userns_fd));
  close (hold[1]);
  /* CLONE_PARENT: the pid 1 is this process's child */
  status = 0;
  CHECK (waitpid (init, &status, 0) == init);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    fprintf (stderr, "test_pidns: pid 1 failed at step %d\n", WEXITSTATUS (status));
  CHECK (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  printf ("test_userns: pid 1 of a pid namespace owned by the user namespace, its /proc mounted inside\n");
}

/* The locked mounts' order (jd_userns_lock_mounts, jd_userns_locked_root), in a child as the init's first process
 * would run it without a pid split: the host-side mounts, the helper (host root, in a mount namespace of the init's
 * own, where it pivots), the user namespace, the copy. Then, as the namespace's root with every
 * capability there, the attacks of a container with CAP_SYS_ADMIN: each mount the helper made must stay. Returns the
 * failed step. */
static int
locked (const struct jd_spec *s, int userns_fd)
{
  struct jd_premounts pre = { .root_fd = -1 };
  struct jd_error *err = NULL;
  struct stat st;
  int fd = -1, status = 0;
  struct jd_mount_attr rw = { .attr_clr = JD_MOUNT_ATTR_RDONLY };
  if (unshare (CLONE_NEWNS) < 0 || mount ("", "/", "", MS_REC | MS_PRIVATE, NULL) < 0)
    return 40;
  if (jd_userns_host_mounts (s, userns_fd, &pre, &err) < 0)
    return 41;
  pid_t mounter = jd_userns_lock_mounts (s, NULL, &pre, userns_fd, -1, &fd, &err);
  if (mounter < 0)
    return 42;
  if (jd_userns_enter (userns_fd, &err) < 0)
    return 43;
  if (jd_userns_locked_root (fd, &pre, &err) < 0)
    {
      fprintf (stderr, "locked root: %s: %s\n", err->msg, strerror (err->status));
      return 44;
    }
  close (fd);
  if (waitpid (mounter, &status, 0) != mounter || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
    return 45;
  jd_premounts_close (&pre);
  /* the helper's pivot_root made the container's root this process's */
  if (stat ("/file", &st) < 0 || stat ("/ro/f", &st) < 0 || access ("/tmp", F_OK) == 0)
    return 46;
  /* what the helper made: the tmpfs the namespace's root's and writable, the mask, the read-only bind and root */
  if (stat ("/dev", &st) < 0 || st.st_uid != 0 || st.st_gid != 0 || mkdir ("/dev/x", 0755) < 0)
    return 47;
  if (stat ("/ro/d/secret", &st) == 0 || errno != ENOENT || stat ("/ro/f", &st) < 0)
    return 48;
  if (open ("/ro/w", O_CREAT | O_WRONLY, 0644) >= 0 || errno != EROFS || open ("/w", O_CREAT | O_WRONLY, 0644) >= 0)
    return 49;
  /* no umount (EINVAL: locked), no remount or mount_setattr read-write (EPERM), no move */
  if (umount2 ("/ro/d", MNT_DETACH) == 0 || errno != EINVAL || umount2 ("/ro", 0) == 0 || umount2 ("/dev", 0) == 0)
    return 50;
  if (mount (NULL, "/ro", NULL, MS_REMOUNT | MS_BIND, NULL) == 0 || errno != EPERM
      || mount (NULL, "/", NULL, MS_REMOUNT | MS_BIND, NULL) == 0 || errno != EPERM)
    return 51;
  if (syscall (SYS_mount_setattr, AT_FDCWD, "/ro", 0, &rw, sizeof (rw)) == 0 || errno != EPERM
      || syscall (SYS_mount_setattr, AT_FDCWD, "/", AT_RECURSIVE, &rw, sizeof (rw)) == 0)
    return 52;
  if (syscall (SYS_move_mount, AT_FDCWD, "/ro/d", AT_FDCWD, "/dev/x", 0) == 0 || errno != EINVAL)
    return 53;
  /* open_tree: no clone of a tree without its locked mounts; a recursive clone keeps the locked flags */
  if (syscall (SYS_open_tree, AT_FDCWD, "/ro", 1 /* OPEN_TREE_CLONE */) >= 0 || errno != EINVAL)
    return 54;
  cleanup_close int tree = (int) syscall (SYS_open_tree, AT_FDCWD, "/ro", 1 | AT_RECURSIVE);
  if (tree < 0 || syscall (SYS_mount_setattr, tree, "", AT_EMPTY_PATH, &rw, sizeof (rw)) == 0 || errno != EPERM)
    return 55;
  if (syscall (SYS_move_mount, tree, "", AT_FDCWD, "/dev/x", 0x4) < 0 || stat ("/dev/x/d/secret", &st) == 0
      || umount2 ("/dev/x/d", MNT_DETACH) == 0)
    return 56;
  /* pivot_root again, into a clone of the root: its mounts still locked, the mask kept */
  cleanup_close int again = (int) syscall (SYS_open_tree, AT_FDCWD, "/", 1 | AT_RECURSIVE | O_CLOEXEC);
  if (again < 0 || mkdir ("/dev/y", 0755) < 0 || syscall (SYS_move_mount, again, "", AT_FDCWD, "/dev/y", 0x4) < 0
      || fchdir (again) < 0 || syscall (SYS_pivot_root, ".", ".") < 0 || umount2 (".", MNT_DETACH) < 0
      || chdir ("/") < 0)
    return 57;
  if (stat ("/ro/d/secret", &st) == 0 || umount2 ("/ro/d", MNT_DETACH) == 0 || errno != EINVAL
      || mount (NULL, "/ro", NULL, MS_REMOUNT | MS_BIND, NULL) == 0)
    return 58;
  /* a fifo device the helper made (host root) has the spec's ids as the container's */
  if (stat ("/dev/f", &st) < 0 || !S_ISFIFO (st.st_mode) || st.st_uid != 0 || st.st_gid != 0)
    return 60;
  /* a fresh procfs needs a fully visible one: there is none here */
  if (mkdir ("/dev/p", 0755) < 0 || mount ("proc", "/dev/p", "proc", 0, NULL) == 0)
    return 59;
  return 0;
}

static void
test_locked (int userns_fd, const char *dir)
{
  char text[2048];
  struct jd_spec s;
  struct jd_error *err = NULL;
  snprintf (text, sizeof (text),
            "jdock-spec 1\nid t\nbundle /b\nrundir /r\nrootfs overlay %s/root %s/upper2 %s/work2 %s/lower\narg x\n"
            "mount %s/vol /ro bind %d - dir\nmount tmpfs /dev tmpfs %d mode=755 dir\nmasked /ro/d\nrootfsro 1\n"
            "device /dev/f p 0 0 432 0 0\n"
            "userns new 0 %d 65536 0 %d 65536\nend\n",
            dir, dir, dir, dir, dir, MS_BIND | MS_REC | MS_RDONLY, MS_NOSUID, HOST_ID, HOST_ID);
  CHECK (jd_spec_parse (text, &s, &err) == 0);
  jd_error_release (&err);
  pid_t pid = fork ();
  if (pid == 0)
    _exit (locked (&s, userns_fd));
  int status = 0;
  waitpid (pid, &status, 0);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    fprintf (stderr, "test_locked: failed at step %d\n", WEXITSTATUS (status));
  CHECK (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  /* the mount points the host-root helper made in the rootfs (missing in the image) are the container root's */
  struct stat st;
  snprintf (text, sizeof (text), "%s/upper2/ro", dir);
  CHECK (stat (text, &st) == 0 && st.st_uid == HOST_ID && st.st_gid == HOST_ID);
  snprintf (text, sizeof (text), "%s/upper2/dev", dir);
  CHECK (stat (text, &st) == 0 && st.st_uid == HOST_ID && st.st_gid == HOST_ID);
  printf ("test_userns: mounts made on the host's side stay locked in the user namespace\n");
  jd_spec_free (&s);
}

/* Joining by a process's path: its maps must be the spec's (a reused pid names another pod's namespace). */
static void
test_join (int userns_fd)
{
  int p[2];
  char text[512], c;
  struct jd_spec s;
  struct jd_error *err = NULL;
  if (pipe (p) < 0)
    return;
  pid_t holder = fork ();
  if (holder == 0)
    {
      close (p[1]);
      struct jd_error *e = NULL;
      if (jd_userns_enter (userns_fd, &e) < 0)
        _exit (1);
      while (read (p[0], &c, 1) < 0 && errno == EINTR)
        ;
      _exit (0);
    }
  close (p[0]);
  usleep (100000);
  for (int wrong = 0; wrong < 2; wrong++)
    {
      snprintf (text, sizeof (text), "jdock-spec 1\nid t\nbundle /b\nrundir /r\nrootfs bind /d /t\narg x\n"
                "userns path /proc/%d/ns/user 0 %d 65536 0 %d 65536\nend\n", (int) holder,
                wrong ? HOST_ID + 65536 : HOST_ID, HOST_ID);
      CHECK (jd_spec_parse (text, &s, &err) == 0);
      int fd = jd_userns_prepare (&s, &err);
      CHECK (wrong ? fd < 0 && err != NULL && err->status == ESRCH : fd >= 0);
      if (fd >= 0)
        close (fd);
      jd_error_release (&err);
      jd_spec_free (&s);
    }
  close (p[1]);
  waitpid (holder, NULL, 0);
}

static void
test_userns (void)
{
  char dir[] = "/tmp/jd-test-userns.XXXXXX";
  char path[256];
  struct jd_spec s, joined;
  struct jd_error *err = NULL;
  struct stat st;
  if (geteuid () != 0 || mkdtemp (dir) == NULL)
    {
      printf ("test_userns: skipped (not root)\n");
      return;
    }
  const char *subdirs[] = { "root", "upper", "work", "lower", "vol", "proc", "upper2", "work2", "vol/d" };
  chmod (dir, 0755); /* the namespace's root reaches proc/ */
  for (int i = 0; i < 9; i++)
    {
      snprintf (path, sizeof (path), "%s/%s", dir, subdirs[i]);
      mkdir (path, 0755);
    }
  snprintf (path, sizeof (path), "%s/lower/file", dir);
  close (open (path, O_CREAT | O_WRONLY, 0644));
  snprintf (path, sizeof (path), "%s/vol/f", dir);
  close (open (path, O_CREAT | O_WRONLY, 0644));
  snprintf (path, sizeof (path), "%s/vol/d/secret", dir);
  close (open (path, O_CREAT | O_WRONLY, 0644));
  CHECK (spec_with_userns (&s, dir, "new") == 0);
  CHECK (spec_with_userns (&joined, dir, "path /proc/self/ns/pid") == 0);
  int userns_fd = jd_userns_prepare (&s, &err);
  if (userns_fd < 0)
    {
      printf ("test_userns: skipped (%s)\n", err->msg);
      jd_error_release (&err);
      jd_spec_free (&s);
      jd_spec_free (&joined);
      return;
    }
  pid_t pid = fork ();
  if (pid == 0)
    _exit (child (&joined, userns_fd));
  int status = 0;
  waitpid (pid, &status, 0);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    fprintf (stderr, "test_userns: child failed at step %d\n", WEXITSTATUS (status));
  CHECK (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  snprintf (path, sizeof (path), "%s/upper", dir);
  CHECK (stat (path, &st) == 0 && st.st_uid == HOST_ID && st.st_gid == HOST_ID);
  snprintf (path, sizeof (path), "%s/upper/new", dir);
  CHECK (stat (path, &st) == 0 && st.st_uid == HOST_ID);
  printf ("test_userns: an overlay over idmapped layers and an idmapped bind in a new user namespace\n");
  test_pidns (&s, userns_fd, dir);
  test_locked (userns_fd, dir);
  test_join (userns_fd);
  close (userns_fd);
  jd_spec_free (&s);
  jd_spec_free (&joined);
  char cmd[300];
  snprintf (cmd, sizeof (cmd), "rm -rf '%s'", dir);
  CHECK (system (cmd) == 0);
}

/* The monitor's side of the pid split (jd_userns_await_pid), with a child that clones a CLONE_PARENT "pid 1" (the
 * test's child too, holding the socket until it closes) and TELL: sends that pid and exits; else exits without a word
 * (killed between its clone and its send), which must fail the wait rather than block it (the pid 1 waits for GO). */
static void
await_pid (int tell)
{
  struct jd_error *err = NULL;
  int sv[2];
  CHECK (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) == 0);
  pid_t cloned = fork ();
  if (cloned == 0)
    {
      close (sv[0]);
      pid_t one = (pid_t) syscall (SYS_clone, CLONE_PARENT | SIGCHLD, NULL, NULL, NULL, 0);
      if (one == 0)
        {
          char c;
          _exit (recv (sv[1], &c, 1, 0) == 0 ? 0 : 1); /* the socket's end: the test is done */
        }
      struct jd_sync_msg msg = { .type = JD_SYNC_PID };
      snprintf (msg.msg, sizeof (msg.msg), "%d", (int) one);
      if (tell && send (sv[1], &msg, sizeof (msg), MSG_NOSIGNAL) < 0)
        _exit (2);
      _exit (0);
    }
  close (sv[1]);
  alarm (10); /* a wait that blocks fails the test instead of hanging it */
  pid_t one = jd_userns_await_pid (sv[0], cloned, &err);
  alarm (0);
  if (tell)
    CHECK (one > 0 && one != cloned && kill (one, 0) == 0);
  else
    CHECK (one < 0 && err != NULL && err->status == EPIPE && strstr (err->msg, "exited before"));
  CHECK (waitpid (cloned, NULL, WNOHANG) < 0 && errno == ECHILD); /* reaped */
  jd_error_release (&err);
  close (sv[0]);
  int status;
  pid_t w = wait (&status); /* the pid 1 ends with the socket */
  CHECK (w > 0 && (!tell || w == one) && WIFEXITED (status) && WEXITSTATUS (status) == 0);
}

/* The probe of Status and RunPodSandbox: an idmapped mount of each directory, the first an overlay's lower layer. */
static void
test_probe (void)
{
  struct jd_error *err = NULL;
  char *ok[] = { "/tmp", "/tmp" }, *proc[] = { "/tmp", "/proc" };
  if (geteuid () != 0)
    return;
  CHECK (jd_userns_probe (ok, 2, &err) == 0);
  jd_error_release (&err);
  CHECK (jd_userns_probe (proc, 2, &err) < 0 && err != NULL && err->status == EINVAL && strstr (err->msg, "/proc"));
  jd_error_release (&err);
}

int
main (void)
{
  test_userns ();
  test_probe ();
  await_pid (1);
  await_pid (0);
  return TEST_RESULT ();
}
