#!/usr/bin/env bash
# End-to-end tests: interactive runs and attach in a real terminal (tmux), ps/inspect --format compared with the
# docker CLI, and the run flags for resources, namespaces, devices, sysctls and tmpfs. Both clients: docker and jdock.
#   DOCKER_HOST=unix:///run/jdock-test.sock JDOCK_TEST_IMAGES=/var/cache/jdock-test-images \
#     bash scripts/test/e2e-interactive.sh
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"

# ------------------------------------------------------------------ terminal helpers (a private tmux server)
TMUX_SOCK="jdock-e2e-ia-$$"
tm() { tmux -L "$TMUX_SOCK" "$@"; }
screen_has() { tm capture-pane -p -t "$1" | grep -q -- "$2"; }
screen_line() { tm capture-pane -p -t "$1" | grep -qx -- "$2"; }

# term_start SESSION STATUSFILE COMMAND : runs COMMAND in a 120x40 terminal, its exit status goes to STATUSFILE
term_start() {
    command -v tmux >/dev/null || skip "tmux is not installed"
    defer "tmux -L $TMUX_SOCK kill-session -t $1; rm -f $2"
    tm new-session -d -s "$1" -x 120 -y 40 \
        "env DOCKER_HOST=$DOCKER_HOST $3; echo \$? > $2; sleep 120"
}

client() {
    case $1 in
    docker) echo docker ;;
    jdock) echo "$JDOCK_BIN -H $JDOCK_HOST" ;;
    esac
}

# run_it CLIENT : run -it: echo, the size at start and after a resize, the shell's exit code
run_it() {
    ensure_image busybox
    local n s st
    n=$(unique_name it) s="ia$$$RANDOM" st=$(mktemp)
    defer "rm_container $n"
    term_start "$s" "$st" "$(client "$1") run -it --rm --name $n busybox sh"
    wait_until 30 screen_has "$s" '^/ #' || fail "no shell prompt"
    tm send-keys -t "$s" 'echo $((6*7))' Enter
    wait_until 20 screen_line "$s" '42' || fail "no 42 on the screen"
    tm send-keys -t "$s" 'stty size' Enter
    wait_until 20 screen_line "$s" '40 120' || fail "the size at start is not 40x120"
    tm resize-window -t "$s" -x 90 -y 25
    wait_until 20 tmux_size_shown "$s" '25 90' ||
        fail "SIGWINCH did not resize the container's terminal: $(tm capture-pane -p -t "$s" | grep -v '^$' | tail -3)"
    tm send-keys -t "$s" 'exit 3' Enter
    wait_until 20 test -s "$st" || fail "run -it did not end"
    assert_eq "3" "$(cat "$st")" "exit code of the interactive shell"
}

test_run_it_docker() { run_it docker; }
test_run_it_jdock() { run_it jdock; }

# detach_reattach CLIENT : ctrl-p ctrl-q leaves the container running; attach gets the shell back
detach_reattach() {
    ensure_image busybox
    local n s1 s2 st1 st2
    n=$(unique_name det) s1="ia$$$RANDOM" s2="ib$$$RANDOM" st1=$(mktemp) st2=$(mktemp)
    defer "rm_container $n"
    term_start "$s1" "$st1" "$(client "$1") run -it --name $n busybox sh"
    wait_until 30 screen_has "$s1" '^/ #' || fail "no shell prompt"
    tm send-keys -t "$s1" 'echo marker-$((40+2))' Enter
    wait_until 20 screen_line "$s1" 'marker-42' || fail "no output"
    tm send-keys -t "$s1" C-p C-q
    wait_until 20 test -s "$st1" || fail "ctrl-p ctrl-q did not detach"
    assert_eq "0" "$(cat "$st1")" "run -it exits 0 on detach"
    wait_until 10 state_is "$n" running || fail "the container stopped on detach: $(container_state "$n")"
    term_start "$s2" "$st2" "$(client "$1") attach $n"
    wait_until 10 time_reached $((SECONDS + 2))
    tm send-keys -t "$s2" 'echo back-$((1+1))' Enter
    wait_until 20 screen_line "$s2" 'back-2' || fail "attach shows no output"
    tm send-keys -t "$s2" 'exit 3' Enter
    wait_until 20 test -s "$st2" || fail "attach did not end"
    assert_eq "3" "$(cat "$st2")" "attach exits with the container's code"
}

