#!/usr/bin/env bash
# End-to-end tests of image builds (POST /build, the classic builder) driven by real clients against jdockd: the
# docker CLI 28 (legacy builder: DOCKER_BUILDKIT=0), docker-py's images.build and docker-compose's build:. Results
# are checked by inspecting the images (config, history, files) and by running them.
#   DOCKER_HOST=unix:///run/jdock-test.sock JDOCK_TEST_IMAGES=/var/cache/jdock-test-images bash scripts/test/e2e-build.sh
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"

export DOCKER_BUILDKIT=0

# ctx NAME : a fresh context directory in CTX, removed when the test ends (not called as $(ctx ...): the cleanup
# must be registered in the test's own shell, not in a command substitution's subshell)
ctx() {
    CTX=$(mktemp -d "/tmp/jdbuild-$1.XXXX")
    defer "rm -rf '$CTX'"
}

build() { run dk build "$@"; }
containers_are() { [[ $(dk ps -aq | wc -l) -eq $1 ]]; }
api() { curl -s --unix-socket "$JDOCKD_SOCK" "$@"; }

test_every_common_instruction_lands_in_the_image() {
    ensure_image busybox
    local d tag
    ctx all
    d=$CTX
    tag=$(unique_name jdb/all)
    printf 'hello\n' >"$d/a.txt"
    mkdir -p "$d/dir/sub" && printf 'x\n' >"$d/dir/sub/f"
    cat >"$d/Dockerfile" <<'EOF'
ARG BASE=busybox
FROM $BASE AS first
ENV A=1 B="two words"
LABEL l=v
RUN echo "run $A" > /ran && echo to-stderr >&2
COPY a.txt /x/
COPY dir /dd
COPY a.txt dir /m/
COPY --chown=www-data --chmod=0640 a.txt /owned
COPY --chown=nobody:nogroup a.txt /owned2
ADD a.txt /y
WORKDIR /w
RUN pwd > /w/here
USER 1:2
EXPOSE 80/tcp
VOLUME /v
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=5s CMD true
ENTRYPOINT ["/bin/sh", "-c"]
CMD ["cat /ran"]
EOF
    build -t "$tag" "$d"
    assert_ok "docker build"
    assert_contains "$OUT" "Step 20/20 : CMD [\"cat /ran\"]"
    assert_contains "$OUT" "to-stderr"
    assert_contains "$OUT" "Successfully tagged $tag"
    defer "docker rmi -f '$tag' >/dev/null 2>&1"
    run dk image inspect -f '{{json .Config.Env}} {{.Config.User}} {{.Config.WorkingDir}} {{json .Config.Labels}} {{json .Config.ExposedPorts}} {{json .Config.Volumes}} {{.Config.StopSignal}} {{json .Config.Entrypoint}} {{json .Config.Cmd}} {{json .Config.Healthcheck.Test}}' "$tag"
    assert_eq '["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","A=1","B=two words"] 1:2 /w {"l":"v"} {"80/tcp":{}} {"/v":{}} SIGTERM ["/bin/sh","-c"] ["cat /ran"] ["CMD-SHELL","true"]' "$OUT"
    run dk run --rm "$tag"
    assert_eq "run 1" "$OUT"
    run dk run --rm --entrypoint cat "$tag" /x/a.txt /dd/sub/f /y /w/here
    assert_eq $'hello\nx\nhello\n/w' "$OUT"
    run dk run --rm --entrypoint stat "$tag" -c '%u:%g %a' /owned /owned2 /x/a.txt
    assert_eq $'33:33 640\n65534:65534 644\n0:0 644' "$OUT" "--chown by name, --chmod, and root by default"
    run dk history --no-trunc --format '{{.CreatedBy}}' "$tag"
    assert_contains "$OUT" '/bin/sh -c #(nop)  ENV A=1 B=two words'
    assert_contains "$OUT" '/bin/sh -c echo "run $A" > /ran && echo to-stderr >&2'
    assert_match "$OUT" '/bin/sh -c #\(nop\) COPY dir:[0-9a-f]{64} in /dd '
    assert_match "$OUT" '/bin/sh -c #\(nop\) COPY file:[0-9a-f]{64} in /x/ '
    assert_match "$OUT" '/bin/sh -c #\(nop\) COPY multi:[0-9a-f]{64} in /m/ ' "several sources: moby's multi:"
}

