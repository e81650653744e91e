/* Spec parsing: every directive, percent-decoding, and rejection of malformed specs. */
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/resource.h>

#include "../../main/c/common/spec.h"
#include "test.h"

static const char *full =
  "jdock-spec 1\n"
  "id abc123\n"
  "bundle /var/lib/jdock/containers/abc123\n"
  "rundir /run/jdock/containers/abc123\n"
  "rootfs overlay /mnt/root /s/upper /s/work /s/l2 /s/l1\n"
  "arg %2Fbin%2Fsh\n"
  "arg -c\n"
  "arg echo%20hello%0Aw%C3%B6rld\n"
  "arg -\n"
  "arg %2D\n"
  "env PATH=/usr/bin:/bin\n"
  "cwd /work\n"
  "user nobody:nogroup\n"
  "gid 10\n"
  "gid 20\n"
  "tty 1\n"
  "stdin 1 1\n"
  "console 24 80\n"
  "nonewprivs 1\n"
  "caps 18446744073709551615 1 2 3 4\n"
  "rlimit RLIMIT_NOFILE 1024 18446744073709551615\n"
  "hostname web\n"
  "ns pid new\n"
  "ns net path /proc/42/ns/net\n"
  "mount proc /proc proc 14 - dir\n"
  "mount /etc/hosts /etc/hosts bind 4097 - file\n"
  "device /dev/null c 1 3 438 0 0\n"
  "masked /proc/kcore\n"
  "readonly /proc/sys\n"
  "rootfsro 1\n"
  "imagegroups never\n"
  "reportuser 1\n"
  "seccomp /tmp/x.bpf\n"
  "apparmor docker-default\n"
  "cgroupprocs /sys/fs/cgroup/memory/jdock/abc/cgroup.procs\n"
  "log json-file /var/log/c.log 1048576 3\n"
  "logattrs %7B%22A%22:%221%22%7D\n"
  "oomscoreadj 500\n"
  "end\n";

static void
test_full (void)
{
  struct jd_spec s;
  struct jd_error *err = NULL;
  CHECK (jd_spec_parse (full, &s, &err) == 0);
  if (err)
    {
      fprintf (stderr, "%s\n", err->msg);
      return;
    }
  CHECK_STR (s.id, "abc123");
  CHECK (s.rootfs_overlay == 1 && s.n_lowers == 2);
  CHECK_STR (s.lowers[0], "/s/l2");
  CHECK_STR (s.rootfs_target, "/mnt/root");
  CHECK (s.n_args == 5 && s.args[5] == NULL);
  CHECK_STR (s.args[0], "/bin/sh");
  CHECK_STR (s.args[2], "echo hello\nw\xc3\xb6rld");
  CHECK_STR (s.args[3], "");
  CHECK_STR (s.args[4], "-");
  CHECK_STR (s.env[0], "PATH=/usr/bin:/bin");
  CHECK_STR (s.user, "nobody:nogroup");
  CHECK (s.n_gids == 2 && s.gids[1] == 20);
  CHECK (s.tty && s.open_stdin && s.stdin_once && s.no_new_privs);
  CHECK (s.console_height == 24 && s.console_width == 80);
  CHECK (s.cap_bounding == ~0ULL && s.cap_ambient == 4);
  CHECK (s.n_rlimits == 1 && s.rlimits[0].resource == RLIMIT_NOFILE && s.rlimits[0].hard == ~0ULL);
  CHECK (s.n_namespaces == 2 && s.namespaces[0].path == NULL);
  CHECK_STR (s.namespaces[1].path, "/proc/42/ns/net");
  CHECK (jd_spec_namespace (&s, "uts") == NULL);
  CHECK (s.n_mounts == 2 && s.mounts[0].flags == 14 && !s.mounts[0].file_target);
  CHECK_STR (s.mounts[0].data, "");
  CHECK (s.mounts[1].file_target && (s.mounts[1].flags & MS_BIND));
  CHECK (s.n_devices == 1 && s.devices[0].type == 'c' && s.devices[0].minor == 3 && s.devices[0].mode == 0666);
  CHECK (s.n_masked == 1 && s.n_readonly == 1 && s.readonly_rootfs);
  CHECK (s.image_groups == JD_IMAGE_GROUPS_NEVER && s.report_user);
  CHECK_STR (s.seccomp, "/tmp/x.bpf");
  CHECK_STR (s.apparmor, "docker-default");
  CHECK (s.n_cgroup_procs == 1);
  CHECK_STR (s.log_driver, "json-file");
  CHECK (s.log_max_size == 1048576 && s.log_max_file == 3);
  CHECK_STR (s.log_attrs, "{\"A\":\"1\"}");
  CHECK (s.has_oom_score_adj && s.oom_score_adj == 500);
  jd_spec_free (&s);
}

