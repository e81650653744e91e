#!/usr/bin/env bash
# The whole jdock test suite, as root on Debian 12:
#   1. apt prerequisites            4. test images (make-test-images.sh, cached)
#   2. build + unit tests (Maven)   5. root integration tests (*IT, failsafe, -Dit)
#   3. install (scripts/install.sh) 6. end-to-end tests (scripts/test/e2e-*.sh): docker CLI + jdock CLI against an
#                                      installed jdockd on unix:///run/jdock-test.sock
# Ends with the line `N passed, M failed` and exits non-zero when anything failed.
#
# Environment: JDOCK_PREFIX (install prefix, default /usr/local), JDOCK_TEST_IMAGES (image cache,
# default /var/cache/jdock-test-images), JDOCK_TEST_OUT (logs, default /tmp/jdock-test), JDOCK_SKIP_IT=1,
# JDOCK_SKIP_E2E=1, JDOCK_E2E_ONLY=regex, JDOCK_E2E_PORTS=1 (also test -p).
set -uo pipefail
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# the test daemons keep their CNI configuration to themselves (jdockd_start)
export JDOCKD_PRIVATE_CNI=1
require_root

REPO=$JDOCK_REPO
PREFIX=${JDOCK_PREFIX:-/usr/local}
OUT=${JDOCK_TEST_OUT:-/tmp/jdock-test}
export JDOCK_TEST_IMAGES=${JDOCK_TEST_IMAGES:-/var/cache/jdock-test-images}
MVN=(mvn -B -ntp)
T0=$SECONDS