test_second_build_is_cached_and_a_changed_file_misses() {
    ensure_image busybox
    local d tag
    ctx cache
    d=$CTX
    tag=$(unique_name jdb/cache)
    printf 'one\n' >"$d/f"
    printf 'FROM busybox\nRUN echo step1 > /s1\nCOPY f /f\nRUN cat /f > /copy\n' >"$d/Dockerfile"
    build -t "$tag" "$d"
    assert_ok
    defer "docker rmi -f '$tag' >/dev/null 2>&1"
    build -t "$tag" "$d"
    assert_ok
    assert_eq 3 "$(grep -c -- '---> Using cache' <<<"$OUT")" "all three steps cached"
    touch "$d/f"
    build -t "$tag" "$d"
    assert_eq 3 "$(grep -c -- '---> Using cache' <<<"$OUT")" "a touched file keeps its checksum"
    printf 'two\n' >"$d/f"
    build -t "$tag" "$d"
    assert_eq 1 "$(grep -c -- '---> Using cache' <<<"$OUT")" "only the step before COPY is cached"
    run dk run --rm "$tag" cat /copy
    assert_eq two "$OUT"
    build --no-cache -t "$tag" "$d"
    assert_not_contains "$OUT" "Using cache"
}

test_cache_from_a_loaded_image_skips_its_steps() {
    ensure_image busybox
    local d tag
    ctx cachefrom
    d=$CTX
    tag=$(unique_name jdb/cachefrom)
    printf 'one\n' >"$d/f"
    printf 'FROM busybox\nENV A=1\nCOPY f /f\nRUN echo ran-the-step > /r\n' >"$d/Dockerfile"
    build -t "$tag:1" "$d"
    assert_ok
    # what a CI runner starts from: only the pushed image, no local build cache and no step images
    dk save -o "$d.tar" "$tag:1" || fail "save"
    defer "rm -f '$d.tar'"
    dk rmi -f "$tag:1" >/dev/null
    dk builder prune -af >/dev/null
    dk load -i "$d.tar" >/dev/null || fail "load"
    defer "docker rmi -f '$tag:1' '$tag:2' >/dev/null 2>&1"
    build -t "$tag:2" "$d"
    assert_not_contains "$OUT" "Using cache" "without --cache-from nothing is cached"
    dk rmi -f "$tag:2" >/dev/null
    dk builder prune -af >/dev/null
    build -t "$tag:2" --cache-from "$tag:1" "$d"
    assert_ok
    assert_eq 3 "$(grep -c -- '---> Using cache' <<<"$OUT")" "every step from the --cache-from image"
    assert_not_contains "$OUT" "Running in"
    assert_eq ran-the-step "$(dk run --rm "$tag:2" cat /r)"
}

test_step_containers_get_the_builds_network_hosts_and_limits() {
    ensure_image busybox
    local d tag
    ctx limits
    d=$CTX
    tag=$(unique_name jdb/limits)
    cat >"$d/Dockerfile" <<'EOF'
FROM busybox
RUN ls /sys/class/net > /nets
RUN grep -c jdb-extra /etc/hosts > /hosts
RUN df -k /dev/shm | awk 'NR==2 {print $2}' > /shm
RUN cat /sys/fs/cgroup/memory.max 2>/dev/null > /mem || cat /sys/fs/cgroup/memory/memory.limit_in_bytes > /mem
EOF
    build --no-cache -t "$tag" --network none --add-host jdb-extra:10.1.2.3 --shm-size 32m --memory 96m "$d"
    assert_ok
    defer "docker rmi -f '$tag' >/dev/null 2>&1"
    assert_eq lo "$(dk run --rm "$tag" cat /nets)" "--network none: loopback only"
    # BuildKit's RUN --network=none takes one step off the build's network (it was ignored: the step had eth0)
    printf 'FROM busybox\nRUN --network=none ls /sys/class/net > /offline\nRUN ls /sys/class/net > /online\n' \
        >"$d/Dockerfile.offline"
    build --no-cache -t "$tag-offline" -f "$d/Dockerfile.offline" "$d"
    assert_ok
    defer "docker rmi -f '$tag-offline' >/dev/null 2>&1"
    assert_eq lo "$(dk run --rm "$tag-offline" cat /offline)" "RUN --network=none: loopback only"
    assert_contains "$(dk run --rm "$tag-offline" cat /online)" "eth0" "the next step has the build's network"
    assert_eq 1 "$(dk run --rm "$tag" cat /hosts)" "--add-host"
    assert_eq 32768 "$(dk run --rm "$tag" cat /shm)" "--shm-size"
    assert_eq $((96 << 20)) "$(dk run --rm "$tag" cat /mem)" "--memory"
}

test_from_scratch_with_copied_files_runs() {
    local d tag
    ctx scratch
    d=$CTX
    tag=$(unique_name jdb/scratch)
    cp /bin/busybox "$d/bb" || skip "no static busybox on the host"
    printf 'from-scratch\n' >"$d/f"
    printf 'FROM scratch\nCOPY bb /bin/sh\nCOPY f /f\nCMD ["/bin/sh", "-c", "cat /f"]\n' >"$d/Dockerfile"
    build -t "$tag" "$d"
    assert_ok
    assert_contains "$OUT" $'Step 1/4 : FROM scratch\n --->'
    defer "docker rmi -f '$tag' >/dev/null 2>&1"
    assert_eq from-scratch "$(dk run --rm "$tag")"
    assert_eq 2 "$(dk image inspect -f '{{len .RootFS.Layers}}' "$tag")"
}