static int
parses (const char *text)
{
  struct jd_spec s;
  struct jd_error *err = NULL;
  int r = jd_spec_parse (text, &s, &err);
  if (r == 0)
    jd_spec_free (&s);
  jd_error_release (&err);
  return r == 0;
}

#define MINIMAL_HEAD "jdock-spec 1\nid a\nbundle /b\nrundir /r\nrootfs bind /d /t\narg x\n"

static void
test_rejects (void)
{
  CHECK (parses (MINIMAL_HEAD "end\n"));
  CHECK (!parses (MINIMAL_HEAD)); /* truncated */
  /* an AppArmor profile is one non-empty name: "exec <name>" is what the init writes */
  CHECK (parses (MINIMAL_HEAD "apparmor my%2Fprofile\nend\n"));
  CHECK (!parses (MINIMAL_HEAD "apparmor -\nend\n"));
  CHECK (!parses (MINIMAL_HEAD "apparmor a%20b\nend\n"));
  CHECK (!parses (MINIMAL_HEAD "apparmor a%0Ab\nend\n"));
  CHECK (!parses ("jdock-spec 2\nend\n"));
  CHECK (!parses (MINIMAL_HEAD "bogus 1\nend\n"));
  CHECK (!parses (MINIMAL_HEAD "tty 2\nend\n"));
  CHECK (!parses (MINIMAL_HEAD "imagegroups merge\nend\n"));
  CHECK (!parses (MINIMAL_HEAD "reportuser 2\nend\n"));
  CHECK (parses (MINIMAL_HEAD "imagegroups always\nend\n"));
  CHECK (!parses (MINIMAL_HEAD "arg %4\nend\n"));
  CHECK (!parses (MINIMAL_HEAD "arg %00\nend\n"));
  CHECK (!parses (MINIMAL_HEAD "ns user new\nend\n"));
  CHECK (!parses (MINIMAL_HEAD "mount a relative t 0 - dir\nend\n"));
  CHECK (!parses (MINIMAL_HEAD "mount a /t bind 4096 - dir 1\nend\n")); /* a propagation bit it may not carry */
  CHECK (!parses (MINIMAL_HEAD "mount a /t bind 4096 - dir 16384 7\nend\n"));
  CHECK (!parses (MINIMAL_HEAD "rlimit RLIMIT_BOGUS 1 2\nend\n"));
  CHECK (!parses (MINIMAL_HEAD "end\narg y\n"));
  CHECK (!parses ("jdock-spec 1\nid a\nbundle /b\nrundir /r\nrootfs bind /d /t\nend\n")); /* no args */
  /* a line with more fields than the parser holds is refused, not cut short (a rootfs losing lower layers) */
  char *many = malloc (8192);
  if (many == NULL)
    abort ();
  strcpy (many, MINIMAL_HEAD "rootfs overlay /t /u /w");
  for (int i = 0; i < 600; i++)
    strcat (many, " /l");
  strcat (many, "\nend\n");
  CHECK (!parses (many));
  free (many);
}

static void
test_defaults (void)
{
  struct jd_spec s;
  struct jd_error *err = NULL;
  CHECK (jd_spec_parse (MINIMAL_HEAD "end\n", &s, &err) == 0);
  CHECK_STR (s.cwd, "/");
  CHECK_STR (s.user, "");
  CHECK_STR (s.log_driver, "none");
  CHECK (!s.has_oom_score_adj);
  CHECK (s.image_groups == JD_IMAGE_GROUPS_IMPLICIT && !s.report_user);
  jd_spec_free (&s);
}

/* a read-only bind whose submounts are to be read-only too carries jdock's own bit above the kernel's flags */
static void
test_recursive_read_only_bit (void)
{
  struct jd_spec s;
  struct jd_error *err = NULL;
  char text[1024];
  unsigned long long flags = JD_MOUNT_RECURSIVE_RDONLY | MS_BIND | MS_REC | MS_RDONLY;
  snprintf (text, sizeof (text), "%smount /a /a bind %llu - dir %d\nend\n", MINIMAL_HEAD, flags, MS_PRIVATE | MS_REC);
  CHECK (jd_spec_parse (text, &s, &err) == 0);
  CHECK (s.n_mounts == 1 && s.mounts[0].flags == flags);
  jd_spec_free (&s);
}

