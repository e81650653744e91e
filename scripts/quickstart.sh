#!/usr/bin/env bash
# jdock quick start, as root on Debian 12 (no registry needed: the images are built from Debian packages):
# installs the prerequisites, builds and installs jdock, starts jdockd on unix:///run/jdock.sock,
# loads busybox and nginx, runs a hello-world container and an nginx web server.
# Re-running it restarts jdockd cleanly (the web container is replaced).
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
require_root

REPO=$JDOCK_REPO
PREFIX=${JDOCK_PREFIX:-/usr/local}
IMAGES=${JDOCK_IMAGES:-/var/lib/jdock-images}
SOCK=/run/jdock.sock
PIDFILE=/run/jdockd.pid
LOG=/var/log/jdockd.log
PORT=${JDOCK_QUICKSTART_PORT:-8080}

section "prerequisites (apt)"
ensure_prereqs

section "build (mvn -B -DskipTests package)"
(cd "$REPO" && mvn -B -ntp -q -DskipTests package)
info "build ok"

section "install ($PREFIX)"
bash "$REPO/scripts/install.sh" "$PREFIX"
JDOCK=("$PREFIX/bin/jdock" -H "unix://$SOCK")

section "test images ($IMAGES)"
bash "$REPO/scripts/make-test-images.sh" "$IMAGES"

section "start jdockd (log: $LOG)"
if [[ -n $(jdockd_pid "$PIDFILE" || true) ]]; then
    info "stopping the jdockd started by a previous quick start"
    jdockd_stop "$PIDFILE" 30
fi
jdockd_start "$PREFIX/bin/jdockd" "$SOCK" /var/lib/jdock /run/jdock "$PIDFILE" "$LOG" ||
    die "jdockd did not start; see $LOG"
info "jdockd is up: pid $(jdockd_pid "$PIDFILE"), socket $SOCK"
curl -s --unix-socket "$SOCK" http://localhost/version | python3 -c \
    'import json,sys; v=json.load(sys.stdin); print("  API", v.get("ApiVersion"), "version", v.get("Version"))' || true

section "load images"
"${JDOCK[@]}" load -i "$IMAGES/busybox.tar"
"${JDOCK[@]}" load -i "$IMAGES/nginx.tar"
"${JDOCK[@]}" images

section "hello"
echo "+ jdock run --rm busybox echo hello from jdock"
"${JDOCK[@]}" run --rm busybox echo hello from jdock

section "nginx"
"${JDOCK[@]}" rm -f web >/dev/null 2>&1 || true
echo "+ jdock run -d -p $PORT:80 --name web nginx"
"${JDOCK[@]}" run -d -p "$PORT:80" --name web nginx || die "jdock run -p $PORT:80 nginx failed (log: $LOG)"
"${JDOCK[@]}" port web
served=0
deadline=$((SECONDS + 30))
while ((SECONDS < deadline)); do
    if curl -sf -o /dev/null "http://127.0.0.1:$PORT/"; then served=1; break; fi
    sleep 0.2
done
if ((!served)); then
    "${JDOCK[@]}" logs web || true
    die "nginx runs but nothing answers on 127.0.0.1:$PORT (log: $LOG)"
fi
echo "+ curl -s http://127.0.0.1:$PORT/"
curl -s "http://127.0.0.1:$PORT/"
host_ip=$(ip -4 route get 1.1.1.1 2>/dev/null | sed -n 's/.* src \([0-9.]*\).*/\1/p')
if [[ -n $host_ip ]]; then
    echo "+ curl -s -o /dev/null -w '%{http_code}' http://$host_ip:$PORT/"
    curl -s -o /dev/null -w '%{http_code}\n' "http://$host_ip:$PORT/" || die "not served on $host_ip:$PORT"
fi

section "done"
cat <<EOF
jdockd runs on unix://$SOCK (pid $(jdockd_pid "$PIDFILE"), log $LOG).
Try:
  jdock ps
  DOCKER_HOST=unix://$SOCK docker ps        # the real docker CLI works too
  jdock stop web && jdock rm web
Stop the daemon:  kill \$(cat $PIDFILE)     (containers keep running; see docs/install.md)
EOF