test_detach_and_reattach_docker() { detach_reattach docker; }
test_detach_and_reattach_jdock() { detach_reattach jdock; }

# sig_proxy CLIENT : ctrl-c on a non-TTY run is forwarded as SIGINT (POST /kill?signal=INT)
sig_proxy() {
    ensure_image busybox
    local s st
    s="ic$$$RANDOM" st=$(mktemp)
    term_start "$s" "$st" "$(client "$1") run --rm busybox sh -c 'trap \"echo got-int; exit 130\" INT; echo ready; while :; do sleep 0.1; done'"
    wait_until 30 screen_line "$s" 'ready' || fail "the container did not start"
    tm send-keys -t "$s" C-c
    wait_until 20 test -s "$st" || fail "ctrl-c did not end the run"
    assert_eq "130" "$(cat "$st")" "exit code after the forwarded SIGINT"
    screen_has "$s" 'got-int' || fail "the container did not see SIGINT"
}

test_sig_proxy_docker() { sig_proxy docker; }
test_sig_proxy_jdock() { sig_proxy jdock; }

test_daemon_detach_keys() {
    ensure_image busybox
    local n
    n=$(unique_name dk)
    defer "rm_container $n"
    run dk run -dit --name "$n" busybox sh
    assert_ok
    # a raw client (no escape proxy of its own) sends ctrl-x x: the daemon ends the attach, the shell lives on
    run python3 - "$JDOCKD_SOCK" "$n" <<'EOF'
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(b'POST /containers/%s/attach?stream=1&stdin=1&stdout=1&detachKeys=ctrl-x,x HTTP/1.1\r\n'
          b'Host: x\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n' % sys.argv[2].encode())
s.settimeout(10)
assert s.recv(4096).startswith(b'HTTP/1.1 101')
s.sendall(b'\x18x')
data = b''
while True:
    d = s.recv(4096)
    if not d:
        break
    data += d
print('closed')
EOF
    assert_ok "raw attach with detach keys"
    assert_contains "$OUT" "closed"
    state_is "$n" running || fail "the container stopped: $(container_state "$n")"
    # the daemon saw the keys (the CLIs swallow them in their own escape proxy): moby's detach event
    run dk events --since 0 --until "$(($(date +%s) + 1))" --filter "container=$n" --filter event=detach \
        --format '{{.Action}}'
    assert_eq "detach" "$OUT" "moby's detach event"
}

# ------------------------------------------------------------------ ps / inspect formats
# same_output ARGS... : docker and jdock print the same. Relative times ("2 seconds ago", "Up 3 seconds") tick between
# the two calls, so jdock's output is taken when it equals docker's from just before or just after it; on a loaded
# machine the containers' times can tick one by one between calls, so the last try compares with the relative times
# (and the column padding they change) left out.
same_output() {
    local d d2 j i
    for i in 1 2 3; do
        d=$(dk "$@" 2>&1)
        j=$(jd "$@" 2>&1)
        d2=$(dk "$@" 2>&1)
        [[ $j == "$d" || $j == "$d2" ]] && return 0
        sleep 0.3
    done
    [[ $(without_relative_times <<<"$j") == "$(without_relative_times <<<"$d2")" ]] && return 0
    fail "docker and jdock differ for [$*]: docker=[${d:0:300}] jdock=[${j:0:300}]"
}

without_relative_times() {
    sed -E -e 's/(Less than a second|About a minute|About an hour|[0-9]+ (seconds?|minutes?|hours?|days?|weeks?|months?|years?))/<T>/g' \
        -e 's/ +/ /g'
}

ps_fixture() {
    ensure_image busybox
    P=$(unique_name ps)
    defer "rm_container $P-up; rm_container $P-ex; rm_container $P-cr"
    dk run -d --name "$P-up" -l e2e=ps -l k=v busybox sleep 300 >/dev/null || fail "run -d"
    dk run --name "$P-ex" -l e2e=ps busybox sh -c 'exit 3' >/dev/null 2>&1
    dk create --name "$P-cr" -l e2e=ps busybox true >/dev/null || fail "create"
}

