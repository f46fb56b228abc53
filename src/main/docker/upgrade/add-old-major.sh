#!/bin/sh
# Runs in the upgrade image once the old major's files are copied in (collect-old-major.sh): keeps the old major's
# libraries only where this image has no library of that name (the same soname means a compatible library, and the
# image's own is newer), registers them with the dynamic linker, and proves the old major's programs start here.
#
# usage: add-old-major.sh MAJOR
set -eu
major=$1
lib=/usr/lib/postgresql/$major
staging=$lib/pghop-libraries
for file in "$staging"/*; do
    [ -e "$file" ] || continue
    soname=$(basename "$file")
    if ldconfig -p | grep -q "^[[:space:]]$soname "; then
        rm "$file"
    fi
done
if [ -n "$(ls -A "$staging")" ]; then
    echo "$staging" > "/etc/ld.so.conf.d/pghop-postgresql-$major.conf"
    echo "add-old-major: PostgreSQL $major keeps its own $(ls "$staging" | tr '\n' ' ')" >&2
else
    rmdir "$staging"
fi
ldconfig
missing=$(for file in "$lib"/bin/* "$lib"/lib/*.so; do ldd "$file" 2>/dev/null || true; done | grep 'not found' | sort -u)
if [ -n "$missing" ]; then
    echo "add-old-major: PostgreSQL $major's programs cannot load: $missing" >&2
    exit 1
fi
for program in postgres pg_ctl pg_controldata; do
    "$lib/bin/$program" --version | grep -q " $major\." || { echo "add-old-major: $lib/bin/$program is not PostgreSQL $major" >&2; exit 1; }
done