# A RUN that changes nothing adds no layer, as moby's classic builder (dockerd 20.10 beside jdockd: busybox's 2
# layers + 1 for the RUN that wrote /x; jdockd made one for 'RUN true' too, of the /etc its mount targets are in)
test_run_without_changes_adds_no_layer() {
    ensure_image busybox
    local d tag n
    ctx noop
    d=$CTX
    tag=$(unique_name jdb/noop)
    printf 'FROM busybox\nRUN true\nRUN echo x > /x\n' >"$d/Dockerfile"
    build --no-cache -t "$tag" "$d"
    assert_ok
    defer "docker rmi -f '$tag' >/dev/null 2>&1"
    n=$(dk image inspect -f '{{len .RootFS.Layers}}' busybox)
    assert_eq $((n + 1)) "$(dk image inspect -f '{{len .RootFS.Layers}}' "$tag")"
    run dk history --format '{{.CreatedBy}}|{{.Size}}' "$tag"
    assert_contains "$OUT" '/bin/sh -c true|0B'
}

# A COPY step's layer is its snapshot directory moved into the layer store (not unpacked again): the image saves
# (its layer tars rebuilt from those directories and checked against their diffIDs), loads back and runs.
test_copied_layers_save_and_load_back() {
    ensure_image busybox
    local d tag w
    ctx save
    d=$CTX
    tag=$(unique_name jdb/save)
    mkdir -p "$d/tree/sub"
    for i in 1 2 3; do printf 'file %s\n' "$i" >"$d/tree/sub/f$i"; done
    ln -s sub/f1 "$d/tree/link"
    printf 'FROM busybox\nCOPY tree /tree\nRUN cat /tree/link /tree/sub/f3 > /joined\n' >"$d/Dockerfile"
    build --no-cache -t "$tag" "$d"
    assert_ok
    defer "docker rmi -f '$tag' >/dev/null 2>&1"
    ctx saved
    w=$CTX
    run dk save -o "$w/img.tar" "$tag"
    assert_ok "docker save of a built image"
    mkdir "$w/x" && tar -C "$w/x" -xf "$w/img.tar" || fail "the saved archive does not unpack"
    local layer found=0
    for layer in $(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))[0]["Layers"]))' "$w/x/manifest.json"); do
        tar -tf "$w/x/$layer" | grep -qx 'tree/sub/f2' && found=1
    done
    ((found)) || fail "no saved layer holds tree/sub/f2"
    dk rmi -f "$tag" >/dev/null
    run dk load -i "$w/img.tar"
    assert_ok "docker load"
    assert_eq $'file 1\nfile 3' "$(dk run --rm "$tag" cat /joined)"
    assert_eq "file 2" "$(dk run --rm "$tag" cat /tree/sub/f2)"
}

test_failing_run_shows_its_output_and_exit_code_and_tags_nothing() {
    ensure_image busybox
    local d tag
    ctx fail
    d=$CTX
    tag=$(unique_name jdb/fail)
    printf 'FROM busybox\nRUN echo before-failing; exit 7\n' >"$d/Dockerfile"
    defer "docker ps -aq --filter label=dev.jdock.build.step --filter status=exited | xargs -r docker rm -f >/dev/null"
    build -t "$tag" "$d"
    assert_rc 7 "the CLI exits with the step's code"
    assert_contains "$OUT" "before-failing"
    assert_contains "$OUT" "The command '/bin/sh -c echo before-failing; exit 7' returned a non-zero code: 7"
    run dk image inspect "$tag"
    assert_rc 1 "nothing tagged"
}

test_bad_dockerfile_is_a_400_with_its_line() {
    local d
    ctx bad
    d=$CTX
    printf 'FROM busybox\nRUN true\nFOO bar\n' >"$d/Dockerfile"
    build "$d"
    assert_rc 1
    assert_contains "$OUT" "dockerfile parse error line 3: unknown instruction: FOO"
    run api -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/x-tar' --data-binary @<(tar -C "$d" -c .) "http://x/build"
    assert_eq 400 "$OUT"
    printf 'FROM busybox\nCOPY missing /x\n' >"$d/Dockerfile"
    build "$d"
    assert_contains "$OUT" "COPY failed: file not found in build context or excluded by .dockerignore: stat missing: file does not exist"
}

