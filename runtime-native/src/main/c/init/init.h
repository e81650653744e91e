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
/* USERNS_FD: the user namespace to enter when the spec has one (jd_userns_prepare), else -1 */
void jd_container_init (const struct jd_spec *spec, int sync_fd, const char *console_path,
                        const signed char *cgroup_kinds, int userns_fd)
    __attribute__ ((noreturn));

/* userns.c: mounts made on the host's side before a user namespace is entered (root_fd -1 and no binds: none) */
struct jd_premounts
{
  int root_fd;  /* the detached rootfs mount */
  int *binds;   /* per spec mount: the detached idmapped tree of a bind, or its proc, else -1 */
  size_t n_binds;
  int host_side; /* jd_setup_rootfs runs as host root for the user namespace (jd_userns_lock_mounts) */
};
/* In the monitor, before clone: the user namespace's fd (a new one with the spec's maps, or the one joined). */
int jd_userns_prepare (const struct jd_spec *spec, struct jd_error **err);
/* Whether the namespace NS_FD is owned by the user namespace USERNS_FD (ioctl NS_GET_USERNS). */
int jd_ns_owned_by (int ns_fd, int userns_fd);
/* In the init, as host root: the rootfs, the bind mounts idmapped to USERNS_FD (and /proc when its pid namespace is not
 * USERNS_FD's); cwd on the rootfs target. */
int jd_userns_host_mounts (const struct jd_spec *spec, int userns_fd, struct jd_premounts *pre, struct jd_error **err);
void jd_premounts_close (struct jd_premounts *pre);
/* Locked mounts (a container that may hold CAP_SYS_ADMIN in its user namespace), in the init as host root after
 * jd_userns_host_mounts: a mount namespace of its own, still the host user namespace's, and a helper forked there
 * that stays host root; the other end of its socket in FD. The helper waits for jd_userns_locked_root, then makes
 * the container's mounts in that namespace (jd_setup_rootfs, jd_pivot_root, the sysctls as the namespace's root, the
 * masked and read-only paths), in the container's pid, network, IPC, UTS and cgroup namespaces. Returns its pid, or -1. CLOSE:
 * a descriptor the helper closes (the monitor's socket). */
pid_t jd_userns_lock_mounts (const struct jd_spec *spec, const char *console_path, const struct jd_premounts *pre,
                             int userns_fd, int close_fd, int *fd, struct jd_error **err);
/* In the user namespace, its namespaces made (the container's init): hands them to the helper on FD, waits for its
 * mounts and its pivot_root (which made the container's root this process's too), then copies the mount namespace
 * into the user namespace: every mount but the root locked there, and every one's flags. No pivot_root follows; "/"
 * is checked to be PRE's root. */
int jd_userns_locked_root (int fd, const struct jd_premounts *pre, struct jd_error **err);
/* jdock-monitor --probe-userns DIR...: whether pods in user namespaces can run on the DIRs (the data root first, then
 * the exec root), as containerd and runc probe it: an idmapped mount (open_tree(OPEN_TREE_CLONE) +
 * mount_setattr(MOUNT_ATTR_IDMAP) to a throwaway user namespace) of each, never attached anywhere, and the first
 * taken by an overlay as a lower layer with "lowerdir+" (not created). 0, or -1 with the first failure in ERR. */
int jd_userns_probe (char *const *dirs, size_t n, struct jd_error **err);
/* setns(user), then groups and ids 0 in it. */
int jd_userns_enter (int userns_fd, struct jd_error **err);
/* In the user namespace as its root: unshare(CLONE_NEWPID) (owned by the user namespace), then a clone with
 * CLONE_PARENT that is the new namespace's pid 1 and our parent's child. 0 in the child, its host pid here, or -1. */
pid_t jd_userns_new_pidns (struct jd_error **err);
/* In the monitor (sync 1's pid split, sync.h): the pid of the process that is the container's init now, as its child
 * CLONED sends it: the new pid namespace's pid 1 (CLONED then exits and is reaped here), or CLONED itself when it failed
 * before. -1 when CLONED exits without sending it (killed between its clone and its send: the pid 1, which holds the
 * socket too, would wait for GO while this waited for the pid). */
pid_t jd_userns_await_pid (int sync_fd, pid_t cloned, struct jd_error **err);

/* rootfs.c (PRE: from jd_userns_host_mounts when the spec has a user namespace) */
int jd_setup_rootfs (const struct jd_spec *spec, const char *console_path, const struct jd_premounts *pre,
                     struct jd_error **err);
int jd_pivot_root (const struct jd_spec *spec, const struct jd_premounts *pre, struct jd_error **err);
int jd_setup_paths_after_pivot (const struct jd_spec *spec, struct jd_error **err);
/* jd_setup_paths_after_pivot's two steps: the sysctls, then the masked and read-only paths and the read-only root */
int jd_write_sysctls (const struct jd_spec *spec, struct jd_error **err);
int jd_protect_paths (const struct jd_spec *spec, struct jd_error **err);
/* An image mount's subpath beneath TOP (the image's root): its tree cloned detached, read-only and private. */
int jd_image_subtree (int top, const struct jd_mount *m, struct jd_error **err);

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

/* apparmor.c: "exec PROFILE" to PROC's thread-self/attr/apparmor/exec (else self/attr/exec), applied at the next
 * execve; nothing for an empty or NULL PROFILE. REQUIRE_PROCFS: the file must be on procfs (off only in tests). */
int jd_apparmor_exec_at (const char *proc, const char *profile, int require_procfs, struct jd_error **err);
int jd_apply_apparmor (const char *profile, struct jd_error **err);

/* exec.c: execvpe with the container env's PATH; returns only on failure with Docker's message in ERR. */
int jd_exec (char *const args[], char *const env[], struct jd_error **err);

#endif