test_ps_format_same_as_docker() {
    ps_fixture
    same_output ps --format '{{.Names}} {{.Status}}'
    same_output ps -a --filter label=e2e=ps --format '{{.Names}} {{.Status}}'
    same_output ps -a --filter label=e2e=ps --format '{{.ID}} {{.Image}} {{.Command}} {{.State}} {{.Label "k"}}'
    same_output ps -a --filter label=e2e=ps --format 'table {{.ID}}\t{{.Names}}\t{{.Labels}}\t{{.Networks}}'
    same_output ps -a --filter label=e2e=ps --format '{{json .}}'
    same_output ps -a --filter label=e2e=ps
    run jd ps --format '{{.Names}} {{.Status}}'
    assert_contains "$OUT" "$P-up Up"
}

test_ps_quiet_and_filters() {
    ps_fixture
    same_output ps -q
    same_output ps -aq --no-trunc
    same_output ps -a --filter status=exited --filter label=e2e=ps --format '{{.Names}}'
    same_output ps -a --filter exited=3 --filter label=e2e=ps --format '{{.Names}}'
    same_output ps -a --filter ancestor=busybox --filter label=e2e=ps -q
    same_output ps -a --filter name="$P-c" -q
    same_output ps -n 2 -q
    same_output ps -l --format '{{.Names}}'
    run jd ps -a --filter status=exited --filter label=e2e=ps --format '{{.Names}}'
    assert_eq "$P-ex" "$OUT" "status=exited"
    run jd ps -a --filter status=bogus
    assert_rc 1 "an unknown status is an error"
}

test_inspect_format_same_as_docker() {
    ps_fixture
    same_output inspect -f '{{.State.Status}}' "$P-up"
    same_output inspect -f '{{.State.Status}} {{.State.ExitCode}}' "$P-ex"
    same_output inspect -f '{{json .Config.Labels}} {{index .Config.Labels "k"}}' "$P-up"
    same_output inspect -f '{{range $k, $v := .Config.Labels}}{{$k}}={{$v}};{{end}}' "$P-up"
    run jd inspect -f '{{.State.Status}}' "$P-up"
    assert_eq "running" "$OUT"
}

# ------------------------------------------------------------------ run flags
test_shm_size() {
    ensure_image busybox
    run dk run --rm --shm-size 128m busybox sh -c "df -k /dev/shm | tail -1"
    assert_ok
    assert_match "$OUT" ' 131072 ' "/dev/shm is 128 MiB"
    run jd run --rm busybox sh -c "df -k /dev/shm | tail -1"
    assert_match "$OUT" ' 65536 ' "/dev/shm is 64 MiB by default"
}

test_tmpfs() {
    ensure_image busybox
    run dk run --rm --tmpfs /run:rw,size=64m busybox sh -c 'df -k /run | tail -1; grep " /run " /proc/mounts'
    assert_ok
    assert_match "$OUT" 'tmpfs +65536 ' "tmpfs size"
    assert_contains "$OUT" "nosuid,nodev,noexec" "moby's default tmpfs flags"
    run jd run --rm --tmpfs /scratch busybox sh -c 'touch /scratch/x && grep " /scratch " /proc/mounts'
    assert_ok
    assert_contains "$OUT" "tmpfs /scratch tmpfs"
}

test_sysctl() {
    ensure_image busybox
    run dk run --rm --sysctl net.ipv4.ip_forward=1 busybox cat /proc/sys/net/ipv4/ip_forward
    assert_ok
    assert_eq "1" "$OUT" "net.ipv4.ip_forward in the container's netns"
    # a sysctl of the interface the daemon attaches before START (the init writes net.* sysctls after GO)
    run dk run --rm --read-only --sysctl net.ipv4.conf.eth0.route_localnet=1 busybox \
        sh -c 'cat /proc/sys/net/ipv4/conf/eth0/route_localnet; touch /x 2>&1'
    assert_contains "$OUT" "1" "net.ipv4.conf.eth0.route_localnet on the attached eth0"
    assert_contains "$OUT" "Read-only file system" "the rootfs is still made read-only after the sysctl"
    run jd run --rm --sysctl kernel.shmmax=1048576 busybox cat /proc/sys/kernel/shmmax
    assert_eq "1048576" "$OUT" "kernel.shmmax in the container's ipc ns"
    run curl -s --unix-socket "$JDOCKD_SOCK" -H 'Content-Type: application/json' \
        -d '{"Image":"busybox","HostConfig":{"Sysctls":{"vm.swappiness":"1"}}}' http://localhost/containers/create
    assert_contains "$OUT" "is not whitelisted" "non-namespaced sysctls are refused"
}

