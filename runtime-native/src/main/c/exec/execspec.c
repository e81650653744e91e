/*
 * The exec spec written by dev.jdock.runtime.spec.ExecSpecCodec: a jdock-spec (see common/spec.c) restricted to
 * the process directives, with its own first line and the container to join:
 *
 *   jdock-exec 1
 *   join <host pid of the container's init>
 *   id, bundle (the exec's dir: exit file), rundir (attach.sock, monitor.pid), arg, env, cwd, user, gid, tty,
 *   imagegroups, stdin, console, nonewprivs, apparmor, caps, rlimit, oomscoreadj, seccomp, cgroupprocs
 *   end
 *
 * The exec never touches the root filesystem, so the rootfs directive that jd_spec_parse requires is implied.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/utils.h"
#include "exec.h"

const char *const jd_exec_ns_order[JD_EXEC_N_NS] = { "user", "ipc", "uts", "net", "pid", "mnt", "cgroup" };

static const char *const allowed[] = { "id",      "bundle", "rundir",     "arg",  "env",    "cwd",
                                       "user",    "gid",    "tty",        "stdin", "console", "nonewprivs",
                                       "caps",    "rlimit", "seccomp",    "cgroupprocs", "imagegroups", "oomscoreadj",
                                       "apparmor", "end" };

static int
allowed_key (const char *line)
{
  size_t len = strcspn (line, " ");
  for (size_t i = 0; i < sizeof (allowed) / sizeof (allowed[0]); i++)
    if (strlen (allowed[i]) == len && strncmp (allowed[i], line, len) == 0)
      return 1;
  return 0;
}

int
jd_exec_spec_parse (const char *text, struct jd_spec *spec, pid_t *pid, struct jd_error **err)
{
  static const char header[] = "jdock-exec 1\n";
  long long join = 0;
  memset (spec, 0, sizeof (*spec));
  if (strncmp (text, header, sizeof (header) - 1) != 0)
    return jd_make_error (err, EINVAL, "exec spec: not a jdock-exec 1 file");
  cleanup_free char *out = malloc (strlen (text) + 64);
  cleanup_free char *copy = strdup (text + sizeof (header) - 1);
  if (out == NULL || copy == NULL)
    return jd_make_error (err, ENOMEM, "exec spec");
  strcpy (out, "jdock-spec 1\nrootfs bind - /\n");
  char *save = NULL;
  for (char *line = strtok_r (copy, "\n", &save); line; line = strtok_r (NULL, "\n", &save))
    {
      if (strncmp (line, "join ", 5) == 0)
        {
          if (jd_parse_i64 (line + 5, &join) < 0 || join <= 0 || join > 0x3fffffff)
            return jd_make_error (err, EINVAL, "exec spec: bad `join` directive");
          continue;
        }
      if (!allowed_key (line))
        return jd_make_error (err, EINVAL, "exec spec: unexpected directive `%.*s`", (int) strcspn (line, " "), line);
      strcat (out, line);
      strcat (out, "\n");
    }
  if (join == 0)
    return jd_make_error (err, EINVAL, "exec spec: no `join` directive");
  if (jd_spec_parse (out, spec, err) < 0)
    return -1;
  *pid = (pid_t) join;
  return 0;
}

int
jd_exec_spec_parse_file (const char *path, struct jd_spec *spec, pid_t *pid, struct jd_error **err)
{
  cleanup_free char *text = NULL;
  if (jd_read_file (path, &text, NULL, err) < 0)
    return -1;
  return jd_exec_spec_parse (text, spec, pid, err);
}