rm -rf "$OUT"
mkdir -p "$OUT"
PASSED=0 FAILED=0 SKIPPED=0
STAGES=()
stage_result() { # stage_result NAME PASSED FAILED SKIPPED
    PASSED=$((PASSED + $2)) FAILED=$((FAILED + $3)) SKIPPED=$((SKIPPED + $4))
    STAGES+=("$(printf '%-28s %4d passed, %3d failed, %3d skipped' "$1" "$2" "$3" "$4")")
}
summary() {
    section "summary ($((SECONDS - T0))s)"
    local s
    for s in "${STAGES[@]}"; do printf '  %s\n' "$s"; done
    [[ -s $OUT/e2e/results.txt ]] && grep -E '^(FAIL|SKIP)' "$OUT/e2e/results.txt" | sed 's/^/  /'
    printf '  logs: %s\n' "$OUT"
    ((SKIPPED)) && printf '%d skipped\n' "$SKIPPED"
    printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
}
finish() { summary; ((FAILED == 0)); exit $?; }
# junit_stage NAME REPORT_DIR_NAME : counts Surefire/Failsafe XML reports of all modules
junit_stage() {
    local t f e s
    read -r t f e s < <(python3 "$REPO/scripts/test/count-junit.py" "$REPO"/*/target/"$2")
    stage_result "$1" $((t - f - e - s)) $((f + e)) "$s"
    info "$1: $t tests, $f failures, $e errors, $s skipped"
}

# ------------------------------------------------------------------------------------------------------------
section "1/6 prerequisites"
ensure_prereqs
# test-only: CriPythonClientTest calls the CRI server with Debian's gRPC for Python, e2e-cri-stream.sh streams with
# python3-kubernetes and a Go client built on spdystream (all skip without)
ensure_apt_packages python3-grpcio python3-kubernetes golang-go golang-github-docker-spdystream-dev
java -version 2>&1 | head -n1
"${MVN[@]}" -v 2>/dev/null | head -n1
docker --version

# ------------------------------------------------------------------------------------------------------------
section "2/6 build and unit tests (mvn package)"
cd "$REPO" || exit 1
rm -rf ./*/target/surefire-reports ./*/target/failsafe-reports
# Test failures do not stop the build (they are counted from the reports); compile errors do.
"${MVN[@]}" -Dmaven.test.failure.ignore=true package 2>&1 | tee "$OUT/mvn-package.log" |
    grep -E 'Tests run:|BUILD |\[ERROR\]|Reactor Summary|SUCCESS \[|FAILURE \[|SKIPPED$'
if ! grep -q 'BUILD SUCCESS' "$OUT/mvn-package.log"; then
    stage_result "build" 0 1 0
    warn "the Maven build failed (log: $OUT/mvn-package.log)"
    junit_stage "unit tests" surefire-reports
    finish
fi
junit_stage "unit tests" surefire-reports

# ------------------------------------------------------------------------------------------------------------
section "3/6 install ($PREFIX)"
if bash "$REPO/scripts/install.sh" "$PREFIX" 2>&1 | tee "$OUT/install.log"; then
    stage_result "install" 1 0 0
else
    stage_result "install" 0 1 0
    finish
fi

# ------------------------------------------------------------------------------------------------------------
section "4/6 test images ($JDOCK_TEST_IMAGES)"
if bash "$REPO/scripts/make-test-images.sh" "$JDOCK_TEST_IMAGES" &&
    python3 "$REPO/scripts/test/check-image-archive.py" "$JDOCK_TEST_IMAGES/busybox.tar" "$JDOCK_TEST_IMAGES/nginx.tar"; then
    stage_result "test images" 1 0 0
else
    stage_result "test images" 0 1 0
    finish
fi

# ------------------------------------------------------------------------------------------------------------
section "5/6 root integration tests (mvn -Dit verify)"
if [[ ${JDOCK_SKIP_IT:-0} == 1 ]]; then
    info "JDOCK_SKIP_IT=1: skipped"
else
    # Unit tests already ran in step 2: -Dtest=NONE keeps Surefire out of this run (Failsafe uses it.test).
    "${MVN[@]}" -Dit -Dmaven.test.failure.ignore=true -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false verify \
        >"$OUT/mvn-it.log" 2>&1
    grep -E 'Tests run:|BUILD|\[ERROR\]' "$OUT/mvn-it.log" | tail -n 40
    if ! grep -q 'BUILD SUCCESS' "$OUT/mvn-it.log"; then
        stage_result "integration build" 0 1 0
        warn "mvn -Dit verify did not succeed (log: $OUT/mvn-it.log)"
    fi
    junit_stage "integration tests (*IT)" failsafe-reports
fi

# ------------------------------------------------------------------------------------------------------------
section "6/6 end-to-end tests (docker CLI and jdock CLI against jdockd)"
if [[ ${JDOCK_SKIP_E2E:-0} == 1 ]]; then
    info "JDOCK_SKIP_E2E=1: skipped"
    finish
fi
export JDOCKD_BIN=$PREFIX/bin/jdockd JDOCK_BIN=$PREFIX/bin/jdock
export JDOCKD_SOCK=/run/jdock-test.sock JDOCKD_DATA=/var/lib/jdock-test JDOCKD_EXEC=/run/jdock-test
export JDOCKD_PIDFILE=/run/jdock-test.pid JDOCKD_LOG=$OUT/jdockd.log
export JDOCK_HOST=unix://$JDOCKD_SOCK DOCKER_HOST=unix://$JDOCKD_SOCK
export JDOCK_E2E_RESULTS=$OUT/e2e/results.txt JDOCK_E2E_LOGDIR=$OUT/e2e/logs
mkdir -p "$OUT/e2e/logs"
: >"$JDOCK_E2E_RESULTS"

# a clean test daemon: stop a leftover one, drop its state (unmounting first, never crossing file systems)
jdockd_stop "$JDOCKD_PIDFILE" 20
unmount_under "$JDOCKD_EXEC"
unmount_under "$JDOCKD_DATA"
rm -rf --one-file-system "$JDOCKD_DATA" "$JDOCKD_EXEC"
stop_test_daemon() {
    jdockd_stop "$JDOCKD_PIDFILE" 30
}
trap stop_test_daemon EXIT

if jdockd_start "$JDOCKD_BIN" "$JDOCKD_SOCK" "$JDOCKD_DATA" "$JDOCKD_EXEC" "$JDOCKD_PIDFILE" "$JDOCKD_LOG"; then
    info "jdockd is up on $JDOCKD_SOCK (pid $(jdockd_pid "$JDOCKD_PIDFILE"))"
    for f in "$REPO"/scripts/test/e2e-*.sh; do
        printf '\n-- %s\n' "$(basename "$f")"
        bash "$f"
    done
else
    echo "FAIL e2e:daemon-start: jdockd did not start (log: $JDOCKD_LOG)" >>"$JDOCK_E2E_RESULTS"
fi
# leftovers from failed tests must not leak into the next run
docker ps -aq 2>/dev/null | xargs -r docker rm -f >/dev/null 2>&1 || true
stop_test_daemon
trap - EXIT
stage_result "end-to-end tests" "$(grep -c '^PASS' "$JDOCK_E2E_RESULTS")" "$(grep -c '^FAIL' "$JDOCK_E2E_RESULTS")" \
    "$(grep -c '^SKIP' "$JDOCK_E2E_RESULTS")"
finish