test_pid_host_sees_host_processes() {
    ensure_image busybox
    run dk run --rm --pid host busybox sh -c 'ps -o pid,comm | wc -l'
    assert_ok
    ((OUT > 20)) || fail "only $OUT lines of ps with --pid host"
    run jd run --rm busybox sh -c 'ps -o pid | wc -l'
    ((OUT < 6)) || fail "$OUT processes in a private pid namespace"
}

test_namespace_modes() {
    ensure_image busybox
    local n
    n=$(unique_name ns)
    defer "rm_container $n"
    run dk run --rm --uts host busybox hostname
    assert_eq "$(hostname)" "$OUT" "--uts host"
    run dk run --rm --ipc host busybox readlink /proc/self/ns/ipc
    assert_eq "$(readlink /proc/self/ns/ipc)" "$OUT" "--ipc host"
    dk run -d --name "$n" --ipc shareable busybox sleep 300 >/dev/null || fail "donor"
    run dk run --rm --ipc "container:$n" --pid "container:$n" busybox sh -c 'readlink /proc/self/ns/ipc; ps -o comm'
    assert_ok
    assert_contains "$OUT" "$(dk exec "$n" readlink /proc/self/ns/ipc)" "--ipc container:"
    assert_contains "$OUT" "sleep" "--pid container: sees the donor's processes"
    run dk run --rm --cgroupns host busybox cat /proc/self/cgroup
    assert_contains "$OUT" "/jdock/" "--cgroupns host shows the host's cgroup paths"
    assert_eq private "$(dk inspect -f '{{.HostConfig.CgroupnsMode}}' "$n")" "the mode it got, recorded as dockerd's"
    # as dockerd: container:<name> is recorded with the donor's ID; a donor not running is refused naming its ID
    local donor_id joiner
    donor_id=$(dk inspect -f '{{.Id}}' "$n")
    joiner=$(dk create --pid "container:$n" --ipc "container:$n" busybox true) || fail "create a joiner"
    defer "rm_container $joiner"
    assert_eq "container:$donor_id container:$donor_id" \
        "$(dk inspect -f '{{.HostConfig.PidMode}} {{.HostConfig.IpcMode}}' "$joiner")" "modes recorded with the ID"
    dk stop -t 0 "$n" >/dev/null || fail "stop the donor"
    run dk start "$joiner"
    assert_contains "$OUT" "container $donor_id is not running" "a stopped donor"
    run dk run --rm --ipc bogus busybox true
    assert_rc 125
    assert_contains "$OUT" "invalid IPC mode: bogus"
}

