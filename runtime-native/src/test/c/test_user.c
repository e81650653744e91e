/* User and group resolution against passwd/group files, with runc's (Docker's) rules and messages. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../main/c/init/init.h"
#include "test.h"

static char passwd[64], group[64];

static void
write_files (void)
{
  int fd = mkstemp (passwd);
  const char *p = "root:x:0:0:root:/root:/bin/sh\n"
                  "# comment\n"
                  "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
                  "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n"
                  "app:x:1000:1000::/home/app:/bin/sh\n";
  if (fd < 0 || write (fd, p, strlen (p)) < 0)
    abort ();
  close (fd);
  fd = mkstemp (group);
  const char *g = "root:x:0:root\n"
                  "bin:x:1:root,daemon\n"
                  "wheel:x:10:root,app\n"
                  "nogroup:x:65534:\n"
                  "app:x:1000:\n"
                  "audio:x:29:app\n";
  if (fd < 0 || write (fd, g, strlen (g)) < 0)
    abort ();
  close (fd);
}

static int
has_gid (const struct jd_user *u, gid_t g)
{
  for (size_t i = 0; i < u->n_sgids; i++)
    if (u->sgids[i] == g)
      return 1;
  return 0;
}

static void
test_cases (void)
{
  struct jd_user u;
  struct jd_error *err = NULL;

  CHECK (jd_resolve_user ("", passwd, group, JD_IMAGE_GROUPS_IMPLICIT, &u, &err) == 0);
  CHECK (u.uid == 0 && u.gid == 0);
  CHECK_STR (u.home, "/root");
  CHECK (u.n_sgids == 3 && has_gid (&u, 0) && has_gid (&u, 1) && has_gid (&u, 10));
  jd_user_free (&u);

  CHECK (jd_resolve_user ("app", passwd, group, JD_IMAGE_GROUPS_IMPLICIT, &u, &err) == 0);
  CHECK (u.uid == 1000 && u.gid == 1000 && u.n_sgids == 2 && has_gid (&u, 10) && has_gid (&u, 29));
  CHECK_STR (u.home, "/home/app");
  jd_user_free (&u);

  CHECK (jd_resolve_user ("65534", passwd, group, JD_IMAGE_GROUPS_IMPLICIT, &u, &err) == 0);
  CHECK (u.uid == 65534 && u.gid == 65534);
  CHECK_STR (u.home, "/nonexistent");
  jd_user_free (&u);

  CHECK (jd_resolve_user ("4242", passwd, group, JD_IMAGE_GROUPS_IMPLICIT, &u, &err) == 0);
  CHECK (u.uid == 4242 && u.gid == 0 && u.n_sgids == 0);
  CHECK_STR (u.home, "/");
  jd_user_free (&u);

  CHECK (jd_resolve_user ("app:audio", passwd, group, JD_IMAGE_GROUPS_IMPLICIT, &u, &err) == 0);
  CHECK (u.uid == 1000 && u.gid == 29 && u.n_sgids == 0); /* explicit group: no supplementary groups */
  jd_user_free (&u);

  CHECK (jd_resolve_user ("1:4000", passwd, group, JD_IMAGE_GROUPS_IMPLICIT, &u, &err) == 0);
  CHECK (u.uid == 1 && u.gid == 4000);
  jd_user_free (&u);

  CHECK (jd_resolve_user ("4242:nogroup", passwd, group, JD_IMAGE_GROUPS_IMPLICIT, &u, &err) == 0);
  CHECK (u.uid == 4242 && u.gid == 65534);
  jd_user_free (&u);

  CHECK (jd_resolve_user ("ghost", passwd, group, JD_IMAGE_GROUPS_IMPLICIT, &u, &err) < 0);
  CHECK_STR (err ? err->msg : NULL, "unable to find user ghost: no matching entries in passwd file");
  jd_error_release (&err);

  CHECK (jd_resolve_user ("app:ghosts", passwd, group, JD_IMAGE_GROUPS_IMPLICIT, &u, &err) < 0);
  CHECK_STR (err ? err->msg : NULL, "unable to find group ghosts: no matching entries in group file");
  jd_error_release (&err);

  CHECK (jd_resolve_user ("app", "/nonexistent/passwd", group, JD_IMAGE_GROUPS_IMPLICIT, &u, &err) < 0);
  jd_error_release (&err);
  CHECK (jd_resolve_user ("0", "/nonexistent/passwd", "/nonexistent/group", JD_IMAGE_GROUPS_IMPLICIT, &u, &err) == 0);
  CHECK (u.uid == 0 && u.gid == 0);
  jd_user_free (&u);
}

