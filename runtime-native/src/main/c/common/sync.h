/* Messages on the monitor <-> container-init sync socket (AF_UNIX SOCK_SEQPACKET, CLOEXEC on both ends).
 *
 *   sync 1. monitor: clone(); report "OK <pid> <monitor-pid>". The child meanwhile joins its cgroups: "0"
 *           written to each v1 hierarchy's tasks file (jd_cgroup_self_join_file); clone3(CLONE_INTO_CGROUP)
 *           placed it in the v2 one at birth (else it writes that cgroup.procs too).
 *           With a user namespace and a new pid namespace the report waits for JD_SYNC_PID ("<pid>"): the child
 *           does its host-side work, enters the user namespace, unshares the pid namespace there and clones its
 *           pid 1 with CLONE_PARENT (a child of the monitor, runc's nsexec stage 2), whose host pid it sends before
 *           it exits; the monitor reaps it and supervises that pid. A child that failed before sends its own pid
 *           and tells the failure at GO, as any other. A child that exits without sending it (killed between its
 *           clone and its send) fails the start (jd_userns_await_pid): its pid 1 holds the socket and waits for GO.
 *   sync 2. monitor -> child: JD_SYNC_GO once an attach client sent START. Meanwhile the child joins and
 *           unshares its namespaces, sets rlimits, mounts its rootfs, pivots, masks paths, sets its hostname
 *           and finds its user (while the daemon attaches the networks), then waits; a failure there is
 *           reported as the answer to GO (sync 3). Seccomp, credentials and capabilities come after GO, and
 *           so do net.* sysctls of a new network namespace (they may name its interfaces).
 *   sync 3. child -> monitor: JD_SYNC_ERROR (errno + text) when a setup step fails; the child exits.
 *   sync 4. child: JD_SYNC_USER ("<uid> <gid> <group> ...", the groups sorted, once each) when the spec has
 *           "reportuser 1", after its credentials are set; the monitor writes it to <bundle>/user. Then execve().
 *           Success closes the CLOEXEC socket: EOF at the monitor means "started" when the process then has a
 *           memory map of its own (an execve; an init that dies closes the socket after it dropped its map). When
 *           the monitor reaps the process before it settled the start (another child's SIGCHLD woke it after the
 *           exec and the exit, or another process still held a copy of the socket), it reads what the socket holds
 *           first (a failure), then the zombie's comm (JD_INIT_COMM: it died before execve, a start failure; else
 *           it exec'd: STARTED, then EXIT).
 *           A failed exec sends JD_SYNC_EXEC_ERROR (errno + Docker's text) instead.
 */
#ifndef JD_SYNC_H
#define JD_SYNC_H

/* The container init's name (PR_SET_NAME) until its execve, which renames it to the basename of what it runs: never a
 * name with a '/'. A container process reaped before the monitor saw its exec (loop.c settle_start) exec'd when its
 * zombie's comm is no longer this one. */
#define JD_INIT_COMM "jdock/init"

#include <stdint.h>

enum
{
  JD_SYNC_GO = 1,
  JD_SYNC_ERROR = 2,
  JD_SYNC_EXEC_ERROR = 3,
  JD_SYNC_USER = 4,
  JD_SYNC_PID = 5,
};

struct jd_sync_msg
{
  int32_t type;
  int32_t status; /* errno */
  char msg[1024];
};

#endif
