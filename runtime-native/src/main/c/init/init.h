/* The container's init side: runs in the cloned child (pid 1 of the new pid namespace) up to execve. */
#ifndef JD_INIT_H
#define JD_INIT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "../common/error.h"
#include "../common/spec.h"

/* Never returns: waits for sync 2, sets the container up and execs, reporting failures on SYNC_FD. */
/* CGROUP_KINDS: enum jd_cgroup_kind of each of the spec's cgroupprocs entries (JD_CGROUP_PLACED: clone3 placed this
 * process there already) */
void jd_container_init (const struct jd_spec *spec, int sync_fd, const char *console_path,
                        const signed char *cgroup_kinds)
    __attribute__ ((noreturn));

/* rootfs.c */
int jd_setup_rootfs (const struct jd_spec *spec, const char *console_path, struct jd_error **err);
int jd_pivot_root (const struct jd_spec *spec, struct jd_error **err);
int jd_setup_paths_after_pivot (const struct jd_spec *spec, struct jd_error **err);

/* user.c: resolves SPEC ("", name, uid, name:group, uid:gid, ...) against passwd/group files like runc. */
struct jd_user
{
  uid_t uid;
  gid_t gid;
  char *home; /* "/" when the user has no passwd entry */
  gid_t *sgids;
  size_t n_sgids;
};
/* IMAGE_GROUPS: enum jd_image_groups. */
int jd_resolve_user (const char *spec, const char *passwd_path, const char *group_path, int image_groups,
                     struct jd_user *out, struct jd_error **err);
void jd_user_free (struct jd_user *user);
/* The supplementary groups, as moby and containerd set them since CVE-2022-36109 / CVE-2023-25173: the primary
 * group first, then the user's groups from the image (jd_resolve_user), then the spec's gids. Caller frees. */
gid_t *jd_user_groups (const struct jd_spec *spec, const struct jd_user *user, size_t *n, struct jd_error **err);
/* "<uid> <gid> <group> ..." (GROUPS sorted, each once) into OUT; -1 when it does not fit in SIZE. */
int jd_format_user_report (uid_t uid, gid_t gid, const gid_t *groups, size_t n, char *out, size_t size);

/* security.c */
int jd_read_last_cap (struct jd_error **err);
int jd_set_rlimits (const struct jd_spec *spec, struct jd_error **err);
int jd_set_oom_score_adj (const struct jd_spec *spec, struct jd_error **err);
int jd_loopback_up (struct jd_error **err);
int jd_load_seccomp (const char *bpf_path, void **prog, struct jd_error **err);
int jd_apply_seccomp (void *prog, struct jd_error **err);
int jd_set_user_and_caps (const struct jd_spec *spec, const struct jd_user *user, int last_cap, struct jd_error **err);

/* exec.c: execvpe with the container env's PATH; returns only on failure with Docker's message in ERR. */
int jd_exec (char *const args[], char *const env[], struct jd_error **err);

#endif