test_dockerfile_from_stdin_build_args_labels_and_quiet() {
    ensure_image busybox
    local d tag id
    ctx stdin
    d=$CTX
    tag=$(unique_name jdb/stdin)
    printf 'data\n' >"$d/data"
    build -q -t "$tag" --build-arg X=1 --build-arg UNUSED=2 --label team=jd -f - "$d" <<'EOF'
FROM busybox
ARG X
COPY data /data
RUN echo "x=$X" > /x
EOF
    assert_ok "build -f - -q"
    defer "docker rmi -f '$tag' >/dev/null 2>&1"
    id=$(tail -1 <<<"$OUT")
    assert_match "$id" '^sha256:[0-9a-f]{64}$' "-q prints only the ID"
    assert_eq "$id" "$(dk image inspect -f '{{.Id}}' "$tag")"
    run dk run --rm "$tag" cat /x /data
    assert_eq $'x=1\ndata' "$OUT"
    assert_eq '{"team":"jd"}' "$(dk image inspect -f '{{json .Config.Labels}}' "$tag")"
    build -t "$tag" --build-arg X=1 --build-arg UNUSED=2 -f - "$d" <<'EOF'
FROM busybox
ARG X
RUN echo "x=$X" > /x
EOF
    assert_contains "$OUT" "[Warning] One or more build-args [UNUSED] were not consumed"
}

test_multistage_target_and_copy_from() {
    ensure_image busybox
    local d tag
    ctx multi
    d=$CTX
    tag=$(unique_name jdb/multi)
    cat >"$d/Dockerfile" <<'EOF'
FROM busybox AS builder
RUN mkdir -p /out && echo built > /out/artifact
FROM busybox AS unused
RUN echo should-not-run && exit 1
FROM busybox AS final
COPY --from=builder /out/artifact /app/artifact
COPY --from=busybox /bin/busybox /app/bb
FROM final AS test
RUN test -x /app/bb
EOF
    build -t "$tag" --target final "$d"
    assert_ok "the unused stage is skipped"
    defer "docker rmi -f '$tag' >/dev/null 2>&1"
    assert_not_contains "$OUT" "should-not-run"
    run dk run --rm "$tag" cat /app/artifact
    assert_eq built "$OUT"
    build --target nosuch "$d"
    assert_contains "$OUT" "failed to reach build target nosuch in Dockerfile"
}

test_heredocs_cache_mounts_and_onbuild() {
    ensure_image busybox
    local d tag parent
    ctx heredoc
    d=$CTX
    tag=$(unique_name jdb/heredoc)
    parent=$(unique_name jdb/parent)
    cat >"$d/Dockerfile" <<'DOCKERFILE'
FROM busybox
ENV NAME=world
COPY <<EOF /greeting
hello $NAME
EOF
RUN <<EOF
echo from-heredoc > /hd
EOF
RUN --mount=type=cache,target=/cache sh -c 'echo run >> /cache/log; wc -l < /cache/log > /count'
DOCKERFILE
    build -t "$tag" "$d"
    assert_ok
    defer "docker rmi -f '$tag' >/dev/null 2>&1"
    run dk run --rm "$tag" cat /greeting /hd /count
    assert_eq $'hello world\nfrom-heredoc\n1' "$OUT"
    build --no-cache -t "$tag" "$d"
    run dk run --rm "$tag" cat /count
    assert_eq 2 "$OUT" "the cache mount is kept across builds"
    run dk run --rm "$tag" ls /cache
    assert_eq "" "$OUT" "and is not part of the image"
    printf 'FROM busybox\nONBUILD RUN echo triggered > /onbuild\n' >"$d/Dockerfile"
    build -t "$parent" "$d"
    defer "docker rmi -f '$parent' >/dev/null 2>&1"
    printf 'FROM %s\n' "$parent" >"$d/Dockerfile"
    build -t "$tag" "$d"
    assert_contains "$OUT" "# Executing 1 build trigger"
    run dk run --rm "$tag" cat /onbuild
    assert_eq triggered "$OUT"
}

test_run_bind_mounts_of_the_context_and_of_a_stage() {
    ensure_image busybox
    local d tag
    ctx bind
    d=$CTX
    tag=$(unique_name jdb/bind)
    mkdir -p "$d/src"
    printf 'bound\n' >"$d/src/a"
    ln -s /etc "$d/src/etc-link"
    cat >"$d/Dockerfile" <<'EOF'
FROM busybox AS tools
RUN echo tool > /t
FROM busybox
RUN --mount=type=bind,source=src,target=/src cat /src/a > /from-context
RUN --mount=type=bind,from=tools,source=/t,target=/t cat /t > /from-stage
RUN --mount=type=bind,source=src,target=/src sh -c 'touch /src/new 2>/dev/null && echo writable > /ro || echo read-only > /ro'
EOF
    build -t "$tag" "$d"
    assert_ok
    defer "docker rmi -f '$tag' >/dev/null 2>&1"
    run dk run --rm "$tag" cat /from-context /from-stage /ro
    assert_eq $'bound\ntool\nread-only' "$OUT"
    run dk run --rm "$tag" ls /src
    assert_eq "" "$OUT" "the mount is not part of the image"
    [[ ! -e $d/src/new ]] || fail "a read-only bind wrote into the context"
    # a symlink to /etc is followed inside the context (as moby's FollowSymlinkInScope): the context has no etc/
    printf 'FROM busybox\nRUN --mount=type=bind,source=src/etc-link,target=/e ls /e\n' >"$d/Dockerfile"
    build "$d"
    assert_contains "$OUT" "file not found in build context"
    assert_not_contains "$OUT" "passwd" "a symlink in the context bound the host's /etc"
    mkdir -p "$d/etc" && printf 'context-etc\n' >"$d/etc/marker"
    printf 'FROM busybox\nRUN --mount=type=bind,source=src/etc-link,target=/e cat /e/marker\n' >"$d/Dockerfile"
    build "$d"
    assert_ok
    assert_contains "$OUT" "context-etc"
}

