/* jdock-monitor --exec: the exec monitor (docker exec) and the exec process that joins a running container. */
#ifndef JD_EXEC_H
#define JD_EXEC_H

#include <sys/types.h>

#include "../common/error.h"
#include "../common/spec.h"

/* The namespaces an exec process joins, in runc's nsexec order: the user namespace first (when it is not ours), so
 * that the others, owned by it, are joined with its capabilities and the process never runs as host root in them. */
#define JD_EXEC_N_NS 7
extern const char *const jd_exec_ns_order[JD_EXEC_N_NS];

/* execspec.c: parses an exec spec (format in execspec.c) into SPEC (process directives only) and the host pid of
 * the container's init into *PID. */
int jd_exec_spec_parse (const char *text, struct jd_spec *spec, pid_t *pid, struct jd_error **err);
int jd_exec_spec_parse_file (const char *path, struct jd_spec *spec, pid_t *pid, struct jd_error **err);

/* join.c: runs in the exec child (already in the container's pid namespace): joins the container's cgroups
 * (CGROUP_KINDS as jd_cgroup_clone left them), waits for GO, joins the other namespaces through NSFDS (indexed like
 * jd_exec_ns_order, -1 = skip), sets the process up and execs. A failed cgroup join is the answer to GO. */
void jd_exec_process_init (const struct jd_spec *spec, const int *nsfds, int sync_fd, const signed char *cgroup_kinds)
    __attribute__ ((noreturn));

/* pty.c: opens dev/ptmx inside the container root ROOTFD (a devpts ptmx node, else an error) read-write. */
int jd_open_container_ptmx (int rootfd, struct jd_error **err);

/* execmode.c: main of `jdock-monitor --exec <spec-file>`. */
int jd_exec_main (const char *spec_path);

#endif
