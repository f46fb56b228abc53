#!/usr/bin/env bash
# Builds pghop's test-only native executable from the sources Quarkus writes for a native build
# (target/native-sources: native-image.args and the runner jar), with GraalVM's image builder run directly on the
# JDK, as the native-image driver would run it, and the toolchain of build-toolchain.sh.
#   build-runner.sh <jdk> <toolchain> <native-sources> <output directory>
set -euo pipefail
jdk=$1 toolchain=$2 sources=$(cd "$3" && pwd) out=$(mkdir -p "$4" && cd "$4" && pwd)
here=$(cd "$(dirname "$0")" && pwd)

args_file="$sources/native-image.args"
[ -f "$args_file" ] || { echo "native-test-build: $args_file is missing: run ./mvnw package -Dnative" \
    "-Dquarkus.native.sources-only=true first" >&2; exit 1; }

# native-image.args holds one option per word (Quarkus writes no quoting). Each is translated to what the
# native-image driver gives the builder: -J options go to the builder's JVM, the others become -H: options.
# (read reaches the end of the file, which Quarkus ends without a newline, and says so with status 1.)
read -r -d "" -a options <"$args_file" || true
jvm_options=()
builder_options=()
name="" jar=""
i=0
while [ $i -lt ${#options[@]} ]; do
    option=${options[$i]}
    case "$option" in
        -J*) jvm_options+=("${option#-J}") ;;
        -H:*) builder_options+=("$option") ;;
        --features=*) builder_options+=("-H:Features=${option#*=}") ;;
        --initialize-at-run-time=*)
            IFS=, read -r -a classes <<<"${option#*=}"
            for class in "${classes[@]}"; do builder_options+=("-H:ClassInitialization=$class:run_time"); done ;;
        --initialize-at-build-time=*)
            IFS=, read -r -a classes <<<"${option#*=}"
            for class in "${classes[@]}"; do builder_options+=("-H:ClassInitialization=$class:build_time"); done ;;
        --no-fallback) builder_options+=("-H:FallbackThreshold=0") ;;
        --link-at-build-time) builder_options+=("-H:LinkAtBuildTime=") ;;
        --enable-url-protocols=*) builder_options+=("-H:EnableURLProtocols=${option#*=}") ;;
        --enable-monitoring=*) builder_options+=("-H:EnableMonitoringFeatures=${option#*=}") ;;
        --enable-native-access=*) builder_options+=("-H:EnableNativeAccess=${option#*=}") ;;
        -jar) i=$((i + 1)); jar=${options[$i]} ;;
        -*) echo "native-test-build: $args_file has $option, which this build does not translate: add it to" \
                "$here/build-runner.sh" >&2; exit 1 ;;
        *) name=$option ;;
    esac
    i=$((i + 1))
done
[ -n "$name" ] && [ -n "$jar" ] || { echo "native-test-build: $args_file names no image and jar" \
    "(<name> -jar <jar>): is it from this Quarkus version?" >&2; exit 1; }

# The jar's manifest gives the main class and the class path (its lines wrap at 72 bytes).
manifest=$(unzip -p "$sources/$jar" META-INF/MANIFEST.MF | tr -d '\r' | sed ':a;N;$!ba;s/\n //g')
main_class=$(echo "$manifest" | sed -n 's/^Main-Class: *//p')
class_path="$sources/$jar"
for entry in $(echo "$manifest" | sed -n 's/^Class-Path: *//p'); do
    class_path="$class_path:$sources/$entry"
done
# The driver also grants the image what the jar's manifest asks for (Quarkus asks to open java.lang).
for module_package in $(echo "$manifest" | sed -n 's/^Add-Opens: *//p'); do
    builder_options+=("-H:AddOpens=$module_package=ALL-UNNAMED")
done
for module_package in $(echo "$manifest" | sed -n 's/^Add-Exports: *//p'); do
    builder_options+=("-H:AddExports=$module_package=ALL-UNNAMED")
done
if [ -n "$(echo "$manifest" | sed -n 's/^Enable-Native-Access: *//p')" ]; then
    jvm_options+=("--enable-native-access=ALL-UNNAMED")
fi

jars=$toolchain/jars
module_path=$(find "$jars" -name '*.jar' ! -name 'compiler-*.jar' | sort | paste -sd:)
access="$out/builder-module-access.args"
mkdir -p "$out"
"$jdk/bin/java" "$here/builder/BuilderModuleAccess.java" "$jars"/*.jar >"$access"

# The executable takes the JDK's shared libraries and the stand-in libjvm.so from lib/ beside it ($ORIGIN/lib),
# so that it keeps running when the toolchain's cache is cleared. --no-as-needed: the image finds some of the
# JDK's native methods by name at run time, where the linker sees no use of their library; the stand-in
# libjvm.so first, so that the JDK libraries after it find it loaded.
mkdir -p "$out/lib"
cp "$toolchain"/lib/*.so "$out/lib/"
link_options=("-H:NativeLinkerOption=-Wl,--no-as-needed")
for library in jvm java nio net zip extnet management_ext; do
    link_options+=("-H:NativeLinkerOption=$out/lib/lib$library.so")
done
link_options+=('-H:NativeLinkerOption=-Wl,-rpath,$ORIGIN/lib')

# The builder's heap: 6 GB links pghop in about 7 minutes on 2 cores; a machine with less memory to spare gets
# three quarters of what it has available (PGHOP_NATIVE_TEST_XMX sets it).
available_mb=$(awk '/^MemAvailable:/ { printf "%d", $2 / 1024 }' /proc/meminfo)
xmx=${PGHOP_NATIVE_TEST_XMX:-$(( available_mb * 3 / 4 < 6144 ? available_mb * 3 / 4 : 6144 ))m}

cd "$out"
echo "build-runner: GraalVM's image builder on $name ($jar), heap $xmx" >&2
JVMCI_VERSION_CHECK=ignore "$toolchain/jdk/bin/java" \
    -XX:+UseParallelGC -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI -XX:-UseJVMCICompiler \
    -Xss10m -Xmx"$xmx" -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
    -Dorg.graalvm.vendor=pghop-native-test -Dorg.graalvm.version=25.0.4 \
    '-Dorg.graalvm.vendorversion=GraalVM CE 25.0.4-pghop-native-test' -Dcom.oracle.graalvm.isaot=true -Dorg.graalvm.nativeimage.imagecode=buildtime \
    -Djava.system.class.loader=com.oracle.svm.hosted.NativeImageSystemClassLoader -Xshare:off \
    -Djdk.internal.lambda.disableEagerInitialization=true -Djdk.internal.lambda.eagerlyInitialize=false \
    -Djava.lang.invoke.InnerClassLambdaMetafactory.initializeLambdas=false \
    @"$access" "${jvm_options[@]}" \
    --add-modules=ALL-DEFAULT --module-path "$module_path" --upgrade-module-path "$jars"/compiler-*.jar \
    --module org.graalvm.nativeimage.builder/com.oracle.svm.hosted.NativeImageGeneratorRunner \
    -imagecp "$class_path" \
    -H:CLibraryPath="$toolchain/clibraries" -H:Path="$out" -H:Name="$name" -H:Class="$main_class" \
    -H:ImageBuildID="$(cat /proc/sys/kernel/random/uuid)" \
    -H:ConfigurationResourceRoots=META-INF/native-image -H:+UnlockExperimentalVMOptions \
    "${link_options[@]}" "${builder_options[@]}"
