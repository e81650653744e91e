#!/usr/bin/env bash
# End-to-end test of the benchmark scripts' shared part (scripts/bench/lib.sh) through scale.sh at a tiny size: its
# own jdockd starts, the containers run and are counted, the table comes out, and nothing is left behind. No
# timing is asserted: benchmarks measure, tests check behaviour.
#   JDOCKD_BIN=/usr/local/bin/jdockd JDOCK_BIN=/usr/local/bin/jdock bash scripts/test/e2e-bench.sh
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"

BENCH=$(cd "$(dirname "$0")/../bench" && pwd)

test_scale_runs_its_own_jdockd_and_leaves_nothing_behind() {
    local stem=${JDOCK_BENCH_STEM:-jdt} tag=e$((RANDOM % 1000)) jd results
    jd=$(command -v "${JDOCKD_BIN:-jdockd}") || skip "no jdockd"
    results=$(mktemp)
    defer rm -f "$results"
    # the timeout is below the test's own (180 s), so that scale.sh's trap still cleans up
    run env JDOCKD_BIN="$jd" JDOCK_BIN="$(command -v "$JDOCK_BIN")" JDOCK_BENCH_STEM="$stem" JDOCK_BENCH_TAG=$tag \
        BENCH_RESULTS="$results" timeout 150 bash "$BENCH/scale.sh" -n 2,3 --jdockd-only
    assert_ok "scale.sh -n 2,3 --jdockd-only"
    assert_contains "$OUT" "commit "
    assert_match "$OUT" $'\nrunning after start +2 +2 *\n'
    assert_match "$OUT" $'\nrunning after start +3 +3 *\n'
    assert_match "$OUT" $'\nRSS per-container processes, MiB +3 +[0-9]+ *\n'
    assert_match "$OUT" $'\nthreads daemon \\+ per-container +3 +[0-9]+ *\n'
    # the figures compare.sh collects: jdockd's value, no dockerd's
    assert_match "$(<"$results")" $'scale N=3: docker run -d of one more, ms\t\t[0-9.]+\t\tdockerd'
    [[ ! -e /run/$stem-$tag.sock && ! -e /run/$stem-$tag && ! -e /var/lib/$stem-$tag && ! -e /tmp/$stem-$tag ]] ||
        fail "scale.sh left its socket, exec root, data root or work directory"
    ! pgrep -f -- "/run/$stem-$tag/" >/dev/null ||
        fail "processes of scale.sh's jdockd are left: $(pgrep -af -- "/run/$stem-$tag/")"
}

run_tests "$@"