test_dockerignore_and_a_context_that_tries_to_escape() {
    ensure_image busybox
    local d tag
    ctx ignore
    d=$CTX
    tag=$(unique_name jdb/ignore)
    printf 'secret\n' >"$d/secret.txt"
    printf 'kept\n' >"$d/kept.txt"
    printf 'host-only\n' >"$d.hostonly"
    defer "rm -f '$d.hostonly'"
    ln -s "$d.hostonly" "$d/host-link"
    printf 'secret.txt\n' >"$d/.dockerignore"
    printf 'FROM busybox\nCOPY . /ctx/\nCOPY ../../../etc/hostname /hn\n' >"$d/Dockerfile"
    echo "context-hostname" >"$d/hn-marker"
    build -t "$tag" "$d"
    # ../../../etc/hostname is cleaned to etc/hostname inside the context, which does not exist
    assert_contains "$OUT" "stat etc/hostname: file does not exist"
    printf 'FROM busybox\nCOPY . /ctx/\n' >"$d/Dockerfile"
    build -t "$tag" "$d"
    assert_ok
    defer "docker rmi -f '$tag' >/dev/null 2>&1"
    run dk run --rm "$tag" ls -A /ctx
    assert_not_contains "$OUT" "secret.txt"
    assert_contains "$OUT" "kept.txt"
    run dk run --rm "$tag" readlink /ctx/host-link
    assert_eq "$d.hostonly" "$OUT" "a symlink in the context is copied as a symlink"
    run dk run --rm "$tag" cat /ctx/host-link
    assert_rc 1 "and names nothing of the host"
    printf 'FROM busybox\nCOPY host-link /x\n' >"$d/Dockerfile"
    build "$d"
    assert_contains "$OUT" "file not found in build context" "a symlink source is followed inside the context only"
}

test_hostile_context_tar_entries_stay_inside() {
    ensure_image busybox
    local d
    ctx hostile
    d=$CTX
    "$PY" - "$d" <<'EOF'
import io, sys, tarfile
def make(path, entries):
    with tarfile.open(path, "w") as t:
        for name, data, kw in entries:
            i = tarfile.TarInfo(name); i.size = len(data)
            for k, v in kw.items(): setattr(i, k, v)
            t.addfile(i, io.BytesIO(data))
df = (b"FROM busybox\nCOPY . /c/\n", {})
make(sys.argv[1] + "/escape.tar", [("Dockerfile",) + df, ("../../../../tmp/jdbuild-escaped", b"escaped", {})])
make(sys.argv[1] + "/odd.tar", [("Dockerfile",) + df,
    ("tmp", b"", {"type": tarfile.DIRTYPE, "mode": 0o755}),
    ("link", b"", {"type": tarfile.SYMTYPE, "linkname": "/tmp"}),
    ("link/jdbuild-through-link", b"through", {}),
    ("disk", b"", {"type": tarfile.BLKTYPE, "devmajor": 8, "devminor": 0})])
EOF
    run api -w '\n%{http_code}' -X POST -H 'Content-Type: application/x-tar' --data-binary @"$d/escape.tar" "http://x/build"
    assert_contains "$OUT" "path is outside of the extraction directory"
    assert_eq 400 "${OUT##*$'\n'}"
    [[ ! -e /tmp/jdbuild-escaped ]] || fail "a context entry escaped to /tmp"
    run api -X POST -H 'Content-Type: application/x-tar' --data-binary @"$d/odd.tar" "http://x/build?t=jdb/hostile:1"
    assert_contains "$OUT" "Successfully tagged jdb/hostile:1"
    defer "docker rmi -f jdb/hostile:1 >/dev/null 2>&1"
    [[ ! -e /tmp/jdbuild-through-link ]] || fail "an entry was written through a symlink to the host"
    run dk run --rm jdb/hostile:1 ls -A /c /c/tmp
    assert_contains "$OUT" "jdbuild-through-link" "the entry below the link landed inside the context"
    assert_not_contains "$OUT" "disk" "a block device in the context is left out"
}

