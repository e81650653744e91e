/*
 * Parser of the jdock runtime spec (written by dev.jdock.runtime.spec.SpecCodec).
 *
 * Format: UTF-8 text, one directive per line, fields separated by single spaces. Every string field is
 * percent-encoded: bytes outside [A-Za-z0-9/._~:=,+@-] are written %XX; the empty string is written "-"
 * and the one-character string "-" as "%2D". Numbers are decimal; masks are unsigned 64-bit.
 *
 *   jdock-spec 1                                   first line
 *   id <s> | bundle <path> | rundir <path>
 *   rootfs overlay <target> <upper> <work> <lower-top> [<lower> ...]
 *   rootfs bind <dir> <target>
 *   arg <s>            (repeated, in order)        env <KEY=VALUE>   (repeated)
 *   cwd <s> | user <s> | gid <n> (additional gid, repeated)
 *   imagegroups <implicit|always|never>  (default implicit: enum jd_image_groups in spec.h)
 *   reportuser <0|1>   (default 0: 1 = the init reports its uid, gid and groups; the monitor writes <bundle>/user)
 *   tty <0|1> | stdin <open 0|1> <once 0|1> | console <height> <width> | nonewprivs <0|1>
 *   apparmor <profile> (the init writes "exec <profile>" to its AppArmor attr before execve; absent: none)
 *   caps <bounding> <effective> <permitted> <inheritable> <ambient>
 *   rlimit <RLIMIT_NAME> <soft> <hard>        (18446744073709551615 = unlimited)
 *   hostname <s>
 *   ns <pid|mnt|uts|ipc|net|cgroup> new  |  ns <type> path <path>
 *   mount <source> <destination> <fstype> <flags> <data> <file|dir> [<propagation: MS_SHARED|SLAVE|PRIVATE [|MS_REC]>]
 *   device <path> <c|b|p> <major> <minor> <mode> <uid> <gid>
 *   masked <path> | readonly <path> | rootfsro <0|1>
 *   seccomp <bpf-file> | cgroupprocs <path> (repeated)
 *   log <json-file|local|cri|none> <path> <max-size bytes, 0 = unlimited> <max-file> [<compress 0|1>]
 *   logattrs <json>    (json-file: a JSON object of at most 64 KiB, written as "attrs" into every line)
 *   oomscoreadj <n>
 *   userns new <uid-container> <uid-host> <uid-length> <gid-container> <gid-host> <gid-length>
 *   userns path <path> <uid-container> <uid-host> <uid-length> <gid-container> <gid-host> <gid-length>
 *                      (one each; a reader that predates it refuses the spec rather than run without it)
 *   end                                            last line (a spec without it is truncated)
 */
#include "spec.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "utils.h"

#define MAX_FIELDS 512

