/* The container init's cgroup joins: the file each kind of entry is joined through, and (as root, where a cgroup
 * hierarchy is mounted) a forked process that joins a fresh cgroup through it, checked in /proc/<pid>/cgroup. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../main/c/common/cgroup.h"
#include "../../main/c/common/error.h"
#include "../../main/c/common/utils.h"
#include "test.h"

static void
test_kinds (void)
{
  CHECK (jd_cgroup_kind (0x27e0eb) == JD_CGROUP_V1);
  CHECK (jd_cgroup_kind (0x63677270) == JD_CGROUP_V2);
  CHECK (jd_cgroup_kind (0xEF53) == JD_CGROUP_OTHER); /* ext4 */
  CHECK (jd_cgroup_kind (0x01021994) == JD_CGROUP_OTHER); /* tmpfs */
}

static void
test_join_files (void)
{
  char buf[128];
  const char *v1 = "/sys/fs/cgroup/cpu/jdock/abc/cgroup.procs";
  CHECK (jd_cgroup_self_join_file (v1, JD_CGROUP_V1, buf, sizeof (buf)) == 0);
  CHECK_STR (buf, "/sys/fs/cgroup/cpu/jdock/abc/tasks");
  /* v2 and anything that is not a cgroup file system: the entry as the spec names it */
  CHECK (jd_cgroup_self_join_file ("/sys/fs/cgroup/jdock/abc/cgroup.procs", JD_CGROUP_V2, buf, sizeof (buf)) == 0);
  CHECK_STR (buf, "/sys/fs/cgroup/jdock/abc/cgroup.procs");
  CHECK (jd_cgroup_self_join_file (v1, JD_CGROUP_OTHER, buf, sizeof (buf)) == 0);
  CHECK_STR (buf, v1);
  /* a v1 entry that is not a cgroup.procs file stays as it is */
  CHECK (jd_cgroup_self_join_file ("/sys/fs/cgroup/cpu/x/tasks", JD_CGROUP_V1, buf, sizeof (buf)) == 0);
  CHECK_STR (buf, "/sys/fs/cgroup/cpu/x/tasks");
  CHECK (jd_cgroup_self_join_file ("/sys/fs/cgroup/cpu/x/xcgroup.procs", JD_CGROUP_V1, buf, sizeof (buf)) == 0);
  CHECK_STR (buf, "/sys/fs/cgroup/cpu/x/xcgroup.procs");
  CHECK (jd_cgroup_self_join_file ("/cgroup.procs", JD_CGROUP_V1, buf, sizeof (buf)) == 0);
  CHECK_STR (buf, "/cgroup.procs");
  /* too long for the buffer: refused, never cut */
  char small[20];
  errno = 0;
  CHECK (jd_cgroup_self_join_file (v1, JD_CGROUP_V1, small, sizeof (small)) == -1 && errno == ENAMETOOLONG);
  CHECK (jd_cgroup_self_join_file ("/a/b/cgroup.procs", JD_CGROUP_V1, small, 10) == -1);
}

/* Forks a child that joins DIR's cgroup through jd_cgroup_self_join_file, as the container init does, and checks
 * that the kernel lists the child (a process, not just a thread) in DIR's cgroup.procs. */
static void
join_live (const char *hierarchy)
{
  char dir[256], procs[300], line[64];
  struct statfs st;
  if (statfs (hierarchy, &st) < 0 || jd_cgroup_kind (st.f_type) == JD_CGROUP_OTHER)
    return;
  snprintf (dir, sizeof (dir), "%s/jdock-test-cgroup-%d", hierarchy, (int) getpid ());
  if (mkdir (dir, 0755) < 0)
    {
      fprintf (stderr, "test_cgroup: %s not writable (%s): live join skipped\n", hierarchy, strerror (errno));
      return;
    }
  snprintf (procs, sizeof (procs), "%s/cgroup.procs", dir);
  int kind = jd_cgroup_kind (st.f_type);
  /* a child joins, then waits until we looked */
  int p[2], status = 0;
  CHECK (pipe (p) == 0);
  pid_t pid = fork ();
  if (pid == 0)
    {
      char file[320];
      close (p[1]);
      int ok = jd_cgroup_self_join_file (procs, kind, file, sizeof (file)) == 0;
      int fd = ok ? open (file, O_WRONLY | O_CLOEXEC) : -1;
      ok = fd >= 0 && jd_write_all (fd, "0", 1) == 0;
      char c;
      if (read (p[0], &c, 1) < 0)
        _exit (4);
      _exit (ok ? 0 : 3);
    }
  close (p[0]);
  int listed = 0;
  for (int tries = 0; tries < 200 && !listed; tries++)
    {
      FILE *f = fopen (procs, "re");
      while (f != NULL && fgets (line, sizeof (line), f) != NULL)
        listed |= atoi (line) == pid;
      if (f != NULL)
        fclose (f);
      if (!listed)
        usleep (5000);
    }
  CHECK (listed);
  close (p[1]);
  CHECK (waitpid (pid, &status, 0) == pid && WIFEXITED (status) && WEXITSTATUS (status) == 0);
  if (rmdir (dir) < 0)
    fprintf (stderr, "test_cgroup: rmdir %s: %s\n", dir, strerror (errno));
  fprintf (stderr, "test_cgroup: joined a %s cgroup under %s\n", kind == JD_CGROUP_V1 ? "v1" : "v2", hierarchy);
}

