/* User namespaces (userns.c), as root: jd_userns_prepare makes a namespace with the spec's maps; a child entering it
 * (jd_userns_enter) is its root; the host-side mounts (an idmapped bind and an overlay over idmapped layers) show host
 * root's files as the namespace's root's, and the upper directory is given to the mapped root. Skipped when not root
 * or where the kernel lacks the calls. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../main/c/common/spec.h"
#include "../../main/c/common/utils.h"
#include "../../main/c/init/init.h"
#include "test.h"

#define HOST_ID 3997696 /* 61 * 65536 */

static int
spec_with_userns (struct jd_spec *s, const char *dir)
{
  char text[2048];
  struct jd_error *err = NULL;
  snprintf (text, sizeof (text),
            "jdock-spec 1\nid t\nbundle /b\nrundir /r\nrootfs overlay %s/root %s/upper %s/work %s/lower\narg x\n"
            "mount %s/vol /vol bind %d - dir\nuserns new 0 %d 65536 0 %d 65536\nend\n",
            dir, dir, dir, dir, dir, MS_BIND | MS_REC, HOST_ID, HOST_ID);
  int r = jd_spec_parse (text, s, &err);
  if (r < 0)
    fprintf (stderr, "%s\n", err->msg);
  jd_error_release (&err);
  return r;
}

/* In a child: the host-side mounts, then the namespace; 0 when every check holds, else the failed step. */
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
  /* the bind: idmapped as well */
  if (pre.binds == NULL || pre.n_binds != 1 || pre.binds[0] < 0)
    return 19;
  if (fstatat (pre.binds[0], "f", &st, 0) < 0 || st.st_uid != 0)
    return 20;
  jd_premounts_close (&pre);
  return 0;
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
  struct jd_spec s;
  struct jd_error *err = NULL;
  struct stat st;
  if (geteuid () != 0 || mkdtemp (dir) == NULL)
    {
      printf ("test_userns: skipped (not root)\n");
      return;
    }
  const char *subdirs[] = { "root", "upper", "work", "lower", "vol" };
  for (int i = 0; i < 5; i++)
    {
      snprintf (path, sizeof (path), "%s/%s", dir, subdirs[i]);
      mkdir (path, 0755);
    }
  snprintf (path, sizeof (path), "%s/lower/file", dir);
  close (open (path, O_CREAT | O_WRONLY, 0644));
  snprintf (path, sizeof (path), "%s/vol/f", dir);
  close (open (path, O_CREAT | O_WRONLY, 0644));
  CHECK (spec_with_userns (&s, dir) == 0);
  int userns_fd = jd_userns_prepare (&s, &err);
  if (userns_fd < 0)
    {
      printf ("test_userns: skipped (%s)\n", err->msg);
      jd_error_release (&err);
      jd_spec_free (&s);
      return;
    }
  pid_t pid = fork ();
  if (pid == 0)
    _exit (child (&s, userns_fd));
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
  test_join (userns_fd);
  close (userns_fd);
  jd_spec_free (&s);
  char cmd[300];
  snprintf (cmd, sizeof (cmd), "rm -rf '%s'", dir);
  CHECK (system (cmd) == 0);
}

int
main (void)
{
  test_userns ();
  return TEST_RESULT ();
}
