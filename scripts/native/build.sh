#!/usr/bin/env bash
# Build a jdock program as a GraalVM native image without a GraalVM distribution: the builder's jars come from Maven
# Central (org.graalvm.nativeimage:svm and its dependencies), the JVM that runs them is a stock JDK 25 (JVMCI module
# jdk.internal.vm.ci), and what only the distribution ships is made here (docs/performance.md, "The native daemon and
# CLI"):
#   - the C headers the builder compiles against (CHeaders.java, from the svm jar's @CStruct interfaces);
#   - GraalVM's libchelper + libjvm as one libjvm.so (shim.c; the JVM_ functions nobody calls abort);
#   - no static JDK libraries (libjava.a...): the image links the JDK's own shared libjava/libnio/libnet/libzip.
# The binary needs that JDK's lib/*.so at run time (rpath) and libjvm.so beside it.
#
#   scripts/native/build.sh cli    JAVA CLASSPATH OUTDIR     -> OUTDIR/jdock,  OUTDIR/libjvm.so
#   scripts/native/build.sh daemon JAVA CLASSPATH OUTDIR     -> OUTDIR/jdockd, OUTDIR/libjvm.so (a spike: docs/performance.md,
#                                                               "The native daemon and CLI")
#   scripts/native/build.sh both   JAVA CLASSPATH OUTDIR     -> OUTDIR/jdockd, OUTDIR/jdock (a symbolic link to it),
#                                                               OUTDIR/libjvm.so: one image, the daemon when run as
#                                                               jdockd, the CLI otherwise (CLASSPATH: both programs')
#
# The configuration comes from the class path, not from an agent run: jdock's classes for reflection (the members
# databind and picocli use), JNI access to the classes the jars' JNI libraries name, proxies of jdock's JNA
# interfaces (docs/performance.md).
# Exits 2 (with the reason) when this machine cannot build it: JAVA not JDK 25 with JVMCI, no gcc/nm/zlib, the
# GraalVM jars not resolvable. Takes minutes (4-8 on 2 cores for the CLI) and ~1.5 GB of memory (the daemon: more).
# Environment: JDOCK_GRAAL_VERSION (default 25.0.4), JDOCK_NATIVE_WORK (scratch dir; default a temporary one),
#              JDOCK_NATIVE_IMAGE_OPTS (more builder options, e.g. -H:+JNIVerboseLookupErrors -H:-DeleteLocalSymbols).
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)

(($# == 4)) || die "usage: $0 cli|daemon|both JAVA CLASSPATH OUTDIR"
TARGET=$1 JAVA=$2 CP=$3 OUT=$4
GRAAL=${JDOCK_GRAAL_VERSION:-25.0.4}
# The CLI's arguments are the user's: the image must not take -D, -X, -XX: among them as its own (`jdock run IMAGE java
# -Xmx1g`). Without that parsing the main class runs the image's run-time initialization itself (Cli.java,
# Programs.java: else SIGPIPE is not ignored, and a daemon died of its first `docker run --rm`, exit 141).
NO_OPTIONS=(-H:-ParseRuntimeOptions)
case $TARGET in
# JDKLIBS: the JDK's shared libraries the image links (their native methods), as the static ones would be
cli) MAIN=dev.jdock.nativeimage.Cli NAME=jdock WHAT=CLI XMX=2g JDKLIBS=(java nio net zip extnet)
    OPTIMIZE=("${NO_OPTIONS[@]}") LINKMODE=() ;;
daemon | both) MAIN=dev.jdock.daemon.Jdockd NAME=jdockd WHAT=daemon XMX=3g
    JDKLIBS=(java nio net zip extnet jaas management_ext)
    # both: Programs.java picks the program by the name it was run by, and applies the daemon's image options itself
    [[ $TARGET == daemon ]] || MAIN=dev.jdock.nativeimage.Programs WHAT="daemon and CLI"
    # optimized for size: the code pages a long-running daemon touches stay resident; linked as a position-dependent
    # executable: as a PIE (gcc's default) its 270,000 relocations of the image heap's code pointers (.rela.dyn, 6 MB)
    # are read and applied at every start, ~14 MiB of RSS more (docs/performance.md, "The native daemon's memory")
    OPTIMIZE=(-H:Optimize=s) LINKMODE=(-no-pie)
    [[ $TARGET == daemon ]] || OPTIMIZE+=("${NO_OPTIONS[@]}") ;;
