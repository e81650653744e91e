/* The exec spec: a jdock-spec restricted to process directives, with `join` and an implied rootfs. */
#define _GNU_SOURCE
#include <stdlib.h>

#include "../../main/c/exec/exec.h"
#include "test.h"

static const char *good = "jdock-exec 1\n"
                          "join 4242\n"
                          "id e1\nbundle /x/exec/e1\nrundir /x/exec/e1\n"
                          "arg sh\narg -c\narg echo%20%24FOO\n"
                          "env FOO=bar\nenv PATH=/bin\n"
                          "cwd /tmp\nuser nobody\ngid 10\nimagegroups never\n"
                          "tty 1\nstdin 1 1\nconsole 40 120\nnonewprivs 0\napparmor docker-default\n"
                          "caps 1 1 1 0 0\n"
                          "oomscoreadj 300\n"
                          "seccomp /x/seccomp.bpf\ncgroupprocs /sys/fs/cgroup/x/cgroup.procs\n"
                          "end\n";

static void
test_good (void)
{
  struct jd_spec s;
  struct jd_error *err = NULL;
  pid_t pid = 0;
  CHECK (jd_exec_spec_parse (good, &s, &pid, &err) == 0);
  CHECK (pid == 4242);
  CHECK (s.n_args == 3);
  CHECK_STR (s.args[2], "echo $FOO");
  CHECK (s.args[3] == NULL);
  CHECK (s.n_env == 2);
  CHECK_STR (s.cwd, "/tmp");
  CHECK_STR (s.user, "nobody");
  CHECK (s.n_gids == 1 && s.gids[0] == 10 && s.image_groups == JD_IMAGE_GROUPS_NEVER);
  CHECK (s.tty == 1 && s.open_stdin == 1 && s.stdin_once == 1);
  CHECK (s.console_height == 40 && s.console_width == 120);
  CHECK (s.has_oom_score_adj == 1 && s.oom_score_adj == 300);
  CHECK_STR (s.seccomp, "/x/seccomp.bpf");
  CHECK_STR (s.apparmor, "docker-default"); /* runc gives an exec the container's profile */
  CHECK (s.n_cgroup_procs == 1);
  CHECK (s.n_mounts == 0 && s.n_namespaces == 0);
  CHECK_STR (s.bundle, "/x/exec/e1");
  CHECK_STR (s.log_driver, "none");
  jd_spec_free (&s);
}

static void
expect_error (const char *text, const char *fragment)
{
  struct jd_spec s;
  struct jd_error *err = NULL;
  pid_t pid = 0;
  CHECK (jd_exec_spec_parse (text, &s, &pid, &err) < 0);
  CHECK (err != NULL && strstr (err->msg, fragment) != NULL);
  if (err == NULL || strstr (err->msg, fragment) == NULL)
    fprintf (stderr, "  got: %s\n", err ? err->msg : "(none)");
  jd_error_release (&err);
}

static void
test_errors (void)
{
  expect_error ("jdock-spec 1\nend\n", "not a jdock-exec 1");
  expect_error ("jdock-exec 1\nid e\nbundle /b\nrundir /r\narg ls\nend\n", "no `join`");
  expect_error ("jdock-exec 1\njoin abc\nend\n", "bad `join`");
  expect_error ("jdock-exec 1\njoin 0\nend\n", "bad `join`");
  /* mounts and namespaces are the container's business, never an exec's */
  expect_error ("jdock-exec 1\njoin 5\nmount /a /b bind 0 - dir\nend\n", "unexpected directive `mount`");
  expect_error ("jdock-exec 1\njoin 5\nns pid new\nend\n", "unexpected directive `ns`");
  /* the container's monitor writes the identity file, never an exec's */
  expect_error ("jdock-exec 1\njoin 5\nreportuser 1\nend\n", "unexpected directive `reportuser`");
  expect_error ("jdock-exec 1\njoin 5\nid e\nbundle /b\nrundir /r\nend\n", "no process args");
  expect_error ("jdock-exec 1\njoin 5\nid e\nbundle /b\nrundir /r\narg ls\n", "truncated");
}

static void
test_ns_order (void)
{
  /* runc's nsexec order; pid before mnt (the monitor joins pid for its child), cgroup last */
  CHECK_STR (jd_exec_ns_order[0], "user");
  CHECK_STR (jd_exec_ns_order[1], "ipc");
  CHECK_STR (jd_exec_ns_order[4], "pid");
  CHECK_STR (jd_exec_ns_order[5], "mnt");
  CHECK_STR (jd_exec_ns_order[6], "cgroup");
}

int
main (void)
{
  test_good ();
  test_errors ();
  test_ns_order ();
  return TEST_RESULT ();
}