/* The CRI's policies: Merge adds the image's groups also with an explicit group, Strict never does; the primary
 * group leads the supplementary groups; the report is sorted and lists each group once. */
static void
test_image_groups (void)
{
  struct jd_user u;
  struct jd_error *err = NULL;
  struct jd_spec spec = { 0 };
  gid_t extra[] = { 4000, 10 };
  char text[64];

  CHECK (jd_resolve_user ("1000:3000", passwd, group, JD_IMAGE_GROUPS_ALWAYS, &u, &err) == 0);
  CHECK (u.uid == 1000 && u.gid == 3000 && u.n_sgids == 2 && has_gid (&u, 10) && has_gid (&u, 29));
  spec.gids = extra;
  spec.n_gids = 2;
  size_t n;
  gid_t *groups = jd_user_groups (&spec, &u, &n, &err);
  CHECK (groups != NULL && n == 5 && groups[0] == 3000);
  CHECK (jd_format_user_report (u.uid, u.gid, groups, n, text, sizeof (text)) > 0);
  CHECK_STR (text, "1000 3000 10 29 3000 4000");
  CHECK (jd_format_user_report (u.uid, u.gid, groups, n, text, 20) < 0); /* does not fit: no report */
  free (groups);
  jd_user_free (&u);

  CHECK (jd_resolve_user ("app", passwd, group, JD_IMAGE_GROUPS_NEVER, &u, &err) == 0);
  CHECK (u.uid == 1000 && u.gid == 1000 && u.n_sgids == 0);
  groups = jd_user_groups (&spec, &u, &n, &err);
  CHECK (groups != NULL && jd_format_user_report (u.uid, u.gid, groups, n, text, sizeof (text)) > 0);
  CHECK_STR (text, "1000 1000 10 1000 4000");
  free (groups);
  jd_user_free (&u);

  CHECK (jd_resolve_user ("app:audio", passwd, group, JD_IMAGE_GROUPS_NEVER, &u, &err) == 0);
  CHECK (u.uid == 1000 && u.gid == 29 && u.n_sgids == 0); /* a named group still resolves under Strict */
  jd_user_free (&u);

  CHECK (jd_resolve_user ("4242:5", passwd, group, JD_IMAGE_GROUPS_ALWAYS, &u, &err) == 0);
  CHECK (u.uid == 4242 && u.gid == 5 && u.n_sgids == 0); /* no passwd entry: no name to be a member by */
  jd_user_free (&u);

  CHECK (jd_resolve_user ("", passwd, group, JD_IMAGE_GROUPS_ALWAYS, &u, &err) == 0);
  CHECK (u.n_sgids == 3 && has_gid (&u, 0) && has_gid (&u, 1) && has_gid (&u, 10));
  jd_user_free (&u);
}

/* Hostile files from an image: short lines, empty fields, extra colons, a line longer than the reader's buffer, no
 * final newline. Lines glibc's getpwent would reject (no uid or gid) are skipped; the others keep their empty fields
 * (an empty home is "/"), and nothing after a long line is lost or read out of step. */
