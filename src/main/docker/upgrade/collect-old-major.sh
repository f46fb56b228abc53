#!/bin/sh
# Runs in the old major's postgres image: gathers what pghop upgrade needs of that major under OUT, laid out as in
# the image (/usr/lib/postgresql/<major>, /usr/share/postgresql/<major>), plus every shared library its programs
# and modules load, glibc's own excepted, in /usr/lib/postgresql/<major>/pghop-libraries. add-old-major.sh keeps
# only those the new image lacks.
#
# usage: collect-old-major.sh MAJOR OUT
set -eu
major=$1
out=$2
lib=/usr/lib/postgresql/$major
[ -x "$lib/bin/postgres" ] || { echo "collect-old-major: $lib/bin/postgres is missing: is this a postgres:$major image?" >&2; exit 1; }
mkdir -p "$out/usr/lib/postgresql" "$out/usr/share/postgresql"
cp -a "$lib" "$out/usr/lib/postgresql/"
cp -a "/usr/share/postgresql/$major" "$out/usr/share/postgresql/"
# No JIT for the old server: pghop and pg_upgrade only read its catalog, and LLVM would add some 100 MB.
rm -rf "$out$lib/lib/llvmjit.so" "$out$lib/lib/llvmjit_types.bc" "$out$lib/lib/bitcode"
staging=$out$lib/pghop-libraries
mkdir -p "$staging"
for file in "$out$lib"/bin/* "$out$lib"/lib/*.so; do
    ldd "$file" 2>/dev/null || true
done | awk '$2 == "=>" && $3 ~ /^\// { print $1, $3 }' | sort -u | while read -r soname path; do
    case $soname in
        libc.so.* | libm.so.* | libpthread.so.* | libdl.so.* | librt.so.* | libresolv.so.* | libutil.so.* | ld-linux*) ;;
        *) cp -L "$path" "$staging/$soname" ;;
    esac
done
