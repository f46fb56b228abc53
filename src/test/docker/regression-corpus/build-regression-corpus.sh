#!/usr/bin/env bash
# Builds the regression corpus: the database PostgreSQL's own regression suite leaves behind (`regression`), on an
# old server of each major, as a local image whose data directory already holds it. It is what pg_upgrade's
# cross-version test upgrades, and it holds nearly every kind of object the catalog has.
#
#   pghop-base/regression:<major>   pghop-base/postgres:<major> with a data directory in which the SQL scripts of
#                                   src/test/regress ran in parallel_schedule order: 13's own on 13, 15's own on 15,
#                                   and 15's on 12, 14, 16 and 17 (Debian serves no 12, 14, 16 or 17 source here)
#
# The source package comes from Debian's archive (`apt-get source`, bullseye for 13, bookworm for 15), fetched once
# into the cache directory; only src/test/regress is kept. Each test script runs through psql as pg_regress runs
# it (its environment, `-X -a -q`, the database settings it makes), without pg_regress and without the regress C
# library: scripts that need it fail in part, and what they leave is the corpus. Each test's output is kept in
# the cache directory (results-<major>/). The superuser is CORPUS_SUPERUSER, with md5 password CORPUS_PASSWORD.
#
# Each image carries the label dev.pghop.recipe, a hash of what made it; a matching one is kept, so a second run
# takes seconds.
#
# usage: src/test/docker/regression-corpus/build-regression-corpus.sh [MAJOR...]   (default: 13 15 17)
# Environment: PGHOP_CACHE_DIR (default ${XDG_CACHE_HOME:-~/.cache}/pghop), DEBIAN_MIRROR (default
# http://deb.debian.org/debian), CORPUS_SUPERUSER (default admin), CORPUS_PASSWORD (default corpus-admin).
# Needs a Docker engine, and what the local bases need (src/test/docker/local-bases/build-local-bases.sh, which
# this script runs first for the majors it uses).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${PGHOP_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pghop}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
superuser=${CORPUS_SUPERUSER:-admin}
password=${CORPUS_PASSWORD:-corpus-admin}
test_limit=600     # seconds one test script may take
start_limit=120    # seconds the server may take to accept connections
work=$(mktemp -d "${TMPDIR:-/var/tmp}/pghop-regression-corpus.XXXXXX")
server=""
export DOCKER_BUILDKIT=0

say() { printf 'build-regression-corpus: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }
cleanup() {
    if [ -n "$server" ]; then docker rm -f "$server" >/dev/null 2>&1 || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# The major whose source's regression scripts run on a server of this major.
source_major_of() {
    case $1 in
        13) echo 13 ;;
        12 | 14 | 15 | 16 | 17) echo 15 ;;
        *) die "no regression corpus for PostgreSQL $1: choose among 12 13 14 15 16 17" ;;
    esac
}

suite_of_source() { case $1 in 13) echo bullseye ;; 15) echo bookworm ;; esac; }

recipe_of() { docker image inspect -f '{{ index .Config.Labels "dev.pghop.recipe" }}' "$1" 2>/dev/null || true; }
image_id() { docker image inspect -f '{{ .Id }}' "$1"; }
hash_of() { sha256sum | cut -c1-16; }

# src/test/regress of Debian's postgresql-<major> source package, in the cache: downloaded with apt-get source in
# a container of the suite that serves it, then only the regression suite's schedule, scripts and data kept.
fetch_regress_sources() {
    local major=$1 suite dir="$cache/postgresql-$1-regress"
    [ -f "$dir/VERSION" ] && return 0
    suite=$(suite_of_source "$major")
    say "fetching the source of postgresql-$major from $suite (once, into $cache)"
    local download="$work/source-$major"
    mkdir -p "$download"
    docker run --rm -v "$download:/out" -w /out "pghop-base/debian:$suite" bash -c "
        printf 'deb-src %s %s main\n' '$mirror' '$suite' >> /etc/apt/sources.list
        apt-get update -qq && apt-get source --download-only -qq postgresql-$major" > "$download.log" 2>&1 \
        || { tail -20 "$download.log" >&2; die "apt-get source postgresql-$major ($suite) failed (log above)"; }
    local tarball top parts=()
    tarball=$(find "$download" -maxdepth 1 -name "postgresql-${major}_*.orig.tar.*" | head -1)
    [ -n "$tarball" ] || die "apt-get source postgresql-$major left no .orig tarball in $download"
    tar -tf "$tarball" > "$download/files"
    top=$(sed -n '1s|/.*||p' "$download/files")
    for part in parallel_schedule sql data input; do
        if grep -q "^$top/src/test/regress/$part" "$download/files"; then parts+=("$top/src/test/regress/$part"); fi
    done
    rm -rf "$dir.partial"
    mkdir -p "$dir.partial"
    tar -xf "$tarball" -C "$dir.partial" --strip-components=4 "${parts[@]}"
    echo "${top#postgresql-}" > "$dir.partial/VERSION"
    chmod -R a+rX "$dir.partial"
    mv "$dir.partial" "$dir"
}