/* the root's propagation follows the mounts' as in Docker: shared wins, then rslave, else rprivate */
static unsigned long
root_propagation_of (const char *mounts)
{
  struct jd_spec s;
  struct jd_error *err = NULL;
  char text[1024];
  unsigned long r = 0;
  snprintf (text, sizeof (text), "%s%send\n", MINIMAL_HEAD, mounts);
  if (jd_spec_parse (text, &s, &err) == 0)
    {
      r = jd_spec_root_propagation (&s);
      jd_spec_free (&s);
    }
  jd_error_release (&err);
  return r;
}

static void
test_root_propagation (void)
{
  char m[512];
  CHECK (root_propagation_of ("") == (MS_REC | MS_PRIVATE));
  snprintf (m, sizeof (m), "mount /a /a bind %d - dir %d\n", MS_BIND | MS_REC, MS_PRIVATE | MS_REC);
  CHECK (root_propagation_of (m) == (MS_REC | MS_PRIVATE));
  snprintf (m, sizeof (m), "mount /a /a bind %d - dir %d\nmount /b /b bind %d - dir %d\n", MS_BIND | MS_REC,
            MS_PRIVATE | MS_REC, MS_BIND | MS_REC, MS_SLAVE);
  CHECK (root_propagation_of (m) == (MS_REC | MS_SLAVE));
  snprintf (m, sizeof (m), "mount /a /a bind %d - dir %d\nmount /b /b bind %d - dir %d\n", MS_BIND | MS_REC,
            MS_SHARED | MS_REC, MS_BIND | MS_REC, MS_SLAVE | MS_REC);
  CHECK (root_propagation_of (m) == MS_SHARED);
  snprintf (m, sizeof (m), "mount /a /a bind %d - dir\n", MS_BIND | MS_REC);
  CHECK (root_propagation_of (m) == (MS_REC | MS_PRIVATE));
}

static int
parse_userns (const char *line, struct jd_spec *s)
{
  char text[1024];
  struct jd_error *err = NULL;
  snprintf (text, sizeof (text), "jdock-spec 1\nid a\nbundle /b\nrundir /r\nrootfs bind /d /t\narg x\n%send\n", line);
  int r = jd_spec_parse (text, s, &err);
  jd_error_release (&err);
  return r;
}

/* userns: a new one with its maps, or one joined by path; one directive, container id 0, ranges inside 32 bits. */
static void
test_userns (void)
{
  struct jd_spec s;
  CHECK (parse_userns ("", &s) == 0 && !s.userns.enabled);
  jd_spec_free (&s);
  CHECK (parse_userns ("userns new 0 131072 65536 0 196608 65536\n", &s) == 0);
  CHECK (s.userns.enabled && s.userns.path == NULL && s.userns.uid.host_id == 131072 && s.userns.uid.length == 65536
         && s.userns.gid.host_id == 196608 && s.userns.gid.container_id == 0);
  jd_spec_free (&s);
  CHECK (parse_userns ("userns path /proc/7/ns/user 0 65536 65536 0 65536 65536\n", &s) == 0);
  CHECK (s.userns.enabled && s.userns.path != NULL && strcmp (s.userns.path, "/proc/7/ns/user") == 0
         && s.userns.uid.host_id == 65536);
  jd_spec_free (&s);
  static const char *const bad[] = {
    "userns new 0 65536 65536 0 65536\n",                                     /* a field short */
    "userns new 1 65536 65536 0 65536 65536\n",                               /* container id 0 unmapped */
    "userns new 0 65536 0 0 65536 65536\n",                                   /* empty range */
    "userns new 0 4294967295 2 0 65536 65536\n",                              /* past 32 bits */
    "userns path proc/7/ns/user 0 65536 65536 0 65536 65536\n",               /* relative */
    "userns new 0 65536 65536 0 65536 65536\nuserns new 0 65536 65536 0 65536 65536\n", /* twice */
    "userns new 0 65536 65536 0 65536 65536\nmount /a /a bind 20480 - dir 1048576\n",   /* shared */
  };
  for (size_t i = 0; i < sizeof (bad) / sizeof (bad[0]); i++)
    {
      CHECK (parse_userns (bad[i], &s) < 0);
      jd_spec_free (&s);
    }
}

int
main (void)
{
  test_userns ();
  test_recursive_read_only_bit ();
  test_full ();
  test_root_propagation ();
  test_rejects ();
  test_defaults ();
  return TEST_RESULT ();
}