*) die "usage: $0 cli|daemon|both JAVA CLASSPATH OUTDIR" ;;
esac
cannot() { warn "no native $WHAT: $*"; exit 2; }

# ------------------------------------------------------------------------------------------ can this machine?
JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$JAVA")")")
major=$("$JAVA" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print v[1]; exit}')
[[ $major == 25 ]] || cannot "$JAVA is JDK $major; the GraalVM $GRAAL builder needs JDK 25"
"$JAVA" --list-modules 2>/dev/null | grep -q '^jdk.internal.vm.ci@' || cannot "$JAVA has no JVMCI module"
for tool in gcc nm; do command -v "$tool" >/dev/null || cannot "no $tool"; done
for lib in "${JDKLIBS[@]}"; do [[ -r $JAVA_HOME/lib/lib$lib.so ]] || cannot "no $JAVA_HOME/lib/lib$lib.so"; done
echo 'int main(void){return 0;}' | gcc -x c - -o /dev/null -lz 2>/dev/null || cannot "gcc cannot link -lz (zlib1g-dev)"

WORK=${JDOCK_NATIVE_WORK:-$(mktemp -d /var/tmp/jdock-native.XXXXXX)}
[[ -n ${JDOCK_NATIVE_WORK:-} ]] || trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK" "$OUT"

# ------------------------------------------------------------------------------------------ the builder's jars
section "native $WHAT: GraalVM $GRAAL builder jars (Maven Central)"
cat >"$WORK/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>dev.jdock</groupId><artifactId>native-cli-builder</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies><dependency><groupId>org.graalvm.nativeimage</groupId><artifactId>svm</artifactId>
    <version>$GRAAL</version></dependency></dependencies>
</project>
EOF
mvn_copy() {
    mvn -B -ntp -q "$@" -f "$WORK/pom.xml" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
        -DoutputDirectory="$WORK/jars" >"$WORK/mvn.log" 2>&1
}
mvn_copy -o || mvn_copy || cannot "the GraalVM $GRAAL jars do not resolve (see $WORK/mvn.log)"
COMPILER=$(ls "$WORK"/jars/compiler-*.jar)
MODULES=$(find "$WORK/jars" -name '*.jar' ! -name 'compiler-*' | sort | tr '\n' ':')
info "$(find "$WORK/jars" -name '*.jar' | wc -l) jars, $(du -sh "$WORK/jars" | cut -f1)"

# ------------------------------------------------------------------------------------------ what the distribution ships
# A JDK copy (hard links where possible) with the builder's progress helper in lib/svm/builder/lib, where it looks.
rm -rf "$WORK/jdk"
cp -al "$JAVA_HOME" "$WORK/jdk" 2>/dev/null || cp -a "$JAVA_HOME" "$WORK/jdk"
mkdir -p "$WORK/jdk/lib/svm/builder/lib" "$WORK/clib"
CFLAGS=(-O2 -fPIC -Wall -I"$JAVA_HOME/include" -I"$JAVA_HOME/include/linux" -I"$WORK/clib/include")
gcc "${CFLAGS[@]}" -shared -o "$WORK/jdk/lib/svm/builder/lib/libreporterchelper.so" "$HERE/reporterchelper.c"
"$JAVA" -cp "$MODULES" "$HERE/CHeaders.java" "$WORK/clib"
for lib in java nio net zip; do rm -f "$WORK/clib/lib$lib.a"; ar rc "$WORK/clib/lib$lib.a"; done # found, empty
# Every JVM_ function the JDK's libraries import (they bind at load): real ones in shim.c, the rest abort.
for lib in "${JDKLIBS[@]}"; do nm -D --undefined-only "$JAVA_HOME/lib/lib$lib.so"; done | grep -o 'JVM_[A-Za-z0-9_]*' | sort -u |
    comm -23 - <(grep -o '^JVM_[A-Za-z0-9_]* (' "$HERE/shim.c" | grep -o 'JVM_[A-Za-z0-9_]*' | sort -u) |
    awk -v what="$WHAT" '{ printf "void %s(void) { fputs(\"jdock: %s is not supported", $1, $1
           print " in the native " what "\\n\", stderr); abort(); }" }' \
        >"$WORK/stubs.c"
sed -i '1i #include <stdio.h>\n#include <stdlib.h>' "$WORK/stubs.c"
echo 'SUNWprivate_1.1 { global: *; };' >"$WORK/shim.map" # the symbol version libjava & co. ask for
gcc "${CFLAGS[@]}" -shared -Wl,-soname,libjvm.so -Wl,--version-script,"$WORK/shim.map" -o "$OUT/libjvm.so" \
    "$HERE/shim.c" "$WORK/stubs.c" -lpthread -ldl