# The scripts as pg_regress would run them: 13's input/*.source with its @...@ paths filled in.
prepare_scripts() {
    local sources=$1 to=$2 source name
    cp -r "$sources/." "$to"
    for source in "$to"/input/*.source; do
        [ -e "$source" ] || continue
        name=$(basename "$source" .source)
        sed -e 's|@abs_srcdir@|/regress|g' -e 's|@abs_builddir@|/regress-build|g' -e 's|@libdir@|/regress-lib|g' \
            -e 's|@DLSUFFIX@|.so|g' -e 's|@testtablespace@|/regress-build/testtablespace|g' "$source" \
            > "$to/sql/$name.sql"
    done
    chmod -R a+rX "$to"
}

# psql of the scripts' major, in the server container's network, with pg_regress's environment.
psql_beside() {
    local image=$1
    shift
    docker run --rm -i --network "container:$server" -v "$work/regress:/regress:ro" \
        -v "$work/build:/regress-build" -v "$work/results:/results" -v "$here/run-schedule.sh:/run-schedule.sh:ro" \
        -e TEST_LIMIT="$test_limit" \
        -e PGHOST=127.0.0.1 -e PGUSER="$superuser" -e PGPASSWORD="$password" -e PGDATABASE=postgres \
        -e PGTZ=America/Los_Angeles -e PGDATESTYLE='Postgres, MDY' -e LC_MESSAGES=C \
        -e PG_ABS_SRCDIR=/regress -e PG_ABS_BUILDDIR=/regress-build -e PG_LIBDIR=/regress-lib -e PG_DLSUFFIX=.so \
        --entrypoint bash "$image" "$@"
}

wait_for_server() {
    local image=$1 waited=0
    until psql_beside "$image" -c 'psql -XAtqc "SELECT 1" >/dev/null 2>&1'; do
        waited=$((waited + 2))
        [ "$waited" -lt "$start_limit" ] || { docker logs --tail 30 "$server" >&2;
            die "the server did not accept connections within $start_limit s (its log above)"; }
        sleep 2
    done
}

build_corpus() {
    local major=$1 source_major sources image="pghop-base/regression:$1" key version
    source_major=$(source_major_of "$major")
    fetch_regress_sources "$source_major"
    sources="$cache/postgresql-$source_major-regress"
    version=$(cat "$sources/VERSION")
    key=$( { cat "$0" "$here/corpus.Dockerfile" "$here/run-schedule.sh"; echo "$major $version $superuser $password";
        image_id "pghop-base/postgres:$major"; image_id "pghop-base/postgres:$source_major"; } | hash_of)
    if [ "$(recipe_of "$image")" = "$key" ]; then
        say "$image is up to date"
        return 0
    fi
    say "building $image: the regression scripts of $version on PostgreSQL $major (a few minutes)"
    local started=$SECONDS
    rm -rf "$work/regress" "$work/build" "$work/results" "$work/image/pgdata"
    mkdir -p "$work/regress" "$work/build/results" "$work/build/testtablespace" "$work/results" "$work/image/pgdata"
    prepare_scripts "$sources" "$work/regress"
    chmod 777 "$work/build" "$work/build/results" "$work/results"
    chown 999:999 "$work/build/testtablespace"   # the server's user makes it a tablespace
    server="pghop-regression-corpus-$major-$$"
    docker run -d --name "$server" -v "$work/image/pgdata:/var/lib/postgresql/data" \
        -v "$work/regress:/regress:ro" -v "$work/build:/regress-build" \
        -e POSTGRES_USER="$superuser" -e POSTGRES_PASSWORD="$password" -e POSTGRES_HOST_AUTH_METHOD=md5 \
        -e POSTGRES_INITDB_ARGS=--auth-host=md5 "pghop-base/postgres:$major" \
        postgres -c fsync=off -c password_encryption=md5 >/dev/null
    wait_for_server "pghop-base/postgres:$source_major"
    psql_beside "pghop-base/postgres:$source_major" /run-schedule.sh >&2 \
        || die "could not create the database regression on PostgreSQL $major (output above)"
    leftover_tablespaces "pghop-base/postgres:$source_major"
    docker stop -t 60 "$server" >/dev/null
    docker rm "$server" >/dev/null
    server=""
    rm -rf "$cache/results-$major"
    cp -r "$work/results" "$cache/results-$major"
    cp "$here/corpus.Dockerfile" "$work/image/Dockerfile"
    docker build -q --label "dev.pghop.recipe=$key" --label "dev.pghop.regression-sql=$version" \
        --build-arg "SERVER_IMAGE=pghop-base/postgres:$major" -t "$image" "$work/image" \
        > "$work/build.log" 2>&1 || { tail -30 "$work/build.log" >&2; die "docker build of $image failed (log above)"; }
    say "$image built in $((SECONDS - started)) s; each test's output is in $cache/results-$major"
}

# A tablespace left by a failed test would point outside the data directory the image keeps.
leftover_tablespaces() {
    local left
    left=$(psql_beside "$1" -c "psql -XAtq -c \"SELECT string_agg(spcname, ', ') FROM pg_tablespace
        WHERE spcname NOT IN ('pg_default', 'pg_global')\"")
    [ -z "$left" ] || die "the regression scripts left the tablespace(s) $left, whose files lie outside the data directory"
}

main() {
    docker info >/dev/null 2>&1 || die "no Docker engine answers: start dockerd (bin/test starts one)"
    local majors=("$@") major
    [ ${#majors[@]} -gt 0 ] || majors=(13 15 17)
    mkdir -p "$cache"
    local bases=()
    for major in "${majors[@]}"; do
        bases+=("$major" "$(source_major_of "$major")")
    done
    # The local bases the corpora run on (seconds when they are up to date).
    "$here/../local-bases/build-local-bases.sh" $(printf '%s\n' "${bases[@]}" | sort -u)
    for major in "${majors[@]}"; do
        build_corpus "$major"
    done
}

main "$@"