static int
listed_in (const char *procs, pid_t pid)
{
  char line[64];
  int listed = 0;
  FILE *f = fopen (procs, "re");
  while (f != NULL && fgets (line, sizeof (line), f) != NULL)
    listed |= atoi (line) == pid;
  if (f != NULL)
    fclose (f);
  return listed;
}

/* jd_cgroup_clone + jd_cgroup_join_self as the monitor and the init use them, over a v1 and the v2 hierarchy of a
 * hybrid host: the child lands in both, the v2 one placed at birth (clone3), the v1 one joined through tasks. */
static void
clone_and_join_live (void)
{
  char dirs[2][256], procs_buf[2][600];
  char *procs[2] = { procs_buf[0], procs_buf[1] };
  const char *hier[2] = { "/sys/fs/cgroup/pids", "/sys/fs/cgroup/unified" };
  struct statfs st;
  for (int i = 0; i < 2; i++)
    if (statfs (hier[i], &st) < 0 || jd_cgroup_kind (st.f_type) != (i == 0 ? JD_CGROUP_V1 : JD_CGROUP_V2))
      return; /* not a hybrid host */
  for (int i = 0; i < 2; i++)
    {
      snprintf (dirs[i], sizeof (dirs[i]), "%s/jdock-test-clone-%d", hier[i], (int) getpid ());
      snprintf (procs_buf[i], sizeof (procs_buf[i]), "%s/cgroup.procs", dirs[i]);
      if (mkdir (dirs[i], 0755) < 0)
        {
          fprintf (stderr, "test_cgroup: %s: %s: clone test skipped\n", dirs[i], strerror (errno));
          if (i == 1)
            rmdir (dirs[0]);
          return;
        }
    }
  signed char kinds[3] = { 0 };
  int p[2], status = 0;
  CHECK (pipe (p) == 0);
  pid_t pid = jd_cgroup_clone (0, procs, 2, kinds);
  if (pid == 0)
    {
      struct jd_error *err = NULL;
      char c;
      close (p[1]);
      int r = kinds[0] == JD_CGROUP_V1 && kinds[1] == JD_CGROUP_PLACED ? 0 : 5;
      if (r == 0 && jd_cgroup_join_self (procs, 2, kinds, &err) < 0)
        r = 3;
      if (read (p[0], &c, 1) < 0)
        r = 4;
      _exit (r);
    }
  close (p[0]);
  CHECK (pid > 0);
  int listed = 0;
  for (int tries = 0; tries < 200 && listed != 2; tries++)
    {
      listed = listed_in (procs[0], pid) + listed_in (procs[1], pid);
      if (listed != 2)
        usleep (5000);
    }
  CHECK (listed == 2);
  close (p[1]);
  CHECK (waitpid (pid, &status, 0) == pid && WIFEXITED (status) && WEXITSTATUS (status) == 0);
  for (int i = 0; i < 2; i++)
    rmdir (dirs[i]);
  fprintf (stderr, "test_cgroup: cloned into a v2 cgroup and joined a v1 one\n");
}

int
main (void)
{
  test_kinds ();
  test_join_files ();
  if (geteuid () == 0)
    {
      join_live ("/sys/fs/cgroup/pids");    /* v1 (hybrid or v1 hosts) */
      join_live ("/sys/fs/cgroup/unified"); /* the v2 hierarchy of a hybrid host */
      join_live ("/sys/fs/cgroup");         /* a pure v2 host */
      clone_and_join_live ();
    }
  return TEST_RESULT ();
}