test_hostile_dockerfiles_cost_bounded_resources() {
    ensure_image busybox
    local d
    ctx bounds
    d=$CTX
    # each ARG repeats the last 100 times: 4 short lines took the daemon's whole heap (500 "Java heap space")
    "$PY" - "$d" <<'EOF'
import sys
d = sys.argv[1]
refs = lambda v: "${%s}" % v * 100
open(d + "/Dockerfile.args", "w").write("FROM busybox\nARG A=%s\nARG B=%s\nARG C=%s\nARG D=%s\nRUN true\n"
                                        % ("x" * 100, refs("A"), refs("B"), refs("C")))
line, lines = "LABEL", []
for i in range(20000):
    if len(line) > 60000:
        lines.append(line + " \\")
        line = ""
    line += " l%d=%d" % (i, i)
open(d + "/Dockerfile.labels", "w").write("FROM busybox\n" + "\n".join(lines + [line]) + "\n")
EOF
    build -f "$d/Dockerfile.args" "$d"
    assert_contains "$OUT" "dockerfile parse error line 5: failed to process"
    assert_contains "$OUT" "the expansion is longer than 1048576 characters"
    assert_not_contains "$OUT" "heap"
    # one LABEL of 20,000 pairs: a copy of the labels per pair made it quadratic (19 s of daemon CPU)
    build -q -t jdb/labels:1 -f "$d/Dockerfile.labels" "$d"
    assert_ok
    defer "docker rmi -f jdb/labels:1 >/dev/null 2>&1"
    assert_eq 20000 "$(dk image inspect -f '{{len .Config.Labels}}' jdb/labels:1)"
    # an owner past 2^31-1 failed mid-stream with an unexpected error, and docker build waited for good
    printf 'hi\n' >"$d/f"
    printf 'FROM busybox\nCOPY --chown=4294967295 f /f\n' >"$d/Dockerfile"
    build "$d"
    assert_rc 1
    assert_contains "$OUT" "unable to find user 4294967295: no matching entries in passwd file"
    # an xz context whose header asks for a 128 MiB dictionary: 212 bytes were a 500 "Java heap space"
    command -v xz >/dev/null || skip "no xz to write the context"
    printf 'FROM busybox\n' >"$d/Dockerfile"
    tar -C "$d" -c Dockerfile | xz --lzma2=dict=128MiB >"$d.xz"
    defer "rm -f '$d.xz'"
    run api -X POST -H 'Content-Type: application/x-tar' --data-binary @"$d.xz" "http://x/build"
    assert_contains "$OUT" "of memory would be needed"
    assert_not_contains "$OUT" "heap"
    tar -C "$d" -c Dockerfile | xz -6 >"$d.xz"
    run api -X POST -H 'Content-Type: application/x-tar' --data-binary @"$d.xz" "http://x/build"
    assert_contains "$OUT" "Successfully built" "xz's default (an 8 MiB dictionary) is read"
    tar -C "$d" -c Dockerfile | xz -9 >"$d.xz"
    run api -X POST -H 'Content-Type: application/x-tar' --data-binary @"$d.xz" "http://x/build"
    assert_contains "$OUT" "Successfully built" "xz -9 (a 64 MiB dictionary, from the xz streams' shared budget) is read"
}

test_client_that_goes_away_cancels_the_build() {
    ensure_image busybox
    local d before pid
    ctx cancel
    d=$CTX
    printf 'FROM busybox\nRUN echo started-sleeping; sleep 60\n' >"$d/Dockerfile"
    before=$(dk ps -aq | wc -l)
    tar -C "$d" -c . >"$d.tar"
    defer "rm -f '$d.tar'"
    curl -sN --unix-socket "$JDOCKD_SOCK" -X POST -H 'Content-Type: application/x-tar' --data-binary @"$d.tar" \
        "http://x/build?nocache=1" >"$d/out" &
    pid=$!
    wait_until 20 grep -q started-sleeping "$d/out" || fail "the step did not start"
    kill "$pid"
    wait "$pid" 2>/dev/null
    wait_until 20 containers_are "$before" || fail "the step container stayed: $(dk ps -a)"
}

test_client_that_goes_away_gives_up_a_stalled_add_download() {
    ensure_image busybox
    local d pid srv port
    ctx stall
    d=$CTX
    # a server that answers with headers and a little of the body, then nothing: the build stayed for good
    "$PY" - "$d/port" <<'EOF' &
import socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(8)
open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1]))
__import__("os").rename(sys.argv[1] + ".tmp", sys.argv[1])
held = []
while True:
    c, _ = s.accept(); held.append(c); c.recv(4096)
    c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\nsome")
EOF
    srv=$!
    defer "kill $srv 2>/dev/null"
    wait_until 20 test -s "$d/port" || fail "the stalling server did not start"
    port=$(cat "$d/port")
    printf 'FROM busybox\nADD http://127.0.0.1:%s/f /f\n' "$port" >"$d/Dockerfile"
    tar -C "$d" -c Dockerfile >"$d.tar"
    defer "rm -f '$d.tar'"
    curl -sN --unix-socket "$JDOCKD_SOCK" -X POST -H 'Content-Type: application/x-tar' --data-binary @"$d.tar" \
        "http://x/build?nocache=1" >"$d/out" &
    pid=$!
    wait_until 20 grep -q "Step 2/2" "$d/out" || fail "the ADD step did not start"
    kill "$pid"
    wait "$pid" 2>/dev/null
    wait_until 20 eval '[[ -z $(ls -A "$JDOCKD_DATA/builder/contexts" 2>/dev/null) ]]' ||
        fail "the build stayed with its context: $(ls "$JDOCKD_DATA/builder/contexts")"
}