static const struct
{
  const char *name;
  int resource;
} rlimit_names[] = {
  { "RLIMIT_CPU", RLIMIT_CPU },         { "RLIMIT_FSIZE", RLIMIT_FSIZE },   { "RLIMIT_DATA", RLIMIT_DATA },
  { "RLIMIT_STACK", RLIMIT_STACK },     { "RLIMIT_CORE", RLIMIT_CORE },     { "RLIMIT_RSS", RLIMIT_RSS },
  { "RLIMIT_NPROC", RLIMIT_NPROC },     { "RLIMIT_NOFILE", RLIMIT_NOFILE }, { "RLIMIT_MEMLOCK", RLIMIT_MEMLOCK },
  { "RLIMIT_AS", RLIMIT_AS },           { "RLIMIT_LOCKS", RLIMIT_LOCKS },   { "RLIMIT_SIGPENDING", RLIMIT_SIGPENDING },
  { "RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE }, { "RLIMIT_NICE", RLIMIT_NICE },   { "RLIMIT_RTPRIO", RLIMIT_RTPRIO },
  { "RLIMIT_RTTIME", RLIMIT_RTTIME },
};

static int
hexval (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

int
jd_percent_decode (char *s)
{
  if (strcmp (s, "-") == 0)
    {
      s[0] = '\0';
      return 0;
    }
  char *out = s;
  for (char *in = s; *in; in++)
    {
      if (*in != '%')
        {
          *out++ = *in;
          continue;
        }
      int hi = hexval (in[1]), lo = hi < 0 ? -1 : hexval (in[2]);
      if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
        return -1;
      *out++ = (char) (hi * 16 + lo);
      in += 2;
    }
  *out = '\0';
  return 0;
}

static int
push (void *arrp, size_t *n, size_t elsize, const void *el)
{
  void **arr = arrp;
  void *grown = realloc (*arr, (*n + 1) * elsize);
  if (grown == NULL)
    return -1;
  memcpy ((char *) grown + *n * elsize, el, elsize);
  *arr = grown;
  (*n)++;
  return 0;
}

static int
push_str (char ***arr, size_t *n, const char *s)
{
  char *copy = strdup (s);
  if (copy == NULL || push (arr, n, sizeof (char *), &copy) < 0)
    {
      free (copy);
      return -1;
    }
  return 0;
}

static int
set_str (char **dst, const char *s)
{
  free (*dst);
  *dst = strdup (s);
  return *dst == NULL ? -1 : 0;
}

static int
num (const char *s, long long min, long long max, long long *out)
{
  long long v;
  if (jd_parse_i64 (s, &v) < 0 || v < min || v > max)
    return -1;
  *out = v;
  return 0;
}

static int
flag01 (const char *s, int *out)
{
  long long v;
  if (num (s, 0, 1, &v) < 0)
    return -1;
  *out = (int) v;
  return 0;
}

static int
parse_rootfs (struct jd_spec *spec, char **f, int nf)
{
  if (nf == 4 && strcmp (f[1], "bind") == 0)
    {
      spec->rootfs_overlay = 0;
      return set_str (&spec->rootfs_dir, f[2]) < 0 || set_str (&spec->rootfs_target, f[3]) < 0 ? -1 : 0;
    }
  if (nf < 6 || strcmp (f[1], "overlay") != 0)
    return -1;
  spec->rootfs_overlay = 1;
  if (set_str (&spec->rootfs_target, f[2]) < 0 || set_str (&spec->upper, f[3]) < 0 || set_str (&spec->work, f[4]) < 0)
    return -1;
  for (int i = 5; i < nf; i++)
    if (push_str (&spec->lowers, &spec->n_lowers, f[i]) < 0)
      return -1;
  return 0;
}

static int
parse_rlimit (struct jd_spec *spec, char **f, int nf)
{
  struct jd_rlimit r = { .resource = -1 };
  if (nf != 4)
    return -1;
  for (size_t i = 0; i < sizeof (rlimit_names) / sizeof (rlimit_names[0]); i++)
    if (strcmp (rlimit_names[i].name, f[1]) == 0)
      r.resource = rlimit_names[i].resource;
  if (r.resource < 0 || jd_parse_u64 (f[2], &r.soft) < 0 || jd_parse_u64 (f[3], &r.hard) < 0)
    return -1;
  return push (&spec->rlimits, &spec->n_rlimits, sizeof (r), &r);
}

static int
parse_ns (struct jd_spec *spec, char **f, int nf)
{
  static const char *types[] = { "pid", "mnt", "uts", "ipc", "net", "cgroup" };
  struct jd_namespace ns = { 0 };
  int known = 0;
  for (size_t i = 0; i < sizeof (types) / sizeof (types[0]); i++)
    known |= strcmp (types[i], f[1]) == 0;
  if (!known || nf < 3 || (strcmp (f[2], "new") == 0 ? nf != 3 : (strcmp (f[2], "path") != 0 || nf != 4)))
    return -1;
  ns.type = strdup (f[1]);
  ns.path = nf == 4 ? strdup (f[3]) : NULL;
  if (ns.type == NULL || (nf == 4 && ns.path == NULL))
    return -1;
  return push (&spec->namespaces, &spec->n_namespaces, sizeof (ns), &ns);
}

static int
parse_idmap (char **f, struct jd_idmap *m)
{
  long long c, h, n;
  if (num (f[0], 0, 0xfffffffeLL, &c) < 0 || num (f[1], 0, 0xfffffffeLL, &h) < 0 || num (f[2], 1, 0xffffffffLL, &n) < 0
      || c + n > 0xffffffffLL || h + n > 0xffffffffLL)
    return -1;
  m->container_id = (uint32_t) c;
  m->host_id = (uint32_t) h;
  m->length = (uint32_t) n;
  return 0;
}

static int
parse_userns (struct jd_spec *spec, char **f, int nf)
{
  int joined = nf == 9 && strcmp (f[1], "path") == 0;
  if (spec->userns.enabled || !(joined || (nf == 8 && strcmp (f[1], "new") == 0)))
    return -1;
  if (joined && (f[2][0] != '/' || set_str (&spec->userns.path, f[2]) < 0))
    return -1;
  if (parse_idmap (f + 2 + joined, &spec->userns.uid) < 0 || parse_idmap (f + 5 + joined, &spec->userns.gid) < 0)
    return -1;
  spec->userns.enabled = 1;
  return 0;
}

static int
parse_mount (struct jd_spec *spec, char **f, int nf)
{
  struct jd_mount m = { 0 };
  unsigned long long flags, propagation = 0;
  if ((nf != 7 && nf != 8) || jd_parse_u64 (f[4], &flags) < 0 || (nf == 8 && jd_parse_u64 (f[7], &propagation) < 0))
    return -1;
  if (propagation & ~(unsigned long long) JD_PROPAGATION_FLAGS)
    return -1;
  if (strcmp (f[6], "file") != 0 && strcmp (f[6], "dir") != 0)
    return -1;
  if (f[2][0] != '/')
    return -1;
  m.source = strdup (f[1]);
  m.destination = strdup (f[2]);
  m.type = strdup (f[3]);
  m.data = strdup (f[5]);
  m.flags = (unsigned long) flags;
  m.propagation = (unsigned long) propagation;
  m.file_target = strcmp (f[6], "file") == 0;
  if (!m.source || !m.destination || !m.type || !m.data)
    return -1;
  return push (&spec->mounts, &spec->n_mounts, sizeof (m), &m);
}

static int
parse_device (struct jd_spec *spec, char **f, int nf)
{
  struct jd_device d = { 0 };
  long long major, minor, mode, uid, gid;
  if (nf != 8 || strlen (f[2]) != 1 || strchr ("cbp", f[2][0]) == NULL || f[1][0] != '/')
    return -1;
  if (num (f[3], 0, 0xfffff, &major) < 0 || num (f[4], 0, 0xfffff, &minor) < 0 || num (f[5], 0, 07777, &mode) < 0
      || num (f[6], 0, 0xffffffffLL, &uid) < 0 || num (f[7], 0, 0xffffffffLL, &gid) < 0)
    return -1;
  d.path = strdup (f[1]);
  d.type = f[2][0];
  d.major = (unsigned) major;
  d.minor = (unsigned) minor;
  d.mode = (mode_t) mode;
  d.uid = (uid_t) uid;
  d.gid = (gid_t) gid;
  if (d.path == NULL)
    return -1;
  return push (&spec->devices, &spec->n_devices, sizeof (d), &d);
}

static int
parse_caps (struct jd_spec *spec, char **f, int nf)
{
  unsigned long long v[5];
  if (nf != 6)
    return -1;
  for (int i = 0; i < 5; i++)
    if (jd_parse_u64 (f[i + 1], &v[i]) < 0)
      return -1;
  spec->cap_bounding = v[0];
  spec->cap_effective = v[1];
  spec->cap_permitted = v[2];
  spec->cap_inheritable = v[3];
  spec->cap_ambient = v[4];
  return 0;
}

static int
parse_log (struct jd_spec *spec, char **f, int nf)
{
  long long max_size, max_file, compress = 0;
  if ((nf != 5 && nf != 6) || num (f[3], 0, (long long) 1 << 62, &max_size) < 0 || num (f[4], 0, 1000, &max_file) < 0
      || (nf == 6 && num (f[5], 0, 1, &compress) < 0))
    return -1;
  if (strcmp (f[1], "json-file") != 0 && strcmp (f[1], "local") != 0 && strcmp (f[1], "cri") != 0
      && strcmp (f[1], "none") != 0)
    return -1;
  spec->log_max_size = max_size;
  spec->log_max_file = (int) max_file;
  spec->log_compress = (int) compress;
  return set_str (&spec->log_driver, f[1]) < 0 || set_str (&spec->log_path, f[2]) < 0 ? -1 : 0;
}

/* Handles directives with exactly one field. Returns 1 when KEY is not one of them. */
static int
parse_single (struct jd_spec *spec, const char *key, const char *v)
{
  long long n;
  if (strcmp (key, "id") == 0)
    return set_str (&spec->id, v);
  if (strcmp (key, "bundle") == 0)
    return set_str (&spec->bundle, v);
  if (strcmp (key, "rundir") == 0)
    return set_str (&spec->rundir, v);
  if (strcmp (key, "arg") == 0)
    return push_str (&spec->args, &spec->n_args, v);
  if (strcmp (key, "env") == 0)
    return strchr (v, '=') == NULL ? -1 : push_str (&spec->env, &spec->n_env, v);
  if (strcmp (key, "cwd") == 0)
    return set_str (&spec->cwd, v);
  if (strcmp (key, "user") == 0)
    return set_str (&spec->user, v);
  if (strcmp (key, "hostname") == 0)
    return set_str (&spec->hostname, v);
  if (strcmp (key, "seccomp") == 0)
    return set_str (&spec->seccomp, v);
  if (strcmp (key, "logattrs") == 0)
    return v[0] != '{' || strlen (v) > 64 * 1024 ? -1 : set_str (&spec->log_attrs, v);
  if (strcmp (key, "apparmor") == 0)
    return v[0] == '\0' || strpbrk (v, " \t\n") != NULL ? -1 : set_str (&spec->apparmor, v);
  if (strcmp (key, "masked") == 0)
    return push_str (&spec->masked, &spec->n_masked, v);
  if (strcmp (key, "readonly") == 0)
    return push_str (&spec->readonly, &spec->n_readonly, v);
  if (strcmp (key, "cgroupprocs") == 0)
    return push_str (&spec->cgroup_procs, &spec->n_cgroup_procs, v);
  if (strcmp (key, "tty") == 0)
    return flag01 (v, &spec->tty);
  if (strcmp (key, "nonewprivs") == 0)
    return flag01 (v, &spec->no_new_privs);
  if (strcmp (key, "rootfsro") == 0)
    return flag01 (v, &spec->readonly_rootfs);
  if (strcmp (key, "reportuser") == 0)
    return flag01 (v, &spec->report_user);
  if (strcmp (key, "imagegroups") == 0)
    {
      static const char *const modes[] = { "implicit", "always", "never" };
      for (int i = 0; i < 3; i++)
        if (strcmp (v, modes[i]) == 0)
          {
            spec->image_groups = i;
            return 0;
          }
      return -1;
    }
  if (strcmp (key, "gid") == 0)
    {
      gid_t g;
      if (num (v, 0, 0xfffffffeLL, &n) < 0)
        return -1;
      g = (gid_t) n;
      return push (&spec->gids, &spec->n_gids, sizeof (g), &g);
    }
  if (strcmp (key, "oomscoreadj") == 0)
    {
      if (num (v, -1000, 1000, &n) < 0)
        return -1;
      spec->has_oom_score_adj = 1;
      spec->oom_score_adj = (int) n;
      return 0;
    }
  return 1;
}

static int
parse_directive (struct jd_spec *spec, char **f, int nf)
{
  const char *key = f[0];
  long long h, w;
  if (nf == 2)
    {
      int r = parse_single (spec, key, f[1]);
      if (r <= 0)
        return r;
    }
  if (strcmp (key, "rootfs") == 0 && nf >= 2)
    return parse_rootfs (spec, f, nf);
  if (strcmp (key, "rlimit") == 0)
    return parse_rlimit (spec, f, nf);
  if (strcmp (key, "ns") == 0 && nf >= 2)
    return parse_ns (spec, f, nf);
  if (strcmp (key, "mount") == 0)
    return parse_mount (spec, f, nf);
  if (strcmp (key, "device") == 0)
    return parse_device (spec, f, nf);
  if (strcmp (key, "caps") == 0)
    return parse_caps (spec, f, nf);
  if (strcmp (key, "log") == 0)
    return parse_log (spec, f, nf);
  if (strcmp (key, "userns") == 0 && nf >= 2)
    return parse_userns (spec, f, nf);
  if (strcmp (key, "stdin") == 0 && nf == 3)
    return flag01 (f[1], &spec->open_stdin) < 0 || flag01 (f[2], &spec->stdin_once) < 0 ? -1 : 0;
  if (strcmp (key, "sysctl") == 0 && nf == 3)
    {
      size_t n = spec->n_sysctls;
      if (strchr (f[1], '/') != NULL || strstr (f[1], "..") != NULL || f[1][0] == '\0')
        return -1;
      if (push_str (&spec->sysctl_keys, &n, f[1]) < 0)
        return -1;
      return push_str (&spec->sysctl_values, &spec->n_sysctls, f[2]);
    }
  if (strcmp (key, "console") == 0 && nf == 3)
    {
      if (num (f[1], 0, 65535, &h) < 0 || num (f[2], 0, 65535, &w) < 0)
        return -1;
      spec->console_height = (unsigned short) h;
      spec->console_width = (unsigned short) w;
      return 0;
    }
  return -1;
}

static int
validate (struct jd_spec *spec, struct jd_error **err)
{
  if (spec->id == NULL || spec->rundir == NULL || spec->bundle == NULL)
    return jd_make_error (err, EINVAL, "spec: id, bundle and rundir are required");
  if (spec->rootfs_target == NULL)
    return jd_make_error (err, EINVAL, "spec: rootfs is required");
  if (spec->n_args == 0)
    return jd_make_error (err, EINVAL, "spec: no process args");
  /* execve wants a NULL-terminated argv */
  char **argv = realloc (spec->args, (spec->n_args + 1) * sizeof (char *));
  if (argv == NULL)
    return jd_make_error (err, ENOMEM, "spec");
  argv[spec->n_args] = NULL;
  spec->args = argv;
  if (spec->log_driver == NULL && set_str (&spec->log_driver, "none") < 0)
    return jd_make_error (err, ENOMEM, "spec");
  if (spec->cwd == NULL && set_str (&spec->cwd, "/") < 0)
    return jd_make_error (err, ENOMEM, "spec");
  if (spec->user == NULL && set_str (&spec->user, "") < 0)
    return jd_make_error (err, ENOMEM, "spec");
  if (spec->userns.enabled && (spec->userns.uid.container_id != 0 || spec->userns.gid.container_id != 0))
    return jd_make_error (err, EINVAL, "spec: a user namespace must map container id 0");
  if (spec->userns.enabled && (jd_spec_root_propagation (spec) & MS_SHARED))
    return jd_make_error (err, EINVAL, "spec: shared mounts are not supported in a user namespace");
  return 0;
}

int
jd_spec_parse (const char *text, struct jd_spec *spec, struct jd_error **err)
{
  memset (spec, 0, sizeof (*spec));
  cleanup_free char *copy = strdup (text);
  if (copy == NULL)
    return jd_make_error (err, ENOMEM, "spec");
  int lineno = 0, ended = 0;
  char *saveptr = NULL;
  for (char *line = strtok_r (copy, "\n", &saveptr); line; line = strtok_r (NULL, "\n", &saveptr))
    {
      char *f[MAX_FIELDS];
      int nf = 0;
      char *fsave = NULL;
      lineno++;
      if (ended)
        return jd_make_error (err, EINVAL, "spec line %d: text after `end`", lineno);
      for (char *t = strtok_r (line, " ", &fsave); t; t = strtok_r (NULL, " ", &fsave))
        {
          if (nf == MAX_FIELDS)
            return jd_make_error (err, E2BIG, "spec line %d: more than %d fields", lineno, MAX_FIELDS);
          f[nf++] = t;
        }
      if (nf == 0)
        continue;
      if (lineno == 1)
        {
          if (nf != 2 || strcmp (f[0], "jdock-spec") != 0 || strcmp (f[1], "1") != 0)
            return jd_make_error (err, EINVAL, "spec: not a jdock-spec 1 file");
          continue;
        }
      if (nf == 1 && strcmp (f[0], "end") == 0)
        {
          ended = 1;
          continue;
        }
      for (int i = 1; i < nf; i++)
        if (jd_percent_decode (f[i]) < 0)
          return jd_make_error (err, EINVAL, "spec line %d: bad percent-encoding", lineno);
      if (parse_directive (spec, f, nf) != 0)
        return jd_make_error (err, EINVAL, "spec line %d: invalid `%s` directive", lineno, f[0]);
    }
  if (!ended)
    return jd_make_error (err, EINVAL, "spec: truncated (no `end`)");
  return validate (spec, err);
}

int
jd_spec_parse_file (const char *path, struct jd_spec *spec, struct jd_error **err)
{
  cleanup_free char *text = NULL;
  if (jd_read_file (path, &text, NULL, err) < 0)
    return -1;
  return jd_spec_parse (text, spec, err);
}

const struct jd_namespace *
jd_spec_namespace (const struct jd_spec *spec, const char *type)
{
  for (size_t i = 0; i < spec->n_namespaces; i++)
    if (strcmp (spec->namespaces[i].type, type) == 0)
      return &spec->namespaces[i];
  return NULL;
}

static void
free_strv (char **v, size_t n)
{
  for (size_t i = 0; i < n; i++)
    free (v[i]);
  free (v);
}

void
jd_spec_free (struct jd_spec *spec)
{
  free (spec->id);
  free (spec->bundle);
  free (spec->rundir);
  free_strv (spec->lowers, spec->n_lowers);
  free (spec->upper);
  free (spec->work);
  free (spec->rootfs_dir);
  free (spec->rootfs_target);
  free_strv (spec->args, spec->n_args);
  free_strv (spec->env, spec->n_env);
  free (spec->cwd);
  free (spec->user);
  free (spec->gids);
  free (spec->rlimits);
  free (spec->hostname);
  for (size_t i = 0; i < spec->n_namespaces; i++)
    {
      free (spec->namespaces[i].type);
      free (spec->namespaces[i].path);
    }
  free (spec->namespaces);
  for (size_t i = 0; i < spec->n_mounts; i++)
    {
      free (spec->mounts[i].source);
      free (spec->mounts[i].destination);
      free (spec->mounts[i].type);
      free (spec->mounts[i].data);
    }
  free (spec->mounts);
  for (size_t i = 0; i < spec->n_devices; i++)
    free (spec->devices[i].path);
  free (spec->devices);
  free_strv (spec->masked, spec->n_masked);
  free_strv (spec->readonly, spec->n_readonly);
  free (spec->seccomp);
  free (spec->apparmor);
  free_strv (spec->cgroup_procs, spec->n_cgroup_procs);
  free_strv (spec->sysctl_keys, spec->n_sysctls);
  free_strv (spec->sysctl_values, spec->n_sysctls);
  free (spec->log_driver);
  free (spec->log_path);
  free (spec->log_attrs);
  free (spec->userns.path);
  memset (spec, 0, sizeof (*spec));
}

/* Docker's rule (moby's WithMounts): a shared mount makes the container's root "shared", else a slave one makes it
 * "rslave", else it is rprivate. */
unsigned long
jd_spec_root_propagation (const struct jd_spec *spec)
{
  unsigned long root = MS_REC | MS_PRIVATE;
  for (size_t i = 0; i < spec->n_mounts; i++)
    {
      unsigned long p = spec->mounts[i].propagation;
      if (p & MS_SHARED)
        return MS_SHARED;
      if (p & MS_SLAVE)
        root = MS_REC | MS_SLAVE;
    }
  return root;
}