# ------------------------------------------------------------------------------------------ the image
section "native $WHAT: native-image (minutes)"
TARGETS=org.graalvm.nativeimage.base,org.graalvm.nativeimage.builder,org.graalvm.nativeimage.pointsto
TARGETS+=,org.graalvm.nativeimage.objectfile,org.graalvm.nativeimage.configure,jdk.graal.compiler
# the builder's access to JDK internals, which the native-image driver grants it: every package of these modules
"$WORK/jdk/bin/jimage" list "$JAVA_HOME/lib/modules" | awk -v t="$TARGETS" '
    /^Module: / { m = $2; next }
    m ~ /^(java\.base|jdk\.internal\..*|java\.management|jdk\.management|jdk\.jfr|jdk\.unsupported)$/ &&
    /\.class$/ { sub(/^ +/, ""); if (sub(/\/[^\/]*$/, "") && $0 !~ /META-INF/) { gsub(/\//, "."); p[m "/" $0] = 1 } }
    END { for (k in p) { print "--add-exports=" k "=" t; print "--add-opens=" k "=" t } }' >"$WORK/access.args"
# Reflection: every jdock class (Jackson databind binds some of them) with its fields, constructors and the methods
# databind and picocli call (Reflection.java), and every class of picocli (it reads the annotations of the daemon's
# command line and its help mixin), of dbus-java and of the jars that carry a JNI library (JNA builds its values by
# reflection) in full; resources: jdock's (the completion scripts...) and those JNI libraries (loaded from the jar).
mkdir -p "$WORK/config"
# the JNI libraries of this machine's platform only (JNA and zstd-jni carry ~20 each, kept in the image as resources)
HOST_SO=.
[[ $(uname -m) != x86_64 ]] || HOST_SO='(^|/)(linux-x86-64|linux/amd64)/|_x86_64[.]so$'
jars=()
mapfile -t jars < <(tr ':' '\n' <<<"$CP")
: >"$WORK/sos.txt"
: >"$WORK/cp-classes.txt" && : >"$WORK/classes.txt" && : >"$WORK/so.txt" && : >"$WORK/picocli.txt" && : >"$WORK/dbus.txt"
for jar in "${jars[@]}"; do
    "$JAVA_HOME/bin/jar" tf "$jar" 2>/dev/null >"$WORK/entries.txt" || continue
    grep '\.so$' "$WORK/entries.txt" | grep -E "$HOST_SO" | sed "s#^#$jar!#" >>"$WORK/sos.txt" || true
    sed -n 's#^\(dev/jdock/.*\)\.class$#\1#p' "$WORK/entries.txt" | tr / . >>"$WORK/classes.txt"
    sed -n '/^META-INF/d; s#^\(.*\)\.class$#\1#p' "$WORK/entries.txt" | tr / . >>"$WORK/cp-classes.txt"
    for kind in so picocli dbus; do
        [[ $kind == so ]] && ! grep -q '\.so$' "$WORK/entries.txt" && continue
        [[ $kind == picocli ]] && ! grep -q '^picocli/' "$WORK/entries.txt" && continue
        [[ $kind == dbus ]] && ! grep -q '^org/freedesktop/dbus/' "$WORK/entries.txt" && continue
        sed -n '/^META-INF/d; /module-info/d; s#^\(.*\)\.class$#\1#p' "$WORK/entries.txt" | tr / . >>"$WORK/$kind.txt"
    done
done
sort -u -o "$WORK/classes.txt" "$WORK/classes.txt"
sort -u "$WORK/so.txt" "$WORK/picocli.txt" "$WORK/dbus.txt" | comm -23 - "$WORK/classes.txt" >"$WORK/reflect-all.txt"
sort -u "$WORK/classes.txt" "$WORK/reflect-all.txt" >"$WORK/reflect.txt"
# config_json FILE FIELDS : a class list as a reflect-config/jni-config array, FIELDS the registration of each
config_json() {
    awk -v f="$2" 'BEGIN { printf "[" } { printf "%s{\"name\":\"%s\",%s}", (NR > 1 ? "," : ""), $0, f } END { print "]" }' "$1"
}
# jdock's classes with the members databind and picocli use, the others' with all but those that name AWT (a method
# registered is reachable: every jdock method and JNA's Native.getComponentID(Component) were; Reflection.java)
{
    "$JAVA" "$HERE/Reflection.java" "$CP" bound "$WORK/classes.txt"
    "$JAVA" "$HERE/Reflection.java" "$CP" all "$WORK/reflect-all.txt"
} | jq -s add >"$WORK/config/reflect-config.json"
{
    # (logback's version files: without them it warns "Versions of logback-classic and ? are different or unknown"
    # and prints its whole status at every start)
    printf '{"resources":{"includes":[{"pattern":"dev/jdock/.*"},{"pattern":"ch/qos/logback/.*-version[.]properties"}'
    sed 's#^.*!##; s#[.]#\\\\.#g; s#^#,{"pattern":"#; s#$#"}#' "$WORK/sos.txt" | tr -d '\n'
    printf ']}}\n'
} >"$WORK/config/resource-config.json"
# One javap of every jdock class: its JNA and D-Bus interfaces, its native methods.
: >"$WORK/javap-dbus.txt"
xargs "$JAVA_HOME/bin/javap" -p -cp "$CP" <"$WORK/classes.txt" >"$WORK/javap.txt" 2>/dev/null || true
# JNI: every class of a jar that carries a JNI library (JNA's and zstd-jni's C look up their fields and methods), the
# classes of the packages those libraries name (their strings: Netty's epoll classes, whose natives it registers), the
# JDK classes they name with their fields and public members only, and the jdock classes with native methods (JNA's direct mapping registers them).
# (the JDK's classes: not only java.*, Netty's epoll library looks up sun.nio.ch.FileChannelImpl's fd field)
JDK_PACKAGES='^(java|javax|jdk|sun)[.]'
while IFS='!' read -r jar so; do
    unzip -p "$jar" "$so" | strings -n 6 | grep -E '^[a-z]+(/[A-Za-z0-9_$]+)+$' | tr / . || true
done <"$WORK/sos.txt" | sort -u >"$WORK/jni-named.txt"
awk '/^[a-z ]*(class|interface) / { c = $0; sub(/^[a-z ]*(class|interface) /, "", c); sub(/[ <].*/, "", c) }
     /^  [a-z ]* native / && c != "" { print c }' "$WORK/javap.txt" | sort -u >"$WORK/jni-native.txt"
if [[ -s $WORK/so.txt || -s $WORK/jni-native.txt ]]; then
    {
        # the classes of each package a library names (Netty's C builds some names, Errors$NativeIoException...)
        grep -Ev "$JDK_PACKAGES" "$WORK/jni-named.txt" | sed 's/[.][^.]*$/./' | sort -u >"$WORK/jni-packages.txt"
        awk 'NR == FNR { p[$0] = 1; next } { k = $0; sub(/[.][^.]*$/, ".", k) } k in p' "$WORK/jni-packages.txt" \
            "$WORK/cp-classes.txt" | sort -u - "$WORK/so.txt" "$WORK/jni-native.txt" >"$WORK/jni-all.txt"
        "$JAVA" "$HERE/Reflection.java" "$CP" all "$WORK/jni-all.txt"
        grep -E "$JDK_PACKAGES" "$WORK/jni-named.txt" |
            config_json /dev/stdin '"allDeclaredFields":true,"allPublicMethods":true,"allPublicConstructors":true'
    } | jq -s 'add' >"$WORK/config/jni-config.json"
fi
# Proxies: jdock's JNA interfaces (Native.load makes a java.lang.reflect.Proxy of each), and the D-Bus interfaces of
# jdock and dbus-java (getRemoteObject makes one of each: the systemd cgroup driver's SystemdManagerInterface, the bus's
# own DBus interface); dbus-java's classes are registered for reflection too (it reads the interfaces' methods and
# annotations, makes its signals and structs by reflection).
[[ ! -s $WORK/dbus.txt ]] || grep '^org[.]freedesktop[.]dbus[.]interfaces[.]' "$WORK/dbus.txt" |
    xargs "$JAVA_HOME/bin/javap" -p -cp "$CP" >"$WORK/javap-dbus.txt" 2>/dev/null || true
awk '/^[a-z ]*interface [^ ]* extends .*(com[.]sun[.]jna[.]Library|org[.]freedesktop[.]dbus[.]interfaces[.]DBusInterface)/ {
        c = $0; sub(/^[a-z ]*interface /, "", c)
        sub(/[ <].*/, "", c); printf "%s{\"interfaces\":[\"%s\"]}", (n++ ? "," : "["), c }
     END { if (n) print "]" }' "$WORK/javap.txt" "$WORK/javap-dbus.txt" >"$WORK/proxies.json"
[[ ! -s $WORK/proxies.json ]] || mv "$WORK/proxies.json" "$WORK/config/proxy-config.json"
# The builder stores non-capturing lambdas in the image heap, which it refuses for a type initialized at run time:
# jdock's interfaces and every interface the class path makes lambdas of are initialized at build time, those without
# a static initializer only (Lambdas.java).
mapfile -t INIT < <("$JAVA" "$HERE/Lambdas.java" "$CP" dev/jdock/ | sed 's/.*/-H:ClassInitialization=&:build_time/')
# The class initialization the jars ask for in META-INF/native-image/**/native-image.properties (the native-image
# driver passes those Args on; this script runs the builder without the driver).
for jar in "${jars[@]}"; do
    unzip -Z1 "$jar" 2>/dev/null | grep 'META-INF/native-image/.*native-image[.]properties$' |
        while read -r f; do unzip -p "$jar" "$f"; done || true
done | sed ':a; /\\$/ { N; s/\\\n//; ba }' | sed -n 's/^Args *= *//p' | tr ' \t' '\n\n' | sed '/^$/d' >"$WORK/jar-args.txt"
# ... and their reflect-config.json, jni-config.json, resource-config.json... (the driver passes their directories on;
# Netty's epoll jar has the JNI registrations its library needs, Netty's handlers their reflective method lookups)
ROOTS=()
for jar in "${jars[@]}"; do
    unzip -Z1 "$jar" 2>/dev/null | sed -n 's#^\(META-INF/native-image/.*\)/[a-z-]*-config[.]json$#\1#p' || true
done | sort -u >"$WORK/config-roots.txt"
while read -r dir; do ROOTS+=("-H:ConfigurationResourceRoots=$dir"); done <"$WORK/config-roots.txt"
while read -r arg; do
    case $arg in
    --initialize-at-run-time=*) INIT+=("-H:ClassInitialization=$(sed 's/,/:run_time,/g; s/$/:run_time/' <<<"${arg#*=}")") ;;
    --initialize-at-build-time=*) INIT+=("-H:ClassInitialization=$(sed 's/,/:build_time,/g; s/$/:build_time/' <<<"${arg#*=}")") ;;
    *) die "native-image.properties in the class path asks for $arg, which this script does not pass on" ;;
    esac
done <"$WORK/jar-args.txt"
info "$(wc -l <"$WORK/reflect.txt") classes registered for reflection ($(jq '[.[].methods // [] | length] | add' \
    "$WORK/config/reflect-config.json") methods listed), $(jq length "$WORK/config/jni-config.json" 2>/dev/null ||
    echo 0) for JNI, ${#INIT[@]} class initialization options"
# A multi-release jar whose classes for newer JDKs call C through the FFM API (zstd-jni's for JDK 22+) is used
# without those: the builder takes the classes for its own JDK, and fails to compile their downcall handles
# ("unexpected input could not be handled: linkToNative"); the base classes call the same C through JNI.
IMAGECP=
for jar in "${jars[@]}"; do
    if unzip -Z1 "$jar" 2>/dev/null | grep -c '^META-INF/versions/.*[.]class$' >/dev/null &&
        unzip -p "$jar" 'META-INF/versions/*' 2>/dev/null | grep -ac 'java/lang/foreign/Linker' >/dev/null; then
        mkdir -p "$WORK/base-jars"
        cp "$jar" "$WORK/base-jars/"
        jar=$WORK/base-jars/$(basename "$jar")
        zip -q -d "$jar" 'META-INF/versions/*'
        info "$(basename "$jar"): without its FFM classes (META-INF/versions)"
    fi
    IMAGECP+=${IMAGECP:+:}$jar
done
# Netty's classes are initialized at build time (its jars ask for it), their static loggers with them: NettyLogging.java
# gives them loggers that find their SLF4J logger at run time (a build feature on the image's class path).
# The main classes of cli and both (Cli.java, Programs.java), on the image's class path with that feature.
FEATURES=() BUILDER_OPTS=() SOURCES=()
case $TARGET in cli) SOURCES=("$HERE/Cli.java") ;; both) SOURCES=("$HERE/Programs.java") ;; esac
NETTY=0
"$JAVA_HOME/bin/javap" -cp "$CP" io.netty.util.internal.logging.InternalLoggerFactory >/dev/null 2>&1 && NETTY=1
((NETTY)) && SOURCES+=("$HERE/NettyLogging.java")
rm -rf "$WORK/feature"
if ((${#SOURCES[@]})); then
    "$JAVA_HOME/bin/javac" -nowarn -cp "$WORK/jars/nativeimage-$GRAAL.jar:$CP" -d "$WORK/feature" "${SOURCES[@]}"
    IMAGECP=$WORK/feature:$IMAGECP
fi
if ((NETTY)); then
    FEATURES=(-H:Features=dev.jdock.nativeimage.NettyLogging -H:ClassInitialization=dev.jdock.nativeimage:build_time)
    # Netty (initialized in the builder) must pick its Unsafe-based direct-memory cleaner there: without Unsafe it
    # takes the FFM one, whose downcall handles (static fields) the builder cannot compile ("unexpected input could
    # not be handled: linkToNative"); that class is initialized at run time
    BUILDER_OPTS+=(--sun-misc-unsafe-memory-access=allow)
    FEATURES+=(-H:ClassInitialization=io.netty.util.internal.CleanerJava24Linker:run_time)
fi
LIBS=()
for lib in "${JDKLIBS[@]}"; do LIBS+=("$JAVA_HOME/lib/lib$lib.so"); done
LINK=("${LINKMODE[@]}" "$OUT/libjvm.so" "${LIBS[@]}" "-Wl,-rpath,\$ORIGIN:$JAVA_HOME/lib")
LINKOPTS=()
for o in "${LINK[@]}"; do LINKOPTS+=("-H:NativeLinkerOption=$o"); done
read -ra EXTRA <<<"${JDOCK_NATIVE_IMAGE_OPTS:-}"
rm -rf "$WORK/image"
mkdir -p "$WORK/tmp" "$WORK/image"
start=$SECONDS
JVMCI_VERSION_CHECK=ignore "$WORK/jdk/bin/java" -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI \
    -XX:-UseJVMCICompiler -Xmx$XMX -XX:+UseParallelGC -Dorg.graalvm.nativeimage.imagecode=buildtime \
    -Dorg.graalvm.version="$GRAAL" \
    -Dcom.oracle.graalvm.isaot=true -Djava.system.class.loader=com.oracle.svm.hosted.NativeImageSystemClassLoader \
    --enable-native-access=ALL-UNNAMED,org.graalvm.nativeimage.builder "@$WORK/access.args" "${BUILDER_OPTS[@]}" \
    --upgrade-module-path "$COMPILER" --module-path "$MODULES" --add-modules ALL-DEFAULT \
    -m org.graalvm.nativeimage.builder/com.oracle.svm.hosted.NativeImageGeneratorRunner \
    -imagecp "$IMAGECP" -H:Path="$WORK/image" -H:Name="$NAME" -H:Class="$MAIN" -H:ImageBuildID="$(cat /proc/sys/kernel/random/uuid)" \
    -H:CLibraryPath="$WORK/clib" -H:TempDirectory="$WORK/tmp" -H:-UseContainerSupport \
    -H:EnableNativeAccess=ALL-UNNAMED \
    -H:ConfigurationFileDirectories="$WORK/config" "${ROOTS[@]}" "${INIT[@]}" "${FEATURES[@]}" "${LINKOPTS[@]}" \
    "${OPTIMIZE[@]}" "${EXTRA[@]}" >"$WORK/native-image.log" 2>&1 || {
    grep -v '^WARNING' "$WORK/native-image.log" | tail -n 40 >&2
    die "native-image failed after $((SECONDS - start)) s (log: $WORK/native-image.log)"
}
# only the binary: the builder also writes stand-in libjava.so/libjvm.so there (for AWT, which the daemon's jars
# reach), which must not shadow the JDK's libjava.so and shim.c's libjvm.so in the binary's rpath ($ORIGIN)
cp "$WORK/image/$NAME" "$OUT/$NAME"
info "built $OUT/$NAME ($(du -h "$OUT/$NAME" | cut -f1)) in $((SECONDS - start)) s"
"$OUT/$NAME" --version >/dev/null || die "$OUT/$NAME --version fails"
if [[ $TARGET == both ]]; then
    ln -sfn "$NAME" "$OUT/jdock"
    "$OUT/jdock" --version | grep -q '^jdock version' || die "$OUT/jdock --version is not the CLI's"
fi