test_large_context_is_streamed() {
    ensure_image busybox
    local d rss_before rss_after pid
    ctx large
    d=$CTX
    head -c $((300 << 20)) /dev/urandom >"$d/big.bin"
    printf 'FROM busybox\nCOPY big.bin /big.bin\nRUN wc -c < /big.bin\n' >"$d/Dockerfile"
    pid=$(cat "$JDOCKD_PIDFILE")
    rss_before=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
    build --no-cache -t jdb/large:1 "$d"
    assert_ok
    assert_contains "$OUT" "314572800"
    rss_after=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
    dk rmi -f jdb/large:1 >/dev/null 2>&1
    ((rss_after - rss_before < 150 * 1024)) || fail "daemon RSS grew by $(((rss_after - rss_before) / 1024)) MiB for a 300 MiB context"
}

test_dockerpy_build_streams_and_raises_build_error() {
    have_dockerpy >/dev/null 2>&1 || skip "python3-docker is not available"
    ensure_image busybox
    defer "docker ps -aq --filter label=dev.jdock.build.step --filter status=exited | xargs -r docker rm -f >/dev/null"
    local d
    ctx dockerpy
    d=$CTX
    printf 'FROM busybox\nRUN echo py-step > /py\n' >"$d/Dockerfile"
    run "$PY" - "$d" <<'EOF'
import sys, docker
c = docker.from_env()
img, logs = c.images.build(path=sys.argv[1], tag="jdb/py:1", rm=True)
text = "".join(l.get("stream", "") for l in logs)
assert "Step 2/2 : RUN echo py-step > /py" in text, text
print("built", img.id, img.tags)
out = c.containers.run("jdb/py:1", "cat /py", remove=True)
print("ran", out.decode().strip())
open(sys.argv[1] + "/Dockerfile", "w").write("FROM busybox\nRUN echo failing-output; exit 4\n")
try:
    c.images.build(path=sys.argv[1], tag="jdb/py:2")
    print("no BuildError")
except docker.errors.BuildError as e:
    log = "".join(l.get("stream", "") for l in e.build_log)
    print("BuildError", e.msg, "failing-output" in log)
c.images.remove("jdb/py:1", force=True)
EOF
    assert_ok "docker-py: $OUT"
    assert_contains "$OUT" "ran py-step"
    assert_contains "$OUT" "BuildError The command '/bin/sh -c echo failing-output; exit 4' returned a non-zero code: 4 True"
}

test_compose_build_then_up() {
    have_compose >/dev/null 2>&1 || skip "docker-compose is not available"
    ensure_image busybox
    local d proj
    ctx compose
    d=$CTX
    proj=jdbc$$
    mkdir -p "$d/app"
    printf 'FROM busybox\nCOPY msg /msg\nCMD ["cat", "/msg"]\n' >"$d/app/Dockerfile"
    printf 'composed\n' >"$d/app/msg"
    printf 'version: "3"\nservices:\n  app:\n    build: ./app\n' >"$d/docker-compose.yml"
    run bash -c "cd '$d' && docker-compose -p $proj build && docker-compose -p $proj up --no-color 2>&1; docker-compose -p $proj down --rmi local >/dev/null 2>&1"
    assert_contains "$OUT" "Successfully built"
    assert_contains "$OUT" "composed"
}

test_remote_contexts_a_tar_or_a_dockerfile_by_url() {
    ensure_image busybox
    local d port pid
    ctx remote
    d=$CTX
    mkdir -p "$d/srv" "$d/c"
    printf 'FROM busybox\nCOPY f /f\n' >"$d/c/Dockerfile"
    printf 'from-remote-tar\n' >"$d/c/f"
    tar -C "$d/c" -czf "$d/srv/ctx.tar.gz" .
    printf 'FROM busybox\nRUN echo from-remote-dockerfile > /r\n' >"$d/srv/Dockerfile.txt"
    port=$(free_port)
    "$PY" -m http.server "$port" --bind 127.0.0.1 --directory "$d/srv" >/dev/null 2>&1 &
    pid=$!
    defer "kill $pid"
    wait_until 10 curl -sf "http://127.0.0.1:$port/Dockerfile.txt" || fail "http server did not start"
    # the docker CLI downloads a URL context itself; the remote= parameter is what API clients (docker-py) send
    run api -X POST "http://x/build?t=jdb/remote:1&remote=http://127.0.0.1:$port/ctx.tar.gz"
    assert_contains "$OUT" "Successfully tagged jdb/remote:1"
    defer "docker rmi -f jdb/remote:1 jdb/remote:2 >/dev/null 2>&1"
    assert_eq from-remote-tar "$(dk run --rm jdb/remote:1 cat /f)"
    run api -X POST "http://x/build?t=jdb/remote:2&remote=http://127.0.0.1:$port/Dockerfile.txt"
    assert_contains "$OUT" "Successfully tagged jdb/remote:2"
    assert_eq from-remote-dockerfile "$(dk run --rm jdb/remote:2 cat /r)"
    run api -o /dev/null -w '%{http_code}' -X POST "http://x/build?remote=git://example.com/x.git"
    assert_eq 400 "$OUT"
}