# --ipc as Docker: shareable's /dev/shm is a host-side tmpfs that container:<donor> binds; private donors refuse
test_ipc_modes() {
    ensure_image busybox
    local d p id
    d=$(unique_name ipcd) p=$(unique_name ipcp)
    defer "rm_container $d; rm_container $p"
    dk run -d --name "$d" --network none --ipc shareable --shm-size 32m busybox \
        sh -c 'echo shared > /dev/shm/x; sleep 300' >/dev/null || fail "shareable donor"
    id=$(dk inspect -f '{{.Id}}' "$d")
    wait_until 20 dk exec "$d" test -s /dev/shm/x || fail "the donor did not write /dev/shm/x"
    grep -q "/containers/$id/mounts/shm " /proc/self/mountinfo ||
        fail "no host-side shm tmpfs for the shareable donor"
    run dk run --rm --network none --ipc "container:$d" busybox \
        sh -c 'cat /dev/shm/x; grep " /dev/shm " /proc/mounts; readlink /proc/self/ns/ipc'
    assert_ok
    assert_contains "$OUT" "shared" "container:<donor> reads the donor's /dev/shm"
    assert_contains "$OUT" "size=32768k" "the donor's ShmSize"
    assert_contains "$OUT" "$(dk exec "$d" readlink /proc/self/ns/ipc)" "container:<donor> joins its ipc ns"
    run dk inspect -f '{{.HostConfig.IpcMode}}' "$d"
    assert_eq "shareable" "$OUT"
    dk run -d --name "$p" --network none busybox sleep 300 >/dev/null || fail "private donor"
    run dk inspect -f '{{.HostConfig.IpcMode}} {{.HostConfig.ShmSize}}' "$p"
    assert_eq "private 67108864" "$OUT" "moby's defaults"
    run dk run --rm --network none --ipc "container:$p" busybox true
    assert_rc 125
    assert_contains "$OUT" "can't join IPC of container $(dk inspect -f '{{.Id}}' "$p"): non-shareable IPC (hint: use \
IpcMode:shareable for the donor container)" "dockerd's words, the donor named by the ID recorded at create"
    run dk run --rm --network none --ipc none busybox sh -c 'grep -c " /dev/shm " /proc/mounts; test -e /dev/shm'
    assert_eq "0" "${OUT%%$'\n'*}" "--ipc none has no /dev/shm mount"
    [[ $RC != 0 ]] || fail "--ipc none: /dev/shm exists"
    dk stop -t 1 "$d" >/dev/null
    wait_until 20 bash -c "! grep -q '/containers/$id/mounts/shm ' /proc/self/mountinfo" ||
        fail "the host-side shm tmpfs is still mounted after the donor stopped"
}

test_device_fuse() {
    ensure_image busybox
    [[ -c /dev/fuse ]] || skip "no /dev/fuse on this host"
    run dk run --rm --device /dev/fuse busybox sh -c 'ls -l /dev/fuse && head -c0 /dev/fuse && echo opened'
    assert_ok
    assert_contains "$OUT" "10, 229"
    assert_contains "$OUT" "opened"
    # without --device the cgroup refuses the node even if it is created in the container
    run dk run --rm busybox sh -c 'mknod /dev/f c 10 229 && head -c0 /dev/f'
    assert_contains "$OUT" "Operation not permitted"
    run jd run --rm --device /dev/fuse busybox ls /dev/fuse
    assert_eq "/dev/fuse" "$OUT"
}

test_group_add_and_oom_score_adj() {
    ensure_image busybox
    run dk run --rm --group-add tty --group-add 1234 busybox id -G
    assert_ok
    assert_eq "0 5 1234" "$OUT" "supplementary groups by name and number"
    run dk run --rm --group-add nosuchgroup busybox true
    assert_contains "$OUT" "Unable to find group nosuchgroup"
    run jd run --rm --oom-score-adj 500 busybox cat /proc/self/oom_score_adj
    assert_eq "500" "$OUT"
}

test_resource_flags() {
    ensure_image busybox
    [[ -d /sys/fs/cgroup/cpu ]] || skip "cgroup v1 cpu controller not mounted"
    run jd run --rm --cpuset-cpus 0 --cpu-quota 50000 --cpu-period 100000 --cpu-shares 512 --memory 64m \
        --memory-reservation 32m --oom-kill-disable busybox sh -c \
        'cat /sys/fs/cgroup/cpuset/cpuset.cpus /sys/fs/cgroup/cpu/cpu.cfs_quota_us /sys/fs/cgroup/cpu/cpu.shares \
             /sys/fs/cgroup/memory/memory.soft_limit_in_bytes; grep oom_kill_disable /sys/fs/cgroup/memory/memory.oom_control'
    assert_ok
    assert_eq $'0\n50000\n512\n33554432\noom_kill_disable 1' "$OUT"
}

test_cidfile_and_attach_stdout() {
    ensure_image busybox
    local f
    f=$(mktemp -u)
    defer "rm_container \$(cat $f); rm -f $f"
    run_split jd run --cidfile "$f" -a stdout busybox sh -c 'echo out; echo err >&2'
    assert_ok
    assert_eq "out" "$OUT" "only stdout is attached"
    assert_eq "" "$ERR" "stderr is not attached"
    [[ $(cat "$f") =~ ^[0-9a-f]{64}$ ]] || fail "cidfile holds [$(cat "$f")]"
    run jd run --cidfile "$f" busybox true
    assert_rc 125
    assert_contains "$OUT" "container ID file found"
}

run_tests "$@"
