/* The AppArmor profile write (init/apparmor.c) against a fake /proc: the scoped attr file, the older one when the
 * scoped one is missing, runc's error text when neither exists, and nothing written for no profile. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../main/c/init/init.h"
#include "test.h"

static char root[64];

static void
path_of (char *out, size_t size, const char *rel)
{
  snprintf (out, size, "%s/%s", root, rel);
}

static void
mkdirs (const char *rel)
{
  char p[512], *s;
  path_of (p, sizeof (p), rel);
  for (s = p + strlen (root) + 1; (s = strchr (s, '/')) != NULL; s++)
    {
      *s = '\0';
      mkdir (p, 0755);
      *s = '/';
    }
  mkdir (p, 0755);
}

static void
touch (const char *rel)
{
  char p[512];
  path_of (p, sizeof (p), rel);
  int fd = open (p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd >= 0)
    close (fd);
}

static const char *
content (const char *rel)
{
  static char buf[256];
  char p[512];
  path_of (p, sizeof (p), rel);
  int fd = open (p, O_RDONLY);
  ssize_t n = fd < 0 ? -1 : read (fd, buf, sizeof (buf) - 1);
  if (fd >= 0)
    close (fd);
  buf[n < 0 ? 0 : n] = '\0';
  return fd < 0 ? NULL : buf;
}

static void
fresh_root (void)
{
  char cmd[128];
  if (root[0])
    {
      snprintf (cmd, sizeof (cmd), "rm -rf %s", root);
      if (system (cmd) != 0)
        fprintf (stderr, "cannot remove %s\n", root);
    }
  strcpy (root, "/tmp/jd-apparmor-XXXXXX");
  if (mkdtemp (root) == NULL)
    abort ();
}

/* Linux 5.8+: attr/apparmor/exec gets "exec <name>", the older attr/exec is left alone */
static void
test_scoped_attr (void)
{
  struct jd_error *err = NULL;
  fresh_root ();
  mkdirs ("thread-self/attr/apparmor");
  mkdirs ("self/attr");
  touch ("thread-self/attr/apparmor/exec");
  touch ("self/attr/exec");
  CHECK (jd_apparmor_exec_at (root, "docker-default", 0, &err) == 0);
  CHECK_STR (content ("thread-self/attr/apparmor/exec"), "exec docker-default");
  CHECK_STR (content ("self/attr/exec"), "");
  jd_error_release (&err);
}

/* older kernels: no attr/apparmor directory, the profile goes to /proc/self/attr/exec */
static void
test_older_kernel_attr (void)
{
  struct jd_error *err = NULL;
  fresh_root ();
  mkdirs ("thread-self/attr");
  mkdirs ("self/attr");
  touch ("self/attr/exec");
  CHECK (jd_apparmor_exec_at (root, "my-profile", 0, &err) == 0);
  CHECK_STR (content ("self/attr/exec"), "exec my-profile");
  jd_error_release (&err);
}

/* no profile asked: nothing is opened or written (a host without AppArmor has neither file) */
static void
test_no_profile_writes_nothing (void)
{
  struct jd_error *err = NULL;
  fresh_root ();
  CHECK (jd_apparmor_exec_at (root, NULL, 0, &err) == 0);
  CHECK (jd_apparmor_exec_at (root, "", 0, &err) == 0);
  CHECK (err == NULL);
  CHECK (jd_apply_apparmor (NULL, &err) == 0 && err == NULL);
}

/* neither file: the error names the operation, the path and the errno, as runc's does */
static void
test_missing_attr_is_runcs_error (void)
{
  struct jd_error *err = NULL;
  char want[256];
  fresh_root ();
  CHECK (jd_apparmor_exec_at (root, "docker-default", 0, &err) < 0);
  snprintf (want, sizeof (want), "apparmor failed to apply profile: open %s/self/attr/exec", root);
  CHECK (err != NULL && err->status == ENOENT);
  CHECK_STR (err ? err->msg : NULL, want);
  jd_error_release (&err);
}

/* a directory in the attr's place (not the kernel's file) fails, and so does a fake /proc when procfs is required */
static void
test_not_procfs_is_refused (void)
{
  struct jd_error *err = NULL;
  fresh_root ();
  mkdirs ("thread-self/attr/apparmor/exec");
  CHECK (jd_apparmor_exec_at (root, "p", 0, &err) < 0);
  CHECK (err != NULL && err->status == EISDIR);
  jd_error_release (&err);
  fresh_root ();
  mkdirs ("thread-self/attr/apparmor");
  touch ("thread-self/attr/apparmor/exec");
  CHECK (jd_apparmor_exec_at (root, "p", 1, &err) < 0);
  CHECK (err != NULL && err->status == EXDEV && strstr (err->msg, "is not on procfs") != NULL);
  CHECK_STR (content ("thread-self/attr/apparmor/exec"), "");
  jd_error_release (&err);
}

/* the real /proc of this (AppArmor-less) kernel: the write is refused by the kernel, never silently dropped */
static void
test_real_proc_without_apparmor_fails (void)
{
  struct jd_error *err = NULL;
  if (access ("/sys/kernel/security/apparmor", F_OK) == 0)
    {
      CHECK (1); /* an AppArmor kernel: its behaviour is not this test's */
      return;
    }
  CHECK (jd_apply_apparmor ("docker-default", &err) < 0);
  CHECK (err != NULL && strncmp (err->msg, "apparmor failed to apply profile: ", 34) == 0);
  if (err)
    fprintf (stderr, "  (this kernel says: %s, errno %d)\n", err->msg, err->status);
  jd_error_release (&err);
}

int
main (void)
{
  test_scoped_attr ();
  test_older_kernel_attr ();
  test_no_profile_writes_nothing ();
  test_missing_attr_is_runcs_error ();
  test_not_procfs_is_refused ();
  test_real_proc_without_apparmor_fails ();
  fresh_root ();
  char cmd[128];
  snprintf (cmd, sizeof (cmd), "rm -rf %s", root);
  if (system (cmd) != 0)
    fprintf (stderr, "cannot remove %s\n", root);
  return TEST_RESULT ();
}
