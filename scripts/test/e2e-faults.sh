#!/usr/bin/env bash
# Fault tests (issue 4): kill -9 of jdockd during `docker logs -f`, during a long `docker exec`, and with restart-policy
# containers running. The per-container monitor keeps logging while jdockd is down, exit codes that happen meanwhile
# are kept, and the restarted jdockd resumes (live restore). Needs the daemon started by scripts/test.sh (or the same
# JDOCKD_* variables for a throwaway one) so it can be restarted.
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"

need_restartable_daemon() {
    [[ -n ${JDOCKD_PIDFILE:-} && -n ${JDOCKD_BIN:-} ]] || skip "needs JDOCKD_PIDFILE/JDOCKD_BIN to restart the daemon"
    defer 'daemon_alive || restart_daemon'
}
exit_code() { dk inspect -f '{{.State.ExitCode}}' "$1" 2>/dev/null; }

test_kill_daemon_during_logs_follow() {
    ensure_image busybox
    need_restartable_daemon
    local name cpid lf fpid
    name=$(unique_name flog)
    defer rm_container "$name"
    lf=$(mktemp)
    defer "rm -f $lf"
    run dk run -d --name "$name" busybox sh -c 'i=0; while [ $i -lt 80 ]; do i=$((i+1)); echo line$i; sleep 0.05; done; exit 4'
    assert_ok "docker run -d"
    cpid=$(container_pid "$name")
    dk logs -f "$name" >"$lf" 2>&1 &
    fpid=$!
    defer "kill $fpid"
    wait_until 10 grep -q line5 "$lf" || fail "logs -f shows nothing: $(head -c 200 "$lf")"
    kill_daemon
    # the follower ends when its daemon dies (no hang)
    wait_until 10 pid_gone "$fpid" || fail "docker logs -f still running after kill -9 of jdockd"
    local seen
    seen=$(grep -c '^line' "$lf")
    ((seen < 80)) || fail "the container had finished before the kill ($seen lines): make it longer"
    # the container goes on logging and exits while jdockd is down
    wait_until 20 pid_gone "$cpid" || fail "the container did not finish"
    restart_daemon || fail "jdockd did not restart"
    wait_until 20 state_is "$name" exited || fail "not exited after restart: $(container_state "$name")"
    assert_eq 4 "$(exit_code "$name")" "exit code of a container that exited while jdockd was down"
    run dk logs "$name"
    assert_eq "$(seq -f 'line%g' 1 80)" "$OUT" "every line, in order, once (also those written while jdockd was down)"
    # what logs -f printed before the kill is a prefix of the full log
    assert_eq "$(head -n "$seen" <<<"$OUT")" "$(grep '^line' "$lf")" "followed part"
}

test_kill_daemon_during_long_exec() {
    ensure_image busybox
    need_restartable_daemon
    local name cpid epid ef
    name=$(unique_name fexec)
    defer rm_container "$name"
    ef=$(mktemp)
    defer "rm -f $ef"
    run dk run -d --name "$name" busybox sleep 1000
    assert_ok "docker run -d"
    cpid=$(container_pid "$name")
    dk exec "$name" sh -c 'for i in $(seq 1 40); do echo e$i; echo e$i >> /tmp/exec.out; sleep 0.05; done; exit 6' \
        >"$ef" 2>&1 &
    epid=$!
    defer "kill $epid"
    wait_until 10 grep -q e3 "$ef" || fail "exec output missing: $(head -c 200 "$ef")"
    kill_daemon
    wait_until 10 pid_gone "$epid" || fail "docker exec still running after kill -9 of jdockd"
    restart_daemon || fail "jdockd did not restart"
    assert_eq running "$(container_state "$name")" "the container survives the daemon"
    assert_eq "$cpid" "$(container_pid "$name")" "same process (live restore, no restart)"
    # the exec'd process was not killed with jdockd: it finishes its loop inside the container
    wait_until 20 bash -c "[ \"\$(docker exec $name sh -c 'wc -l < /tmp/exec.out')\" = 40 ]" ||
        fail "exec process did not finish its work: $(dk exec "$name" cat /tmp/exec.out 2>&1 | tail -1)"
    # the restarted daemon runs new execs with their exit codes
    run dk exec "$name" sh -c 'echo again; exit 9'
    assert_rc 9 "exec exit code after the restart"
    assert_eq again "$OUT"
}

test_kill_daemon_with_restart_policies() {
    ensure_image busybox
    need_restartable_daemon
    local keep flap once kpid fpid opid
    keep=$(unique_name fkeep)
    flap=$(unique_name fflap)
    once=$(unique_name fonce)
    defer rm_container "$keep"
    defer rm_container "$flap"
    defer rm_container "$once"
    run dk run -d --name "$keep" --restart always busybox sleep 1000
    assert_ok "docker run -d"
    run dk run -d --name "$flap" --restart always busybox sh -c 'echo run; sleep 2; exit 3'
    assert_ok "docker run -d"
    run dk run -d --name "$once" --restart no busybox sh -c 'sleep 2; exit 5'
    assert_ok "docker run -d"
    kpid=$(container_pid "$keep")
    fpid=$(container_pid "$flap")
    opid=$(container_pid "$once")
    [[ -n $kpid && -n $fpid && -n $opid ]] || fail "not all running"
    kill_daemon
    wait_until 15 pid_gone "$fpid" || fail "the always container did not exit while jdockd was down"
    wait_until 15 pid_gone "$opid" || fail "the no-restart container did not exit"
    kill -0 "$kpid" || fail "the long-running always container died with jdockd"
    restart_daemon || fail "jdockd did not restart"
    # a running always container is adopted, not restarted
    assert_eq running "$(container_state "$keep")"
    assert_eq "$kpid" "$(container_pid "$keep")" "adopted with the same pid"
    assert_eq 0 "$(dk inspect -f '{{.RestartCount}}' "$keep")" "not restarted"
    # the exit that happened while jdockd was down is recorded, and the policy applies
    wait_until 10 state_is "$once" exited || fail "no-restart container: $(container_state "$once")"
    assert_eq 5 "$(exit_code "$once")" "exit code kept"
    wait_until 20 bash -c "[ \"\$(docker inspect -f '{{.State.Status}}' $flap)\" = running ] &&
        [ \"\$(docker inspect -f '{{.State.Pid}}' $flap)\" != $fpid ]" ||
        fail "the always container did not come back: $(dk inspect -f '{{.State.Status}} {{.State.Pid}}' "$flap")"
    wait_until 10 bash -c "[ \$(docker logs $flap 2>&1 | grep -c run) -ge 2 ]" || fail "second run not logged"
    # and the daemon keeps supervising: the next exit (3) is seen and restarts it again
    wait_until 20 bash -c "[ \$(docker inspect -f '{{.RestartCount}}' $flap) -ge 2 ]" ||
        fail "no restart after the daemon came back: $(dk inspect -f '{{.RestartCount}} {{.State.ExitCode}}' "$flap")"
}

run_tests "$@"