test_kill_9_mid_build_keeps_what_was_committed() {
    ensure_image busybox
    local d tag
    ctx kill
    d=$CTX
    tag=$(unique_name jdb/kill)
    printf 'FROM busybox\nRUN echo committed > /c\nRUN echo started-long-step; sleep 60\n' >"$d/Dockerfile"
    tar -C "$d" -c . >"$d.tar"
    defer "rm -f '$d.tar'"
    curl -sN --unix-socket "$JDOCKD_SOCK" -X POST -H 'Content-Type: application/x-tar' --data-binary @"$d.tar" \
        "http://x/build?t=$tag" >"$d/out" &
    wait_until 30 grep -q started-long-step "$d/out" || fail "the long step did not start: $(cat "$d/out")"
    kill_daemon
    restart_daemon || fail "jdockd did not start again"
    run dk image inspect "$tag"
    assert_rc 1 "nothing tagged"
    [[ -z $(ls -A "$JDOCKD_DATA/builder/contexts" 2>/dev/null) ]] || fail "a build context was left behind"
    printf 'FROM busybox\nRUN echo committed > /c\n' >"$d/Dockerfile"
    build -t "$tag" "$d"
    assert_contains "$OUT" "Using cache" "the step committed before the kill is still cached"
    defer "docker rmi -f '$tag' >/dev/null 2>&1"
    assert_eq "" "$(dk ps -q --filter label=dev.jdock.build.step)" "no running step container outlives the restart"
    assert_eq "" "$(dk ps -aq --filter label=dev.jdock.build.step --filter status=created)" "nor a created one"
}

test_builder_prune_and_system_df() {
    ensure_image busybox
    local d
    ctx prune
    d=$CTX
    printf 'FROM busybox\nRUN echo cached > /c\n' >"$d/Dockerfile"
    build -t jdb/prune:1 "$d"
    run dk system df
    assert_match "$OUT" 'Build Cache +[1-9]'
    dk rmi -f jdb/prune:1 >/dev/null
    run dk builder prune -f
    assert_ok
    assert_contains "$OUT" "Total reclaimed space:"
    build -t jdb/prune:1 "$d"
    assert_not_contains "$OUT" "Using cache" "the pruned cache is gone"
    dk rmi -f jdb/prune:1 >/dev/null
}

# moby 28's /system/df by API version: below 1.42 the type query is not read, a cache record names its parent in
# Parent and BuilderSize sums the cache; from 1.42 the parents are in " Parents" (moby's struct tag has that space),
# no BuilderSize, and an unknown type is a 400
test_system_df_build_cache_by_api_version() {
    ensure_image busybox
    local d old new
    ctx dfver
    d=$CTX
    printf 'FROM busybox\nRUN echo one > /1\nRUN echo two > /2\n' >"$d/Dockerfile"
    build -t jdb/dfver:1 "$d"
    assert_ok "build"
    defer "docker rmi -f jdb/dfver:1 >/dev/null 2>&1"
    # files, not arguments: a daemon that has built much has a build cache beyond what argv holds
    api "http://localhost/v1.41/system/df?type=volume" >"$d/old.json"
    api "http://localhost/v1.48/system/df?type=build-cache" >"$d/new.json"
    run python3 - "$d/old.json" "$d/new.json" <<'PY'
import json, sys
old, new = (json.load(open(f)) for f in sys.argv[1:3])
assert old["Images"] is not None and old["Containers"] is not None, "1.41: every type, the query unread"
assert old["BuilderSize"] == sum(b["Size"] for b in old["BuildCache"]) > 0, old.get("BuilderSize")
assert any(b.get("Parent") for b in old["BuildCache"]), "1.41: a step's parent in Parent"
assert all(" Parents" not in b for b in old["BuildCache"])
assert "BuilderSize" not in new and new["Images"] is None, "1.48: the asked type only, no BuilderSize"
assert any(b.get(" Parents") for b in new["BuildCache"]), "1.48: the parents in ' Parents'"
assert all("Parent" not in b for b in new["BuildCache"])
print("ok")
PY
    assert_eq ok "$OUT" "the shapes by version"
    run api -w '%{http_code}' "http://localhost/v1.48/system/df?type=bogus"
    assert_contains "$OUT" '{"message":"unknown object type: bogus"}'
    assert_eq 400 "${OUT: -3}" "the status code"
}

run_tests "$@"
