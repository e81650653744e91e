/* User and group resolution against passwd/group files, with runc's (Docker's) rules and messages. */
#define _GNU_SOURCE
#include <stdlib.h>
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

  CHECK (jd_resolve_user ("", passwd, group, &u, &err) == 0);
  CHECK (u.uid == 0 && u.gid == 0);
  CHECK_STR (u.home, "/root");
  CHECK (u.n_sgids == 3 && has_gid (&u, 0) && has_gid (&u, 1) && has_gid (&u, 10));
  jd_user_free (&u);

  CHECK (jd_resolve_user ("app", passwd, group, &u, &err) == 0);
  CHECK (u.uid == 1000 && u.gid == 1000 && u.n_sgids == 2 && has_gid (&u, 10) && has_gid (&u, 29));
  CHECK_STR (u.home, "/home/app");
  jd_user_free (&u);

  CHECK (jd_resolve_user ("65534", passwd, group, &u, &err) == 0);
  CHECK (u.uid == 65534 && u.gid == 65534);
  CHECK_STR (u.home, "/nonexistent");
  jd_user_free (&u);

  CHECK (jd_resolve_user ("4242", passwd, group, &u, &err) == 0);
  CHECK (u.uid == 4242 && u.gid == 0 && u.n_sgids == 0);
  CHECK_STR (u.home, "/");
  jd_user_free (&u);

  CHECK (jd_resolve_user ("app:audio", passwd, group, &u, &err) == 0);
  CHECK (u.uid == 1000 && u.gid == 29 && u.n_sgids == 0); /* explicit group: no supplementary groups */
  jd_user_free (&u);

  CHECK (jd_resolve_user ("1:4000", passwd, group, &u, &err) == 0);
  CHECK (u.uid == 1 && u.gid == 4000);
  jd_user_free (&u);

  CHECK (jd_resolve_user ("4242:nogroup", passwd, group, &u, &err) == 0);
  CHECK (u.uid == 4242 && u.gid == 65534);
  jd_user_free (&u);

  CHECK (jd_resolve_user ("ghost", passwd, group, &u, &err) < 0);
  CHECK_STR (err ? err->msg : NULL, "unable to find user ghost: no matching entries in passwd file");
  jd_error_release (&err);

  CHECK (jd_resolve_user ("app:ghosts", passwd, group, &u, &err) < 0);
  CHECK_STR (err ? err->msg : NULL, "unable to find group ghosts: no matching entries in group file");
  jd_error_release (&err);

  CHECK (jd_resolve_user ("app", "/nonexistent/passwd", group, &u, &err) < 0);
  jd_error_release (&err);
  CHECK (jd_resolve_user ("0", "/nonexistent/passwd", "/nonexistent/group", &u, &err) == 0);
  CHECK (u.uid == 0 && u.gid == 0);
  jd_user_free (&u);
}

int
main (void)
{
  strcpy (passwd, "/tmp/jd-passwd-XXXXXX");
  strcpy (group, "/tmp/jd-group-XXXXXX");
  write_files ();
  test_cases ();
  unlink (passwd);
  unlink (group);
  return TEST_RESULT ();
}