static void
write_hostile (const char *pw, const char *gr)
{
  FILE *f = fopen (pw, "w");
  if (f == NULL)
    abort ();
  fputs ("x::0:0::/:/bin/sh\n"
         "short:x:77:77\n"
         "nohome:x:78:78:gecos\n"
         "empty::79:79::/home/e:\n"
         "baduid:x::80:::\n"
         "badgid:x:81\n"
         "hexuid:x:0x10:81::/:/bin/sh\n"
         "\n"
         "justname\n",
         f);
  for (int i = 0; i < 100000; i++)
    fputc ('a', f);
  fputs (":x:82:82::/long:/bin/sh\n"
         "after:x:83:83::/after:/bin/sh\n"
         "colons:x:84:84::/home/c:/bin/sh:extra:fields\n"
         "last:x:85:85::/last:/bin/sh",
         f);
  fclose (f);
  f = fopen (gr, "w");
  if (f == NULL)
    abort ();
  fputs ("g1:x:50\n"
         "g2:x:51:short\n"
         "g3:x:52:,,short,,\n"
         "empties:x:56:,,\n"
         "g6:x:\n"
         "g8\n",
         f);
  for (int i = 0; i < 100000; i++)
    fputc (i % 2 ? ',' : 'b', f);
  fputs ("\ng5:x:54:other,short\n"
         "g7:x:55:short",
         f);
  fclose (f);
}

static void
test_hostile_files (void)
{
  char pw[] = "/tmp/jd-hpasswd-XXXXXX", gr[] = "/tmp/jd-hgroup-XXXXXX";
  struct jd_user u;
  struct jd_error *err = NULL;
  close (mkstemp (pw));
  close (mkstemp (gr));
  write_hostile (pw, gr);

  CHECK (jd_resolve_user ("short", pw, gr, JD_IMAGE_GROUPS_IMPLICIT, &u, &err) == 0);
  CHECK (u.uid == 77 && u.gid == 77);
  CHECK_STR (u.home, "/");
  CHECK (u.n_sgids == 4 && has_gid (&u, 51) && has_gid (&u, 52) && has_gid (&u, 54) && has_gid (&u, 55));
  jd_user_free (&u);

  CHECK (jd_resolve_user ("nohome", pw, gr, JD_IMAGE_GROUPS_IMPLICIT, &u, &err) == 0);
  CHECK (u.uid == 78 && u.gid == 78 && u.n_sgids == 0);
  CHECK_STR (u.home, "/");
  jd_user_free (&u);

  CHECK (jd_resolve_user ("empty", pw, gr, JD_IMAGE_GROUPS_IMPLICIT, &u, &err) == 0);
  CHECK (u.uid == 79);
  CHECK_STR (u.home, "/home/e");
  jd_user_free (&u);

  CHECK (jd_resolve_user ("", pw, gr, JD_IMAGE_GROUPS_IMPLICIT, &u, &err) == 0); /* "x" has uid 0; its empty password field is kept */
  CHECK (u.uid == 0 && u.gid == 0 && u.n_sgids == 0);
  CHECK_STR (u.home, "/");
  jd_user_free (&u);

  const char *rejected[] = { "baduid", "badgid", "hexuid", "justname", "g8" };
  for (size_t i = 0; i < sizeof (rejected) / sizeof (rejected[0]); i++)
    {
      CHECK (jd_resolve_user (rejected[i], pw, gr, JD_IMAGE_GROUPS_IMPLICIT, &u, &err) < 0);
      jd_error_release (&err);
    }

  CHECK (jd_resolve_user ("after", pw, gr, JD_IMAGE_GROUPS_IMPLICIT, &u, &err) == 0);
  CHECK (u.uid == 83);
  CHECK_STR (u.home, "/after");
  jd_user_free (&u);

  CHECK (jd_resolve_user ("colons", pw, gr, JD_IMAGE_GROUPS_IMPLICIT, &u, &err) == 0);
  CHECK (u.uid == 84);
  CHECK_STR (u.home, "/home/c");
  jd_user_free (&u);

  CHECK (jd_resolve_user ("last:g1", pw, gr, JD_IMAGE_GROUPS_IMPLICIT, &u, &err) == 0);
  CHECK (u.uid == 85 && u.gid == 50 && u.n_sgids == 0);
  CHECK_STR (u.home, "/last");
  jd_user_free (&u);

  CHECK (jd_resolve_user ("short:g7", pw, gr, JD_IMAGE_GROUPS_IMPLICIT, &u, &err) == 0); /* the last group line has no newline */
  CHECK (u.gid == 55);
  jd_user_free (&u);

  CHECK (jd_resolve_user ("short:g6", pw, gr, JD_IMAGE_GROUPS_IMPLICIT, &u, &err) < 0); /* no gid: not a group */
  jd_error_release (&err);

  unlink (pw);
  unlink (gr);
}

