#!/usr/bin/env bash
# Install a built jdock (run `mvn -B package` first) under PREFIX (default /usr/local), or remove it:
#
#   install.sh [--systemd] [PREFIX]      install
#   install.sh --uninstall [PREFIX]      remove exactly what an install put in place (the data roots stay)
#
#   PREFIX/lib/jdock/daemon/*.jar     the daemon jar and its runtime dependencies (fixed absolute paths)
#   PREFIX/lib/jdock/cli/*.jar        the CLI jar and its runtime dependencies
#   PREFIX/lib/jdock/cds/             class-data archives (AppCDS .jsa on JDK 17-24, AOT cache .aot on JDK 25+)
#   PREFIX/lib/jdock/install-manifest what this script put in place (files, directories it created, the group)
#   PREFIX/libexec/jdock/             native helpers (jdock-monitor, jdock-init)
#   PREFIX/bin/jdockd, PREFIX/bin/jdock   launchers (bash `exec java ...`)
#   PREFIX/share/bash-completion/completions/jdock, PREFIX/share/zsh/vendor-completions/_jdock,
#   PREFIX/share/fish/vendor_completions.d/jdock.fish   shell completion (what `jdock completion SHELL` prints)
#   jdockd.service, jdockd.socket     systemd units (never started; from scripts/systemd/*.in), and the group jdock
#                                     owning the socket: only for a system install, PREFIX /usr or /usr/local (units
#                                     in PREFIX/lib/systemd/system), or with --systemd (units in /etc/systemd/system).
#                                     Any other PREFIX is a staging install: nothing outside PREFIX is touched.
#
# The archives are trained here (the daemon on a temporary socket and data root, the CLI with its hidden `__train`
# command or, failing that, `version` against the training daemon), verified (-Xshare:on / -XX:AOTMode=on) and named
# after a hash of `java -version` + jar checksums + flags. A launcher whose archive is missing or whose JDK changed
# since the install starts without it (correct, only slower). Running this script again is safe.
#
# Environment: JDOCK_DAEMON_JAVA, JDOCK_CLI_JAVA (java binaries to use), JDOCK_NO_CDS=1 (skip the archives),
#              JDOCK_REQUIRE_CDS=1 (fail when an archive cannot be built or verified), JDOCK_NATIVE_CLI=1 (also
#              build the CLI as a native image, PREFIX/lib/jdock/native/; the launcher falls back to the JVM),
#              JDOCK_NATIVE_DAEMON=1 (the same for the daemon, PREFIX/lib/jdock/native-daemon/: a spike),
#              JDOCK_UNITDIR (where --systemd writes the units; default /etc/systemd/system).
set -euo pipefail
umask 022
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

MODE=install SYSTEMD=0 PREFIX=
while (($#)); do
    case $1 in
        --systemd) SYSTEMD=1 ;;
        --uninstall) MODE=uninstall ;;
        -h | --help) sed -n '2,5p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) die "unknown option $1 (see --help)" ;;
        *) [[ -z $PREFIX ]] || die "one PREFIX only (got $PREFIX and $1)"; PREFIX=$1 ;;
    esac
    shift
