/* The runtime spec written by the Java side (dev.jdock.runtime.spec.SpecCodec); format documented in spec.c. */
#ifndef JD_SPEC_H
#define JD_SPEC_H

#include <stddef.h>
#include <stdint.h>
#include <sys/mount.h>
#include <sys/types.h>

#include "error.h"

/* the bits a mount's propagation field may carry */
#define JD_PROPAGATION_FLAGS (MS_SHARED | MS_SLAVE | MS_PRIVATE | MS_UNBINDABLE | MS_REC)
/* Not a kernel flag (MsFlags.JD_RECURSIVE_RDONLY): a read-only bind whose submounts are made read-only as well. */
#define JD_MOUNT_RECURSIVE_RDONLY (1ULL << 40)
/* With it: where the kernel cannot (ENOSYS, EPERM from a seccomp filter, EINVAL), the submounts are left as they are
 * (the default for a read-only bind); without it, that is an error (ReadOnlyForceRecursive, recursive_read_only). */
#define JD_MOUNT_RECURSIVE_RDONLY_TRY (1ULL << 41)

/* The type of an image mount (engine MountSpec.image): SOURCE holds its layer directories top first, joined by ':',
 * DATA the subpath inside the image ("" for its root). */
#define JD_IMAGE_MOUNT_TYPE "jdock-image"
/* The type of a volume's subpath mount (engine MountSpec.subpath): SOURCE the volume's directory on the host, DATA
 * the subpath inside it, FLAGS MS_RDONLY or 0. */
#define JD_SUBPATH_MOUNT_TYPE "jdock-subpath"

struct jd_mount
{
  char *source;
  char *destination;
  char *type;
  char *data;
  unsigned long flags;
  unsigned long propagation; /* applied after the mount; 0: none */
  int file_target;
};

struct jd_device
{
  char *path;
  char type; /* c, b, p */
  unsigned int major, minor;
  mode_t mode;
  uid_t uid;
  gid_t gid;
};

struct jd_namespace
{
  char *type; /* pid mnt uts ipc net cgroup */
  char *path; /* NULL: create a new one */
};

/* One ID range: CONTAINER..CONTAINER+LENGTH-1 in the user namespace are HOST.. on the host. */
struct jd_idmap
{
  uint32_t container_id, host_id, length;
};

/* The container's user namespace ("userns" directive): a new one with these maps (a pod's infra process), or the one
 * at PATH joined (the pod's containers; the maps are the pod's, for the rootfs' ownership). Every bind mount is then
 * idmapped to it, and the namespaces the spec asks to create are made inside it. */
struct jd_userns
{
  int enabled;
  char *path; /* NULL: a new one */
  struct jd_idmap uid, gid;
};

struct jd_rlimit
{
  int resource;
  unsigned long long soft, hard;
};

/* When the groups that list the user in the image's /etc/group join its supplementary groups. */
enum jd_image_groups
{
  JD_IMAGE_GROUPS_IMPLICIT = 0, /* runc's rule: only when the user names no group ("imagegroups implicit") */
  JD_IMAGE_GROUPS_ALWAYS,       /* the CRI's Merge policy, also with an explicit group ("imagegroups always") */
  JD_IMAGE_GROUPS_NEVER,        /* the CRI's Strict policy ("imagegroups never") */
};

struct jd_spec
{
  char *id, *bundle, *rundir;
  int rootfs_overlay;
  char **lowers; /* top first */
  size_t n_lowers;
  char *upper, *work, *rootfs_dir, *rootfs_target;

  char **args;
  size_t n_args;
  char **env;
  size_t n_env;
  char *cwd, *user;
  gid_t *gids;
  size_t n_gids;
  int image_groups;    /* enum jd_image_groups: when the user's groups in the image's /etc/group are added */
  int report_user;     /* "reportuser 1": the init reports uid, gid and groups; the monitor writes <bundle>/user */
  int tty, open_stdin, stdin_once, no_new_privs;
  char *apparmor; /* the AppArmor profile for the process ("apparmor" directive), NULL: none */
  unsigned short console_height, console_width;
  uint64_t cap_bounding, cap_effective, cap_permitted, cap_inheritable, cap_ambient;
  struct jd_rlimit *rlimits;
  size_t n_rlimits;

  char *hostname;
  struct jd_namespace *namespaces;
  size_t n_namespaces;
  struct jd_mount *mounts;
  size_t n_mounts;
  struct jd_device *devices;
  size_t n_devices;
  char **masked;
  size_t n_masked;
  char **readonly;
  size_t n_readonly;
  int readonly_rootfs;
  char *seccomp;
  char **cgroup_procs;
  size_t n_cgroup_procs;
  char *log_driver, *log_path;
  long long log_max_size;
  int log_max_file;
  int log_compress; /* gzip rotated files */
  char *log_attrs;  /* json-file: the JSON object written as "attrs" into every line, or NULL */
  int has_oom_score_adj, oom_score_adj;
  char **sysctl_keys, **sysctl_values; /* dotted names (net.ipv4.ip_forward) and values, written under /proc/sys */
  size_t n_sysctls;
  struct jd_userns userns;
};

int jd_spec_parse (const char *text, struct jd_spec *spec, struct jd_error **err);
int jd_spec_parse_file (const char *path, struct jd_spec *spec, struct jd_error **err);
void jd_spec_free (struct jd_spec *spec);

/* The propagation of the container's root mount, from its mounts' (MS_SHARED, MS_REC|MS_SLAVE or MS_REC|MS_PRIVATE). */
unsigned long jd_spec_root_propagation (const struct jd_spec *spec);

/* The namespace entry of TYPE, or NULL when the spec does not ask for one (the host's is shared). */
const struct jd_namespace *jd_spec_namespace (const struct jd_spec *spec, const char *type);

/* Decodes a percent-encoded field in place ("-" is the empty string). Returns -1 on a malformed escape. */
int jd_percent_decode (char *s);

#endif