/* A FIFO, a directory or an oversized file as /etc/passwd must neither block nor be read without bound: it counts
 * as no passwd file (numeric users still work), or, past the size limit, as an error. */
static void
test_special_files (void)
{
  char dir[] = "/tmp/jd-udir-XXXXXX";
  char fifo[64], big[64];
  struct jd_user u;
  struct jd_error *err = NULL;
  CHECK (mkdtemp (dir) != NULL);
  snprintf (fifo, sizeof (fifo), "%s/fifo", dir);
  snprintf (big, sizeof (big), "%s/big", dir);
  CHECK (mkfifo (fifo, 0600) == 0);

  CHECK (jd_resolve_user ("1000", fifo, fifo, JD_IMAGE_GROUPS_IMPLICIT, &u, &err) == 0);
  CHECK (u.uid == 1000 && u.gid == 0 && u.n_sgids == 0);
  jd_user_free (&u);
  CHECK (jd_resolve_user ("app", fifo, fifo, JD_IMAGE_GROUPS_IMPLICIT, &u, &err) < 0);
  jd_error_release (&err);
  CHECK (jd_resolve_user ("0:root", dir, dir, JD_IMAGE_GROUPS_IMPLICIT, &u, &err) < 0);
  jd_error_release (&err);

  int fd = open (big, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  CHECK (fd >= 0 && ftruncate (fd, 17 * 1024 * 1024) == 0);
  const char *line = "\nbig:x:5:5::/:/bin/sh\n";
  CHECK (pwrite (fd, line, strlen (line), 17 * 1024 * 1024) == (ssize_t) strlen (line));
  close (fd);
  CHECK (jd_resolve_user ("big", big, group, JD_IMAGE_GROUPS_IMPLICIT, &u, &err) < 0);
  CHECK (err != NULL && err->msg != NULL && strstr (err->msg, "too large") != NULL);
  jd_error_release (&err);

  unlink (fifo);
  unlink (big);
  rmdir (dir);
}

/* An image's /etc/passwd may link to a procfs file (/proc/kmsg blocks and hands out the host's kernel log): such a
 * "regular" file has size 0 whatever it produces, and nothing past a file's size is read. /proc/self/comm, whose
 * content this test sets, stands for it. */
static void
test_pseudo_files (void)
{
  char name[16];
  struct jd_user u;
  struct jd_error *err = NULL;
  CHECK (prctl (PR_GET_NAME, name, 0, 0, 0) == 0);
  CHECK (prctl (PR_SET_NAME, "pfs:x:7:7", 0, 0, 0) == 0);
  CHECK (jd_resolve_user ("pfs", "/proc/self/comm", group, JD_IMAGE_GROUPS_IMPLICIT, &u, &err) < 0);
  CHECK (err != NULL && err->msg != NULL && strstr (err->msg, "no matching entries") != NULL);
  jd_error_release (&err);
  CHECK (jd_resolve_user ("7", "/proc/self/comm", "/proc/self/comm", JD_IMAGE_GROUPS_IMPLICIT, &u, &err) == 0);
  CHECK (u.uid == 7 && u.gid == 0 && u.n_sgids == 0);
  jd_user_free (&u);
  prctl (PR_SET_NAME, name, 0, 0, 0);
}

int
main (void)
{
  strcpy (passwd, "/tmp/jd-passwd-XXXXXX");
  strcpy (group, "/tmp/jd-group-XXXXXX");
  write_files ();
  test_cases ();
  test_image_groups ();
  test_hostile_files ();
  test_special_files ();
  test_pseudo_files ();
  unlink (passwd);
  unlink (group);
  return TEST_RESULT ();
}
