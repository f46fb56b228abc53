#!/usr/bin/env bash
# Makes the toolchain of pghop's test-only native build, once per recipe, and prints its directory:
#   jars/         GraalVM's image builder, as Maven Central serves it (builder/pom.xml)
#   clibraries/   what the builder links into the image: the C pieces written here (clib/: libchelper,
#                 libsvm_container, libjvm) and their headers, and stand-ins for the JDK's static libraries,
#                 which the builder asks for by name: each only hands JNI_OnLoad_<name> to the shared library
#   jdk/          the JDK the builder runs on: a copy (hard links where it can) with the builder's own helper
#                 library added where the builder looks for it
#   lib/          the JDK's own shared libraries (libjava, libnio, ...) that the image links against instead,
#                 next to a stand-in libjvm.so for them
# The directory is named for a hash of everything above and of the JDK, under $PGHOP_NATIVE_TEST_CACHE (default
# ~/.cache/pghop/native-test), outside target/: a clean build keeps it, a changed recipe makes a new one (and
# removes the older ones).
#   build-toolchain.sh <jdk>
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
project=$(cd "$here/../../.." && pwd)
jdk=$1
cache=${PGHOP_NATIVE_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pghop/native-test}

# The JDK libraries the image may call into: the builder's built-in ones and those pghop's code reaches.
jdk_libraries=(java nio net zip extnet management_ext)
static_stand_ins=(java nio net zip extnet management_ext fdlibm)

recipe=$( (cd "$here" && find builder clib build-toolchain.sh -type f | LC_ALL=C sort | xargs sha256sum) ;
    sha256sum "$jdk/release"; echo "${jdk_libraries[*]} ${static_stand_ins[*]}")
key=$(echo "$recipe" | sha256sum | cut -c1-16)
toolchain="$cache/toolchain-$key"
if [ -f "$toolchain/complete" ]; then
    echo "$toolchain"
    exit 0
fi

for tool in gcc ar nm; do
    command -v "$tool" >/dev/null || { echo "native-test-build: $tool is missing: install gcc and binutils" >&2; exit 1; }
done
mkdir -p "$cache"
work=$(mktemp -d "$cache/.toolchain-$key.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "native-test-build: making the toolchain in $toolchain (once per recipe)" >&2

"$project/mvnw" -B -q -f "$here/builder/pom.xml" dependency:copy-dependencies -DoutputDirectory="$work/jars" >&2

clib=$here/clib
cflags=(-O2 -fPIC -Wall -Wextra -Werror -I"$clib/include" -I"$jdk/include" -I"$jdk/include/linux")
mkdir -p "$work/obj" "$work/clibraries/include" "$work/lib"
cp "$clib"/include/*.h "$work/clibraries/include/"
compile() { # compile <object> <source>
    gcc "${cflags[@]}" -c "$2" -o "$work/obj/$1"
}
for source in "$clib"/chelper/*.c; do compile "chelper-$(basename "$source" .c).o" "$source"; done
compile container.o "$clib/container/cgroup_limits.c"
compile jvm.o "$clib/jvm/jvm_functions.c"
ar rcs "$work/clibraries/liblibchelper.a" "$work"/obj/chelper-*.o
ar rcs "$work/clibraries/libsvm_container.a" "$work/obj/container.o"
ar rcs "$work/clibraries/libjvm.a" "$work/obj/jvm.o"
# Each JDK library's stand-in archive holds only its JNI_OnLoad_<name>, which calls the shared library's.
for name in "${static_stand_ins[@]}"; do
    gcc "${cflags[@]}" -DJDK_LIBRARY="$name" -c "$clib/jdk/onload_forward.c" -o "$work/obj/onload-$name.o"
    ar rcs "$work/clibraries/lib$name.a" "$work/obj/onload-$name.o"
done

for name in "${jdk_libraries[@]}"; do
    cp "$jdk/lib/lib$name.so" "$work/lib/"
done
"$clib/jvm/make-stand-in-stubs.sh" "$work/obj/jvm.o" "$work/obj/jvm_stubs.c" "$work/obj/libjvm.map" "$work"/lib/lib*.so
gcc "${cflags[@]}" -c "$work/obj/jvm_stubs.c" -o "$work/obj/jvm_stubs.o"
gcc -shared -o "$work/lib/libjvm.so" -Wl,-soname,libjvm.so -Wl,--version-script="$work/obj/libjvm.map" \
    "$work/obj/jvm.o" "$work/obj/jvm_stubs.o" -ldl

# The builder looks for its helper below java.home: the JDK is copied (as hard links, which cost no room, when
# the cache is on the JDK's file system) so that nothing is added to the installed JDK.
cp -al "$jdk" "$work/jdk" 2>/dev/null || { rm -rf "$work/jdk"; cp -a "$jdk" "$work/jdk"; }
mkdir -p "$work/jdk/lib/svm/builder/lib"
gcc "${cflags[@]}" -shared -o "$work/jdk/lib/svm/builder/lib/libreporterchelper.so" "$clib/builder/reporter_chelper.c"

rm -rf "$work/obj"
echo "$recipe" >"$work/recipe"
touch "$work/complete"
rm -rf "$toolchain"
mv "$work" "$toolchain"
trap - EXIT
# A toolchain of an older recipe is of no further use.
find "$cache" -mindepth 1 -maxdepth 1 -name 'toolchain-*' ! -name "toolchain-$key" -exec rm -rf {} +
echo "$toolchain"
