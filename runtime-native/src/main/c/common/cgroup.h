/* How a process joins the cgroups a spec lists (cgroupprocs): by clone3(CLONE_INTO_CGROUP) for the v2 one, else
 * by writing "0" itself, to "tasks" on a v1 hierarchy (see jd_cgroup_self_join_file). */
#ifndef JD_CGROUP_H
#define JD_CGROUP_H

#include <stddef.h>
#include <sys/types.h>

#include "error.h"

enum jd_cgroup_kind
{
  JD_CGROUP_OTHER = 0, /* not a cgroup file system (or not found): the entry is written as the spec names it */
  JD_CGROUP_V1 = 1,
  JD_CGROUP_V2 = 2,
  JD_CGROUP_PLACED = 3, /* the v2 entry clone3(CLONE_INTO_CGROUP) placed the child in at birth */
};

/* The kind of cgroup file system statfs's F_TYPE names. */
int jd_cgroup_kind (unsigned long f_type);

/* The file through which a single-threaded process moves itself into the cgroup of PROCS (a "<dir>/cgroup.procs"
 * entry of the spec) by writing "0": "<dir>/tasks" on a v1 hierarchy, PROCS itself otherwise. A "0" written to
 * cgroup.procs moves the whole thread group under the global threadgroup lock, whose write side waits for an RCU
 * grace period (5-30 ms measured on this project's 2-core guest, once per start); written to tasks it moves the
 * writing thread alone, which the kernel does without that lock (since Linux 5.17, "cgroup: Optimize single thread
 * migration"; older kernels take it either way). For the container's init, a single thread, both move the same
 * process. Returns 0, or -1 with errno ENAMETOOLONG when BUF is too small. */
int jd_cgroup_self_join_file (const char *procs, int kind, char *buf, size_t size);

/* Classifies the N cgroupprocs entries PROCS into KINDS (statfs of each: 9 calls on a hybrid host) and creates the
 * child with clone(FLAGS | SIGCHLD); the v2 cgroup, when there is one, through clone3(CLONE_INTO_CGROUP) at birth (no
 * cgroup.procs write, no grace period), marked JD_CGROUP_PLACED in KINDS for the child. Kernels without clone3 or
 * CLONE_INTO_CGROUP (< 5.7) get the plain clone. Returns as fork(2) does. */
pid_t jd_cgroup_clone (int flags, char *const *procs, size_t n, signed char *kinds);

/* In the child of jd_cgroup_clone, single-threaded: joins every entry not PLACED by writing "0" through
 * jd_cgroup_self_join_file. */
int jd_cgroup_join_self (char *const *procs, size_t n, const signed char *kinds, struct jd_error **err);

#endif
