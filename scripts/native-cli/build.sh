#!/usr/bin/env bash
# Build the jdock CLI as a GraalVM native image without a GraalVM distribution: the builder's jars come from Maven
# Central (org.graalvm.nativeimage:svm and its dependencies), the JVM that runs them is a stock JDK 25 (JVMCI module
# jdk.internal.vm.ci), and what only the distribution ships is made here (docs/performance.md, "A native CLI"):
#   - the C headers the builder compiles against (CHeaders.java, from the svm jar's @CStruct interfaces);
#   - GraalVM's libchelper + libjvm as one libjvm.so (shim.c; the JVM_ functions nobody calls abort);
#   - no static JDK libraries (libjava.a...): the image links the JDK's own shared libjava/libnio/libnet/libzip.
# The binary needs that JDK's lib/*.so at run time (rpath) and libjvm.so beside it.
#
#   scripts/native-cli/build.sh JAVA CLASSPATH OUTDIR     -> OUTDIR/jdock, OUTDIR/libjvm.so
#
# Exits 2 (with the reason) when this machine cannot build it: JAVA not JDK 25 with JVMCI, no gcc/nm/zlib, the
# GraalVM jars not resolvable. Takes minutes (4-8 on 2 cores) and ~1.5 GB of memory.
# Environment: JDOCK_GRAAL_VERSION (default 25.0.4), JDOCK_NATIVE_WORK (scratch dir; default a temporary one).
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)

(($# == 3)) || die "usage: $0 JAVA CLASSPATH OUTDIR"
JAVA=$1 CP=$2 OUT=$3
GRAAL=${JDOCK_GRAAL_VERSION:-25.0.4}
MAIN=dev.jdock.cli.Jdock
cannot() { warn "no native CLI: $*"; exit 2; }

# ------------------------------------------------------------------------------------------ can this machine?
JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$JAVA")")")
major=$("$JAVA" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print v[1]; exit}')
[[ $major == 25 ]] || cannot "$JAVA is JDK $major; the GraalVM $GRAAL builder needs JDK 25"
"$JAVA" --list-modules 2>/dev/null | grep -q '^jdk.internal.vm.ci@' || cannot "$JAVA has no JVMCI module"
for tool in gcc nm; do command -v "$tool" >/dev/null || cannot "no $tool"; done
for lib in java nio net zip extnet; do [[ -r $JAVA_HOME/lib/lib$lib.so ]] || cannot "no $JAVA_HOME/lib/lib$lib.so"; done
echo 'int main(void){return 0;}' | gcc -x c - -o /dev/null -lz 2>/dev/null || cannot "gcc cannot link -lz (zlib1g-dev)"

WORK=${JDOCK_NATIVE_WORK:-$(mktemp -d /var/tmp/jdock-native.XXXXXX)}
[[ -n ${JDOCK_NATIVE_WORK:-} ]] || trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK" "$OUT"

# ------------------------------------------------------------------------------------------ the builder's jars
section "native CLI: GraalVM $GRAAL builder jars (Maven Central)"
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
nm -D --undefined-only "$JAVA_HOME"/lib/lib{java,nio,net,zip,extnet}.so | grep -o 'JVM_[A-Za-z0-9_]*' | sort -u |
    comm -23 - <(grep -o '^JVM_[A-Za-z0-9_]* (' "$HERE/shim.c" | grep -o 'JVM_[A-Za-z0-9_]*' | sort -u) |
    awk '{ printf "void %s(void) { fputs(\"jdock: %s is not supported", $1, $1
           print " in the native CLI\\n\", stderr); abort(); }" }' \
        >"$WORK/stubs.c"
sed -i '1i #include <stdio.h>\n#include <stdlib.h>' "$WORK/stubs.c"
echo 'SUNWprivate_1.1 { global: *; };' >"$WORK/shim.map" # the symbol version libjava & co. ask for
gcc "${CFLAGS[@]}" -shared -Wl,-soname,libjvm.so -Wl,--version-script,"$WORK/shim.map" -o "$OUT/libjvm.so" \
    "$HERE/shim.c" "$WORK/stubs.c" -lpthread -ldl