done
PREFIX=${PREFIX:-/usr/local}
PREFIX=${PREFIX%/}
[[ $PREFIX == /* ]] || die "PREFIX must be an absolute path: $PREFIX"
VERSION=0.1.0-SNAPSHOT
REPO=$JDOCK_REPO
LIBDIR=$PREFIX/lib/jdock
LIBEXEC=$PREFIX/libexec/jdock
BINDIR=$PREFIX/bin
CDSDIR=$LIBDIR/cds
MANIFEST=$LIBDIR/install-manifest
UNITDIR=
case $PREFIX in
    /usr | /usr/local) UNITDIR=$PREFIX/lib/systemd/system ;;
    *) ((SYSTEMD)) && UNITDIR=${JDOCK_UNITDIR:-/etc/systemd/system} ;;
esac

# ------------------------------------------------------------------------------------------ the manifest
# Lines: "f PATH" a file or tree put in place, "d PATH" a directory this script created (removed when empty),
# "g NAME" a group it created. Kept across re-installs, so an uninstall removes what the first install created.
declare -A MANIFEST_SEEN=()
MANIFEST_LINES=()
record() { # record KIND VALUE
    [[ -n ${MANIFEST_SEEN["$1 $2"]:-} ]] && return 0
    MANIFEST_SEEN["$1 $2"]=1
    MANIFEST_LINES+=("$1 $2")
}
make_dirs() { # make_dirs DIR... : mkdir -p, recording each directory that did not exist
    local dir d missing
    for dir in "$@"; do
        missing=()
        d=$dir
        while [[ ! -e $d && $d != / ]]; do missing=("$d" "${missing[@]}"); d=$(dirname "$d"); done
        for d in "${missing[@]}"; do mkdir "$d" && record d "$d"; done
    done
}
write_manifest() {
    printf '%s\n' "${MANIFEST_LINES[@]}" >"$MANIFEST.tmp"
    mv -f "$MANIFEST.tmp" "$MANIFEST"
}
systemd_running() { [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null; }

# ------------------------------------------------------------------------------------------ uninstall
# known_install : the manifest of an install made before install.sh wrote one (its fixed paths, when present)
known_install() {
    local p
    for p in "$LIBDIR" "$LIBEXEC" "$BINDIR/jdockd" "$BINDIR/jdock" ${UNITDIR:+"$UNITDIR/jdockd.service"} \
        ${UNITDIR:+"$UNITDIR/jdockd.socket"}; do
        [[ -e $p ]] && printf 'f %s\n' "$p"
    done
    p=/etc/systemd/system/jdockd.service
    if [[ -f $p ]] && grep -qx "ExecStart=$BINDIR/jdockd .*" "$p"; then printf 'f %s\n' "$p"; fi
}
uninstall() {
    local line kind path units=0 i
    if [[ -s $MANIFEST ]]; then
        mapfile -t MANIFEST_LINES <"$MANIFEST"
    else
        mapfile -t MANIFEST_LINES < <(known_install)
        ((${#MANIFEST_LINES[@]})) || die "no jdock install at $PREFIX"
        warn "no $MANIFEST (an install by an older install.sh): removing jdock's known paths under $PREFIX"
    fi
    section "uninstall jdock from $PREFIX"
    for line in "${MANIFEST_LINES[@]}"; do
        [[ $line == "f "*/jdockd.s* ]] && units=1
    done
    # stopped and disabled only when systemd runs these very units (not another install's); containers keep running
    if ((units)) && systemd_running; then
        path=$(systemctl show -p FragmentPath --value jdockd.service 2>/dev/null || true)
        if [[ -n $path ]] && printf '%s\n' "${MANIFEST_LINES[@]}" | grep -qxF "f $path"; then
            systemctl disable --now jdockd.socket jdockd.service 2>/dev/null || true
        fi
    fi
    for line in "${MANIFEST_LINES[@]}"; do
        kind=${line%% *} path=${line#* }
        [[ $kind == f && $path == /?* ]] || continue
        rm -rf --one-file-system "$path"
        info "removed $path"
    done
    rm -f "$MANIFEST"
    for ((i = ${#MANIFEST_LINES[@]} - 1; i >= 0; i--)); do # directories, deepest first, when empty
        line=${MANIFEST_LINES[i]}
        kind=${line%% *} path=${line#* }
        [[ $kind == d && -d $path ]] && rmdir --ignore-fail-on-non-empty "$path"
        [[ $kind == g ]] && getent group "$path" >/dev/null && groupdel "$path" && info "removed group $path"
    done
    ((units)) && systemd_running && { systemctl daemon-reload || true; }
    info "uninstalled (data roots such as /var/lib/jdock and /etc/jdock are kept)"
}
if [[ $MODE == uninstall ]]; then
    uninstall
    exit 0
fi
if [[ -s $MANIFEST ]]; then
    while read -r kind path; do
        [[ $kind == d || $kind == g ]] && record "$kind" "$path"
    done <"$MANIFEST"
fi

DAEMON_MAIN=dev.jdock.daemon.Jdockd
CLI_MAIN=dev.jdock.cli.Jdock

# ------------------------------------------------------------------------------------------ pick the JDKs
find_java() { # find_java PREFERRED... -> first executable java
    local j
    for j in "$@"; do [[ -n $j && -x $j ]] && { printf '%s\n' "$j"; return 0; }; done
    j=$(command -v java 2>/dev/null) && readlink -f "$j" && return 0
    return 1
}
java_major() { # java_major JAVA -> 17, 25, ...
    "$1" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'
}
DAEMON_JAVA=$(find_java "${JDOCK_DAEMON_JAVA:-}" /usr/lib/jvm/java-17-openjdk-amd64/bin/java) ||
    die "no java found (install openjdk-17-jdk-headless)"
# The CLI prefers JDK 25 (AOT cache: the fastest start measured), else the daemon's JDK.
CLI_JAVA=$(find_java "${JDOCK_CLI_JAVA:-}" /usr/lib/jvm/temurin-25-jdk-amd64/bin/java "$DAEMON_JAVA")
DAEMON_MAJOR=$(java_major "$DAEMON_JAVA")
CLI_MAJOR=$(java_major "$CLI_JAVA")
((DAEMON_MAJOR >= 17 && CLI_MAJOR >= 17)) || die "jdock needs Java 17 or newer ($DAEMON_JAVA: $DAEMON_MAJOR)"

# Keep only the flags this JVM accepts (e.g. -XX:TrimNativeHeapInterval is missing from old 17 updates).
# An argument may hold flags that only go together, space-separated ("-XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30").
supported_flags() { # supported_flags JAVA FLAG... -> prints the accepted flags, one per line
    local java=$1 f
    shift
    for f in "$@"; do
        # shellcheck disable=SC2086 # a group of flags is split on purpose
        if "$java" $f -version >/dev/null 2>&1; then printf '%s\n' $f; else warn "$java does not accept $f; left out"; fi
    done
}
# Daemon: Serial GC and a bounded heap; -Xmx raised for engine state. The heap gives back what is free beyond 30 % at
# a full collection (jdockd runs one when idle), all at once. C2 only (no tiered C1): no profiled C1 code or its
# profile data in the code cache and metaspace, while hot loops (digests) still reach C2's SHA intrinsics; the cost
# is warm-up: ~15 % more CPU per API round trip over the 51st to 100th after a start, the same before and after.
# Reflection never inflated into generated accessor classes (one class and class loader per reflected method Jackson
# calls often). A young generation of a fifth of the heap (not a third) and a 12 MiB floor: 2-3 MiB less resident, for
# more (shorter) young collections (docs/performance.md, "Daemon memory").
mapfile -t DAEMON_FLAGS < <(supported_flags "$DAEMON_JAVA" -XX:+UseSerialGC -Xms12m -Xmx128m -XX:NewRatio=4 \
    "-XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30" -XX:-ShrinkHeapInSteps \
    -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=32m -XX:TrimNativeHeapInterval=1000 \
    -XX:-TieredCompilation)
DAEMON_FLAGS+=(-Dio.netty.allocator.type=unpooled -Dsun.reflect.inflationThreshold=2147483647 \
    "-Djdock.libexec=$LIBEXEC")
# CLI: C1 only + Serial GC (the measured winner for short-lived runs); no hsperfdata file; a small initial heap;
# C1 thresholds raised tenfold so a 100 ms command spends its CPU running, not compiling (hot loops of long
# transfers still get compiled); the archive mapped where it was dumped (no pointer relocation at start-up).
mapfile -t CLI_FLAGS < <(supported_flags "$CLI_JAVA" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData \
    -Xms8m -Xmx512m -XX:Tier3InvocationThreshold=2000 -XX:Tier3MinInvocationThreshold=1000 \
    -XX:Tier3CompileThreshold=20000 -XX:Tier3BackEdgeThreshold=600000)
if "$CLI_JAVA" -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0 -version >/dev/null 2>&1; then
    CLI_FLAGS+=(-XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0)
fi
# Work the JDK does on every CLI start, cut (docs/performance.md, "CLI start-up"): core reflection through native
# accessors (JDK 18+ spins method-handle classes with the ClassFile API for the first Constructor.newInstance:
# SecureRandom's provider, reached by the first UNIX socket); the epoll selector provider named, not looked up as a
# service (a scan that opens every jar on the class path).
CLI_FLAGS+=(-Djdk.reflect.useNativeAccessorOnly=true -Djava.nio.channels.spi.SelectorProvider=sun.nio.ch.EPollSelectorProvider)

# ------------------------------------------------------------------------------------------ check the build
DAEMON_JAR=$REPO/engine-daemon/target/engine-daemon-$VERSION.jar
CLI_JAR=$REPO/engine-cli/target/engine-cli-$VERSION.jar
NATIVE=$REPO/runtime-native/target/native
for f in "$DAEMON_JAR" "$CLI_JAR" "$NATIVE/jdock-monitor" "$NATIVE/jdock-init"; do
    [[ -e $f ]] || die "missing build output $f (run: mvn -B -DskipTests package)"
done

# ------------------------------------------------------------------------------------------ copy files
section "install jdock to $PREFIX"
# install_jars NAME MAINJAR LIBDIR_SRC : replaces PREFIX/lib/jdock/NAME atomically (old jars never linger)
install_jars() {
    local name=$1 main=$2 deps=$3 tmp=$LIBDIR/.$1.new
    rm -rf "$tmp"
    mkdir -p "$tmp"
    install -p -m 0644 "$main" "$tmp/"
    if [[ -d $deps ]]; then
        find "$deps" -maxdepth 1 -name "*.jar" -exec install -p -m 0644 {} "$tmp/" \;
    fi
    rm -rf "$LIBDIR/.$name.old"
    [[ -d $LIBDIR/$name ]] && mv "$LIBDIR/$name" "$LIBDIR/.$name.old"
    mv "$tmp" "$LIBDIR/$name"
    rm -rf "$LIBDIR/.$name.old"
}
classpath() { # classpath DIR MAINJAR -> main jar first, then the dependencies sorted: a fixed order
    local dir=$1 main
    main=$(basename "$2")
    printf '%s' "$dir/$main"
    find "$dir" -maxdepth 1 -name '*.jar' ! -name "$main" -printf ':%p' | tr ':' '\n' | sort | tr '\n' ':' |
        sed 's/^:*/:/; s/:*$//'
}
make_dirs "$LIBDIR" "$LIBEXEC" "$BINDIR" "$CDSDIR"
install_jars daemon "$DAEMON_JAR" "$REPO/engine-daemon/target/lib"
install_jars cli "$CLI_JAR" "$REPO/engine-cli/target/lib"
for helper in "$NATIVE"/*; do
    [[ -f $helper && -x $helper ]] || continue
    case $(basename "$helper") in testinit | *test*) continue ;; esac # test helpers stay in the build tree
    install -m 0755 "$helper" "$LIBEXEC/"
done
DAEMON_CP=$(classpath "$LIBDIR/daemon" "$DAEMON_JAR")
CLI_CP=$(classpath "$LIBDIR/cli" "$CLI_JAR")
info "daemon: $DAEMON_JAVA (JDK $DAEMON_MAJOR), $(find "$LIBDIR/daemon" -name '*.jar' | wc -l) jars"
info "cli:    $CLI_JAVA (JDK $CLI_MAJOR), $(find "$LIBDIR/cli" -name '*.jar' | wc -l) jars"
info "native: $(cd "$LIBEXEC" && echo *)"

# ------------------------------------------------------------------------------------------ archives
# archive_key JAVA CP FLAGS... -> 16 hex chars naming an archive for exactly this JDK + jars + flags
archive_key() {
    local java=$1 cp=$2
    shift 2
    {
        "$java" -version 2>&1
        printf '%s\n' "$java" "$@"
        tr ':' '\n' <<<"$cp" | xargs sha256sum
    } | sha256sum | cut -c1-16
}
# libjvm_of JAVA -> its libjvm.so, whose mtime the launchers compare with the archive's
libjvm_of() { printf '%s/lib/server/libjvm.so\n' "$(dirname "$(dirname "$(readlink -f "$1")")")"; }
archive_ext() { if (($1 >= 25)); then echo aot; else echo jsa; fi; }
# record_flags MAJOR ARCHIVE -> JVM flags for a training run
record_flags() {
    if (($1 >= 25)); then printf '%s\n' -XX:AOTMode=record "-XX:AOTConfiguration=$2.aotconf"
    else printf '%s\n' "-XX:ArchiveClassesAtExit=$2"; fi
}
# use_flags MAJOR ARCHIVE -> JVM flags that use an archive
use_flags() {
    if (($1 >= 25)); then printf '%s\n' "-XX:AOTCache=$2"
    else printf '%s\n' "-XX:SharedArchiveFile=$2" -Xlog:cds=off,cds+dynamic=off; fi
}
# finish_archive MAJOR JAVA CP ARCHIVE(tmp) FLAGS... : JDK 25 second step (create the cache from the recording)
finish_archive() {
    local major=$1 java=$2 cp=$3 out=$4
    shift 4
    if ((major >= 25)); then
        [[ -s $out.aotconf ]] || return 1
        "$java" "$@" -XX:AOTMode=create "-XX:AOTConfiguration=$out.aotconf" "-XX:AOTCache=$out" -cp "$cp" \
            >>"$TRAIN/create.log" 2>&1 || return 1
        rm -f "$out.aotconf"
    fi
    [[ -s $out ]]
}
# verify_archive MAJOR JAVA CP ARCHIVE FLAGS... : the JVM must accept the archive for this classpath
verify_archive() {
    local major=$1 java=$2 cp=$3 archive=$4
    shift 4
    if ((major >= 25)); then
        "$java" "$@" "-XX:AOTCache=$archive" -XX:AOTMode=on -cp "$cp" -version >/dev/null 2>&1
    else
        "$java" "$@" "-XX:SharedArchiveFile=$archive" -Xshare:on -cp "$cp" -version >/dev/null 2>&1
    fi
}
cds_failed() {
    if [[ ${JDOCK_REQUIRE_CDS:-0} == 1 ]]; then die "$*"; fi
    warn "$* -- the launcher will start without an archive (slower, still correct)"
}

DAEMON_KEY=$(archive_key "$DAEMON_JAVA" "$DAEMON_CP" "${DAEMON_FLAGS[@]}")
CLI_KEY=$(archive_key "$CLI_JAVA" "$CLI_CP" "${CLI_FLAGS[@]}")
DAEMON_ARCHIVE=$CDSDIR/jdockd-$DAEMON_KEY.$(archive_ext "$DAEMON_MAJOR")
CLI_ARCHIVE=$CDSDIR/jdock-$CLI_KEY.$(archive_ext "$CLI_MAJOR")
# JDK 25+: a JVM loads every class of its AOT cache at start-up, so the hot commands (images, version, logs,
# stop, rm...) get a second, small cache trained on them alone (`__train lean`: no databind), ps a third trained on
# ps alone (`__train ps`: ~1,050 classes where the lean cache has ~1,640), and run/create/start a fourth
# (`__train run`). JDK 17's AppCDS maps classes lazily: one archive serves all.
if ((CLI_MAJOR >= 25)); then
    CLI_HOT_ARCHIVE=$CDSDIR/jdock-hot-$CLI_KEY.aot CLI_RUN_ARCHIVE=$CDSDIR/jdock-run-$CLI_KEY.aot
    CLI_PS_ARCHIVE=$CDSDIR/jdock-ps-$CLI_KEY.aot
else
    CLI_HOT_ARCHIVE=$CLI_ARCHIVE CLI_RUN_ARCHIVE=$CLI_ARCHIVE CLI_PS_ARCHIVE=$CLI_ARCHIVE
fi

# train_cli ARCHIVE TRAIN_ARG SOCK DAEMON_UP : records, creates and verifies one CLI archive
train_cli() {
    local archive=$1 arg=$2 sock=$3 daemon_up=$4 ctmp=$TRAIN/cli.archive t ok=0
    local -a crec tries=("__train${arg:+ $arg}")
    mapfile -t crec < <(record_flags "$CLI_MAJOR" "$ctmp")
    ((daemon_up)) && tries+=("-H unix://$sock version")
    tries+=("--version")
    for t in "${tries[@]}"; do
        rm -f "$ctmp" "$ctmp.aotconf"
        # shellcheck disable=SC2086 # $t is a small word list
        if "$CLI_JAVA" "${CLI_FLAGS[@]}" "${crec[@]}" -cp "$CLI_CP" "$CLI_MAIN" $t >"$TRAIN/cli.log" 2>&1; then
            info "CLI trained with: jdock $t"
            ok=1
            break
        fi
    done
    if ((ok)) && finish_archive "$CLI_MAJOR" "$CLI_JAVA" "$CLI_CP" "$ctmp" "${CLI_FLAGS[@]}" &&
        verify_archive "$CLI_MAJOR" "$CLI_JAVA" "$CLI_CP" "$ctmp" "${CLI_FLAGS[@]}"; then
        mv -f "$ctmp" "$archive"
        info "CLI archive: $archive ($(du -h "$archive" | cut -f1))"
    else
        tail -n 5 "$TRAIN/cli.log" >&2 || true
        cds_failed "could not build the CLI archive $(basename "$archive")"
    fi
}

build_archives() {
    local need_daemon=1 need_cli=1
    [[ -s $DAEMON_ARCHIVE ]] && verify_archive "$DAEMON_MAJOR" "$DAEMON_JAVA" "$DAEMON_CP" "$DAEMON_ARCHIVE" \
        "${DAEMON_FLAGS[@]}" && need_daemon=0
    local a
    need_cli=0
    for a in "$CLI_ARCHIVE" "$CLI_HOT_ARCHIVE" "$CLI_RUN_ARCHIVE" "$CLI_PS_ARCHIVE"; do
        [[ -s $a ]] && verify_archive "$CLI_MAJOR" "$CLI_JAVA" "$CLI_CP" "$a" "${CLI_FLAGS[@]}" || need_cli=1
    done
    if ((need_daemon == 0 && need_cli == 0)); then
        info "class-data archives are up to date: $(basename "$DAEMON_ARCHIVE") $(basename "$CLI_ARCHIVE")"
        return 0
    fi
    TRAIN=$(mktemp -d /tmp/jdock-train.XXXXXX)
    local sock=$TRAIN/d.sock dtmp=$TRAIN/daemon.archive dpid=""
    local -a rec
    # --- the daemon, recording, on a throwaway socket / data root / exec root
    if ((need_daemon)); then mapfile -t rec < <(record_flags "$DAEMON_MAJOR" "$dtmp"); else rec=(); fi
    MALLOC_ARENA_MAX=2 setsid "$DAEMON_JAVA" "${DAEMON_FLAGS[@]}" "${rec[@]}" -cp "$DAEMON_CP" "$DAEMON_MAIN" \
        -H "unix://$sock" --data-root "$TRAIN/data" --exec-root "$TRAIN/exec" --pidfile "$TRAIN/jdockd.pid" \
        --config-file "$TRAIN/daemon.json" >"$TRAIN/daemon.log" 2>&1 </dev/null &
    dpid=$!
    local daemon_up=0
    if wait_ping "$sock" 90; then
        daemon_up=1
        for _ in $(seq 1 20); do
            for path in /_ping /version /info /containers/json '/containers/json?all=1' /images/json \
                /v1.47/containers/json /containers/nosuch/json; do
                curl -s -o /dev/null --unix-socket "$sock" "http://localhost$path" || true
            done
        done
        curl -s -o /dev/null -X HEAD --unix-socket "$sock" http://localhost/_ping || true
    else
        warn "training daemon did not answer /_ping; last lines of its log:"
        tail -n 20 "$TRAIN/daemon.log" >&2 || true
    fi
    # --- the CLI, recording: `__train` (no daemon needed: it runs the real commands against a canned in-process
    # engine), else `version` against the training daemon; on JDK 25+ also the hot-path cache (`__train lean`)
    if ((need_cli)); then
        train_cli "$CLI_ARCHIVE" "" "$sock" "$daemon_up"
        if [[ $CLI_HOT_ARCHIVE != "$CLI_ARCHIVE" ]]; then
            train_cli "$CLI_HOT_ARCHIVE" lean "$sock" "$daemon_up"
            train_cli "$CLI_RUN_ARCHIVE" run "$sock" "$daemon_up"
            train_cli "$CLI_PS_ARCHIVE" ps "$sock" "$daemon_up"
        fi
    fi
    # --- stop the daemon with SIGTERM: the JVM writes the archive while exiting
    if kill -0 "$dpid" 2>/dev/null; then
        kill -TERM "$dpid" 2>/dev/null || true
        for _ in $(seq 1 600); do kill -0 "$dpid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$dpid" 2>/dev/null || true
    fi
    wait "$dpid" 2>/dev/null || true
    remove_daemon_network "$TRAIN/data"
    if ((need_daemon)); then
        if ((daemon_up)) && finish_archive "$DAEMON_MAJOR" "$DAEMON_JAVA" "$DAEMON_CP" "$dtmp" "${DAEMON_FLAGS[@]}" &&
            verify_archive "$DAEMON_MAJOR" "$DAEMON_JAVA" "$DAEMON_CP" "$dtmp" "${DAEMON_FLAGS[@]}"; then
            mv -f "$dtmp" "$DAEMON_ARCHIVE"
            info "daemon archive: $DAEMON_ARCHIVE ($(du -h "$DAEMON_ARCHIVE" | cut -f1))"
        else
            cds_failed "could not build the daemon archive (log: $TRAIN/daemon.log)"
        fi
    fi
    unmount_under "$TRAIN"
    [[ ${JDOCK_KEEP_TRAIN:-0} == 1 ]] || rm -rf --one-file-system "$TRAIN"
}

section "class-data archives"
if [[ ${JDOCK_NO_CDS:-0} == 1 ]]; then
    info "JDOCK_NO_CDS=1: skipping the archives"
else
    build_archives
fi
# archives from older installs (other jars, JDK or flags) are never used again
find "$CDSDIR" -maxdepth 1 -type f ! -name "$(basename "$DAEMON_ARCHIVE")" ! -name "$(basename "$CLI_ARCHIVE")" \
    ! -name "$(basename "$CLI_HOT_ARCHIVE")" ! -name "$(basename "$CLI_RUN_ARCHIVE")" \
    ! -name "$(basename "$CLI_PS_ARCHIVE")" -delete
# The launchers use an archive only while its mtime equals libjvm.so's (a fork-free staleness check: a JDK upgrade
# brings a libjvm.so with another mtime), so the archives take libjvm.so's mtime.
for a in "$DAEMON_ARCHIVE:$DAEMON_JAVA" "$CLI_ARCHIVE:$CLI_JAVA" "$CLI_HOT_ARCHIVE:$CLI_JAVA" \
    "$CLI_RUN_ARCHIVE:$CLI_JAVA" "$CLI_PS_ARCHIVE:$CLI_JAVA"; do
    [[ -f ${a%%:*} ]] && touch -r "$(libjvm_of "${a#*:}")" "${a%%:*}"
done

# ------------------------------------------------------------------------------------------ native images (opt-in)
# JDOCK_NATIVE_CLI=1: the CLI also as a GraalVM native image (scripts/native/build.sh: minutes of build, Maven
# Central's GraalVM jars, a JDK 25; docs/performance.md, "The native daemon and CLI"), rebuilt only when the jars or
# the JDK change.
# JDOCK_NATIVE_DAEMON=1: the daemon too (a spike: docs/performance.md, "The native daemon and CLI"), built with the
# CLI's JDK 25.
# Both: one image for the two programs (PREFIX/lib/jdock/native/jdockd, jdock a link to it).
# A launcher runs its image while the JDK's libjava.so keeps the mtime it had at the build, else the JVM as before.
NATIVE_LIBJAVA=$(readlink -f "$(dirname "$(readlink -f "$CLI_JAVA")")/../lib/libjava.so")
NATIVE_BUILD_KEY=$(cat "$REPO"/scripts/native/* | sha256sum | cut -c1-16)
# native_image VAR DIR TARGET CP KEY WANTED : builds (or keeps) DIR/NAME; sets VAR to its path, empty when there is none
native_image() {
    local var=$1 dir=$2 target=$3 cp=$4 key=$5-$NATIVE_BUILD_KEY wanted=$6 name=jdock bin= what=$3
    [[ $target == cli ]] || name=jdockd
    [[ $target != both ]] || what="daemon and CLI"
    if [[ $wanted == 1 ]]; then
        section "native $what"
        if [[ -x $dir/$name && $(cat "$dir/key" 2>/dev/null) == "$key" ]]; then
            info "up to date: $dir/$name"
            bin=$dir/$name
        elif rm -rf "$dir.new" && bash "$REPO/scripts/native/build.sh" "$target" "$CLI_JAVA" "$cp" "$dir.new"; then
            echo "$key" >"$dir.new/key"
            rm -rf "$dir"
            mv "$dir.new" "$dir"
            bin=$dir/$name
        else
            rm -rf "$dir.new"
            warn "no native $what (see above): it runs on the JVM"
        fi
        if [[ -n $bin ]]; then
            touch -r "$NATIVE_LIBJAVA" "$bin"
            # Its pages leave the page cache: written by the build, they sit there in larger folios, and a fault maps a
            # whole folio, so that a start counted 4.5 MiB (copied by cp; 27 written by the linker) more of it resident
            # than one read from the disk (docs/performance.md, "The native daemon's memory"); the next read brings them
            # back as readahead makes them.
            sync -- "$bin" && dd if="$bin" iflag=nocache count=0 status=none || true
        fi
    fi
    [[ -n $bin ]] || rm -rf "$dir"
    printf -v "$var" '%s' "$bin"
}
DAEMON_NATIVE_KEY=$(archive_key "$CLI_JAVA" "$DAEMON_CP" "${DAEMON_FLAGS[@]}")
if [[ ${JDOCK_NATIVE_CLI:-0} == 1 && ${JDOCK_NATIVE_DAEMON:-0} == 1 ]]; then
    # Both: one image that is either program (by the name it is run as: jdockd, or jdock, a link to it), one build of
    # about the daemon's time instead of two (docs/performance.md, "The native CLI, and one image for both"). Its class
    # path: the daemon's, and the CLI's jars the daemon has not.
    BOTH_CP=$DAEMON_CP
    for jar in ${CLI_CP//:/ }; do [[ -e $LIBDIR/daemon/$(basename "$jar") ]] || BOTH_CP+=:$jar; done
    native_image NATIVE_DAEMON "$LIBDIR/native" both "$BOTH_CP" "$CLI_KEY-$DAEMON_NATIVE_KEY" 1
    NATIVE_CLI=${NATIVE_DAEMON:+$LIBDIR/native/jdock}
    rm -rf "$LIBDIR/native-daemon"
else
    native_image NATIVE_CLI "$LIBDIR/native" cli "$CLI_CP" "$CLI_KEY" "${JDOCK_NATIVE_CLI:-0}"
    native_image NATIVE_DAEMON "$LIBDIR/native-daemon" daemon "$DAEMON_CP" "$DAEMON_NATIVE_KEY" \
        "${JDOCK_NATIVE_DAEMON:-0}"
fi

# ------------------------------------------------------------------------------------------ launchers
# sh_quote WORD... -> the words single-quoted for a POSIX shell, space-separated
sh_quote() {
    local w out=""
    for w in "$@"; do out+=" '${w//\'/\'\\\'\'}'"; done
    printf '%s' "${out# }"
}
# write_launcher OUT JAVA MAJOR CP MAIN ARCHIVE ENV_OPTS_VAR FLAGS...  (the daemon's: bash)
write_launcher() {
    local out=$1 java=$2 major=$3 cp=$4 main=$5 archive=$6 optsvar=$7
    shift 7
    local -a use
    mapfile -t use < <(use_flags "$major" "$archive")
    {
        printf '#!/bin/bash\n# Generated by jdock scripts/install.sh; re-run it after a JDK upgrade to rebuild the archive.\n'
        printf 'JAVA=%q\n' "$java"
        printf 'FLAGS=('; printf '%q ' "$@"; printf ')\n'
        printf 'ARCHIVE=%q\n' "$archive"
        printf 'LIBJVM=%q\n' "$(libjvm_of "$java")"
        printf 'CP=%q\n' "$cp"
        printf 'CDS=('; printf '%q ' "${use[@]}"; printf ')\n'
        cat <<'EOF'
# Use the class-data archive only when it exists and the JVM is the one it was built for: install.sh gives the
# archive libjvm.so's mtime (JDK 25 does not always reject a stale AOT cache by itself). No fork here.
if [[ ! -r $ARCHIVE || $LIBJVM -nt $ARCHIVE || $LIBJVM -ot $ARCHIVE ]]; then
    CDS=()
fi
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
EOF
        if [[ -n $NATIVE_DAEMON && $main == "$DAEMON_MAIN" ]]; then
            printf 'NATIVE=%q\nLIBJAVA=%q\n' "$NATIVE_DAEMON" "$NATIVE_LIBJAVA"
            # the JVM's flags that the image takes at run time (its GC is the Serial one)
            # the young generation at 4 MiB (by default 10 % of -Xmx) and at most 1 MiB of free heap kept: the JVM's
            # -Xms12m, NewRatio and MaxHeapFreeRatio in the image's terms (docs/performance.md, "The native daemon's
            # memory")
            printf 'NATIVE_FLAGS=(-Xmx128m -XX:MaxNewSize=4m -XX:MaxHeapFree=1m -Dio.netty.allocator.type=unpooled %q)\n' \
                "-Djdock.libexec=$LIBEXEC"
            cat <<'EOF'
# The native daemon, while the JDK whose libjava.so it links is the one it was built with (same mtime; JDOCK_JVM=1: no).
if [[ -z ${JDOCK_JVM:-} && -x $NATIVE && ! $LIBJAVA -nt $NATIVE && ! $LIBJAVA -ot $NATIVE ]]; then
    # shellcheck disable=SC2086 # word splitting of the extra options is intended
    exec "$NATIVE" "${NATIVE_FLAGS[@]}" ${JDOCKD_NATIVE_OPTS:-} "$@"
fi
EOF
        fi
        printf '# shellcheck disable=SC2086 # word splitting of the extra options is intended\n'
        # shellcheck disable=SC2016 # written literally into the launcher
        printf 'exec "$JAVA" "${FLAGS[@]}" "${CDS[@]}" ${%s:-} -cp "$CP" %s "$@"\n' "$optsvar" "$main"
    } >"$out.tmp"
    chmod 0755 "$out.tmp"
    mv -f "$out.tmp" "$out"
}
# archive_flag MAJOR ARCHIVE -> the one JVM flag that uses an archive (JDK 17's -Xlog:cds=off... is in the fixed flags)
archive_flag() { if (($1 >= 25)); then printf '%s' "-XX:AOTCache=$2"; else printf '%s' "-XX:SharedArchiveFile=$2"; fi; }
# write_cli_launcher OUT : the jdock launcher, POSIX sh (dash starts in half of bash's time) with no fork before the
# exec. It picks the small hot-path or run archive for the commands they were trained on, the full one otherwise.
write_cli_launcher() {
    local out=$1
    local -a fixed=("${CLI_FLAGS[@]}")
    ((CLI_MAJOR >= 25)) || fixed+=("-Xlog:cds=off,cds+dynamic=off")
    {
        printf '#!/bin/sh\n# Generated by jdock scripts/install.sh; re-run it after a JDK upgrade to rebuild the archives.\n'
        printf 'LIBJVM=%s\n' "$(sh_quote "$(libjvm_of "$CLI_JAVA")")"
        printf 'HOT=%s\n' "$(sh_quote "$CLI_HOT_ARCHIVE")"
        printf 'RUN=%s\n' "$(sh_quote "$CLI_RUN_ARCHIVE")"
        printf 'PS=%s\n' "$(sh_quote "$CLI_PS_ARCHIVE")"
        printf 'ALL=%s\n' "$(sh_quote "$CLI_ARCHIVE")"
        if [[ -n $NATIVE_CLI ]]; then
            printf 'NATIVE=%s\n' "$(sh_quote "$NATIVE_CLI")"
            printf 'LIBJAVA=%s\n' "$(sh_quote "$NATIVE_LIBJAVA")"
            cat <<'EOF'
# The native CLI, while the JDK whose libjava.so it links is the one it was built with (same mtime; JDOCK_JVM=1: no).
if [ -z "${JDOCK_JVM:-}" ] && [ -x "$NATIVE" ] && [ ! "$LIBJAVA" -nt "$NATIVE" ] && [ ! "$LIBJAVA" -ot "$NATIVE" ]; then
    exec "$NATIVE" "$@"
fi
EOF
        fi
        cat <<'EOF'
# The command word: the first argument that is not a global option (and the sub-command of container/image).
cmd= sub= skip=
for a do
    if [ -n "$skip" ]; then skip=; continue; fi
    case $a in
    -H | --host | -c | --context | -l | --log-level | --config | --tlscacert | --tlscert | --tlskey) [ -z "$cmd" ] && skip=1 ;;
    -*) ;;
    *)
        if [ -z "$cmd" ]; then
            cmd=$a
            case $a in container | image) ;; *) break ;; esac
        else
            sub=$a
            break
        fi
        ;;
    esac
done
case $cmd:$sub in
ps:* | container:ls | container:ps | container:list) ARCHIVE=$PS ;;
:* | images:* | version:* | info:* | logs:* | stop:* | kill:* | rm:* | rmi:* | tag:* | wait:* | \
    container:logs | container:stop | container:kill | container:rm | container:wait | image:ls | image:list | \
    image:rm | image:remove | image:tag)
    ARCHIVE=$HOT ;;
run:* | create:* | start:* | container:run | container:create | container:start) ARCHIVE=$RUN ;;
*) ARCHIVE=$ALL ;;
esac
# Use the archive only when it exists and the JVM is the one it was built for: install.sh gives the archive
# libjvm.so's mtime (JDK 25 does not always reject a stale AOT cache by itself).
if [ ! -r "$ARCHIVE" ] || [ "$LIBJVM" -nt "$ARCHIVE" ] || [ "$LIBJVM" -ot "$ARCHIVE" ]; then
    CDS=
else
EOF
        # shellcheck disable=SC2016 # written literally into the launcher
        printf '    CDS=%s"$ARCHIVE"\nfi\n' "$(sh_quote "$(archive_flag "$CLI_MAJOR" "")")"
        printf ': "${MALLOC_ARENA_MAX:=2}"\nexport MALLOC_ARENA_MAX\n'
        printf '# shellcheck disable=SC2086 # word splitting of the extra options is intended\n'
        # shellcheck disable=SC2016 # written literally into the launcher
        printf 'exec %s %s ${CDS:+"$CDS"} ${JDOCK_JAVA_OPTS:-} -cp %s %s "$@"\n' "$(sh_quote "$CLI_JAVA")" \
            "$(sh_quote "${fixed[@]}")" "$(sh_quote "$CLI_CP")" "$CLI_MAIN"
    } >"$out.tmp"
    chmod 0755 "$out.tmp"
    mv -f "$out.tmp" "$out"
}
write_launcher "$BINDIR/jdockd" "$DAEMON_JAVA" "$DAEMON_MAJOR" "$DAEMON_CP" "$DAEMON_MAIN" "$DAEMON_ARCHIVE" \
    JDOCKD_JAVA_OPTS "${DAEMON_FLAGS[@]}"
write_cli_launcher "$BINDIR/jdock"
info "launchers: $BINDIR/jdockd $BINDIR/jdock"

# ------------------------------------------------------------------------------------------ shell completion
# the scripts `jdock completion bash|zsh|fish` prints, where bash-completion, zsh and fish look for vendor scripts
COMPLETIONS=$REPO/engine-cli/src/main/resources/dev/jdock/cli
for pair in "bash:$PREFIX/share/bash-completion/completions/jdock" "zsh:$PREFIX/share/zsh/vendor-completions/_jdock" \
    "fish:$PREFIX/share/fish/vendor_completions.d/jdock.fish"; do
    shell=${pair%%:*} dest=${pair#*:}
    make_dirs "$(dirname "$dest")"
    install -m 0644 "$COMPLETIONS/completion.$shell" "$dest.tmp"
    mv -f "$dest.tmp" "$dest"
    record f "$dest"
done
info "shell completion: $PREFIX/share/{bash-completion/completions/jdock,zsh/vendor-completions/_jdock,fish/vendor_completions.d/jdock.fish}"

# ------------------------------------------------------------------------------------------ systemd units
record f "$LIBDIR"
record f "$LIBEXEC"
record f "$BINDIR/jdockd"
record f "$BINDIR/jdock"
if [[ -n $UNITDIR ]]; then
    make_dirs "$UNITDIR"
    bash "$REPO/scripts/systemd/render.sh" "$BINDIR" "$UNITDIR"
    record f "$UNITDIR/jdockd.service"
    record f "$UNITDIR/jdockd.socket"
    if ! getent group jdock >/dev/null; then
        groupadd --system jdock
        record g jdock
        info "created the group jdock (members may use /run/jdock.sock under systemd: root access)"
    fi
    # a unit an older install.sh left in /etc for this same daemon would hide the new one
    old=/etc/systemd/system/jdockd.service
    if [[ $UNITDIR != /etc/systemd/system && -f $old ]] &&
        grep -qx 'Description=jdock container engine (Docker Engine API on unix:///run/jdock.sock)' "$old"; then
        rm -f "$old"
        info "removed $old (written by an older install.sh)"
    fi
    info "systemd units: $UNITDIR/jdockd.service, $UNITDIR/jdockd.socket (not started; see docs/install.md)"
    if systemd_running; then
        systemctl daemon-reload || true
    fi
else
    info "staging install: no systemd units, nothing outside $PREFIX (use --systemd to install the units)"
fi
write_manifest
info "installed. Start the daemon with: $BINDIR/jdockd${UNITDIR:+   (or systemctl enable --now jdockd.socket jdockd)}"