# ------------------------------------------------------------------------------------------ the image
section "native CLI: native-image (minutes)"
TARGETS=org.graalvm.nativeimage.base,org.graalvm.nativeimage.builder,org.graalvm.nativeimage.pointsto
TARGETS+=,org.graalvm.nativeimage.objectfile,org.graalvm.nativeimage.configure,jdk.graal.compiler
# the builder's access to JDK internals, which the native-image driver grants it: every package of these modules
"$WORK/jdk/bin/jimage" list "$JAVA_HOME/lib/modules" | awk -v t="$TARGETS" '
    /^Module: / { m = $2; next }
    m ~ /^(java\.base|jdk\.internal\..*|java\.management|jdk\.management|jdk\.jfr|jdk\.unsupported)$/ &&
    /\.class$/ { sub(/^ +/, ""); if (sub(/\/[^\/]*$/, "") && $0 !~ /META-INF/) { gsub(/\//, "."); p[m "/" $0] = 1 } }
    END { for (k in p) { print "--add-exports=" k "=" t; print "--add-opens=" k "=" t } }' >"$WORK/access.args"
# Reflection: every jdock class in full (Jackson databind binds some of them); resources: the completion scripts.
mkdir -p "$WORK/config"
tr ':' '\n' <<<"$CP" | while read -r jar; do "$JAVA_HOME/bin/jar" tf "$jar" 2>/dev/null || true; done |
    sed -n 's#^\(dev/jdock/.*\)\.class$#\1#p' | tr / . | sort -u >"$WORK/classes.txt"
awk 'BEGIN { printf "[" } {
        printf "%s{\"name\":\"%s\",", (NR > 1 ? "," : ""), $0
        printf "\"allDeclaredConstructors\":true,\"allDeclaredMethods\":true,\"allDeclaredFields\":true,"
        printf "\"allPublicConstructors\":true,\"allPublicMethods\":true,\"allPublicFields\":true}" }
    END { print "]" }' "$WORK/classes.txt" >"$WORK/config/reflect-config.json"
echo '{"resources":{"includes":[{"pattern":"dev/jdock/.*"}]}}' >"$WORK/config/resource-config.json"
# jdock's interfaces are initialized at build time (none has a static initializer): the builder stores their
# non-capturing lambdas in the image heap, which it refuses for a type initialized at run time
mapfile -t INIT < <(xargs "$JAVA_HOME/bin/javap" -cp "$CP" <"$WORK/classes.txt" 2>/dev/null |
    sed -n 's/^[a-z ]*interface \([^ <]*\).*/-H:ClassInitialization=\1:build_time/p')
info "$(wc -l <"$WORK/classes.txt") classes registered for reflection, ${#INIT[@]} interfaces initialized at build time"
LIBS=()
for lib in java nio net zip extnet; do LIBS+=("$JAVA_HOME/lib/lib$lib.so"); done
LINK=("$OUT/libjvm.so" "${LIBS[@]}" "-Wl,-rpath,\$ORIGIN:$JAVA_HOME/lib")
LINKOPTS=()
for o in "${LINK[@]}"; do LINKOPTS+=("-H:NativeLinkerOption=$o"); done
mkdir -p "$WORK/tmp"
start=$SECONDS
JVMCI_VERSION_CHECK=ignore "$WORK/jdk/bin/java" -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI \
    -XX:-UseJVMCICompiler -Xmx2g -XX:+UseParallelGC -Dorg.graalvm.nativeimage.imagecode=buildtime \
    -Dorg.graalvm.version="$GRAAL" \
    -Dcom.oracle.graalvm.isaot=true -Djava.system.class.loader=com.oracle.svm.hosted.NativeImageSystemClassLoader \
    --enable-native-access=ALL-UNNAMED,org.graalvm.nativeimage.builder "@$WORK/access.args" \
    --upgrade-module-path "$COMPILER" --module-path "$MODULES" --add-modules ALL-DEFAULT \
    -m org.graalvm.nativeimage.builder/com.oracle.svm.hosted.NativeImageGeneratorRunner \
    -imagecp "$CP" -H:Path="$OUT" -H:Name=jdock -H:Class="$MAIN" -H:ImageBuildID="$(cat /proc/sys/kernel/random/uuid)" \
    -H:CLibraryPath="$WORK/clib" -H:TempDirectory="$WORK/tmp" -H:-UseContainerSupport \
    -H:EnableNativeAccess=ALL-UNNAMED \
    -H:ConfigurationFileDirectories="$WORK/config" "${INIT[@]}" "${LINKOPTS[@]}" >"$WORK/native-image.log" 2>&1 || {
    grep -v '^WARNING' "$WORK/native-image.log" | tail -n 40 >&2
    die "native-image failed after $((SECONDS - start)) s (log: $WORK/native-image.log)"
}
info "built $OUT/jdock ($(du -h "$OUT/jdock" | cut -f1)) in $((SECONDS - start)) s"
"$OUT/jdock" --version >/dev/null || die "$OUT/jdock --version fails"
