#!/usr/bin/env bash
# The in-place benchmark: a PostgreSQL 13 cluster upgraded to 15 on its own volume, at several sizes, every way
# side by side, alternating, in one run, each way on a fresh copy of the same cluster:
#   pghop-link   pghop upgrade, TRANSFER=link: the whole run, checks, proof and swap included, to a new cluster
#                ready for its Deployment
#   pghop-copy   the same with TRANSFER=copy
#   bare-link    what pghop replaces, by hand: initdb, pg_upgrade --link, the new server started, the first stage of
#                an analyze in stages (vacuumdb --analyze-only at statistics target 1), stopped
#   bare-copy    the same, copying
#   migrate      pghop migrate from the old cluster, running, into a fresh, durable PostgreSQL 15 (no dump file)
# Everything runs in the upgrade image of 15 (the old cluster is made and filled by 13's programs in it, so both
# sort text by the same glibc, as the official images of two majors do) and pghop's image of 15; the data is
# bench/generate.sh's at each SCALE (about SCALE x 340 MB on 13) plus 400 small tables. Prints medians, each way's
# ratio to bare-link at its size, and the ratios the in-place upgrade is held to.
#
#   bench/inplace.sh [RUNS=3] [SCALES="4 18"] [METHODS="pghop-link bare-link pghop-copy bare-copy migrate"]
#
# Needs a Docker engine and root (it builds the local base images, as the image tests do); BASE_IMAGE=postgres
# and JRE_IMAGE build on the official images instead. PGHOP_NATIVE=<executable> runs a native pghop (e.g. the one
# bin/native-test-build links) in the images instead of the JVM build.
set -euo pipefail
RUNS=${1:-3}
SCALES=${2:-4 18}
METHODS=${3:-pghop-link bare-link pghop-copy bare-copy migrate}
JOBS=${JOBS:-2}
source "$(dirname "$0")/lib.sh"

OLD=13 NEW=15
IMAGE=pghop-bench VERSION=bench
UPGRADE=$IMAGE:$VERSION-jvm-upgrade-pg$NEW
PGHOP=$IMAGE:$VERSION-jvm-pg$NEW
NET=pghop-bench-net
PW=bench-old-pw NEW_PW=bench-new-pw
DATA=/var/lib/postgresql/data
PGDATA=$DATA/pgdata
PORT=${BENCH_PORT:-55432}
volumes=()

cleanup() {
    docker rm -f pghop-bench-old pghop-bench-new >/dev/null 2>&1 || true
    for v in "${volumes[@]}"; do docker volume rm -f "$v" >/dev/null 2>&1 || true; done
    docker network rm "$NET" >/dev/null 2>&1 || true
    [ -n "${BENCH_KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

build_images() {
    ensure_built
    if [ -z "${BASE_IMAGE:-}" ]; then
        "$ROOT/src/test/docker/local-bases/build-local-bases.sh" "$OLD" "$NEW" >&2
    fi
    env IMAGE=$IMAGE PGHOP_VERSION=$VERSION BASE_IMAGE="${BASE_IMAGE:-pghop-base/postgres}" \
        JRE_IMAGE="${JRE_IMAGE:-pghop-base/jre}" UPGRADE_FROM=$OLD \
        "$ROOT/src/main/docker/build-images.sh" --jvm --prebuilt --upgrade "$NEW" >/dev/null 2>&1
}

native=()
[ -z "${PGHOP_NATIVE:-}" ] || native=(-v "$(realpath "$PGHOP_NATIVE"):/usr/local/bin/pghop:ro")

volume() { # volume NAME: a new volume, removed at the end
    docker volume create "$1" >/dev/null
    volumes+=("$1")
}

old_server() { # old_server VOLUME [ARGS...]: PostgreSQL 13 of the upgrade image on the volume, on 127.0.0.1:$PORT
    local v=$1; shift
    docker run -d --name pghop-bench-old --network "$NET" --network-alias old -p "127.0.0.1:$PORT:5432" \
        -v "$v:$DATA" --entrypoint /usr/lib/postgresql/$OLD/bin/postgres "$UPGRADE" -D "$PGDATA" \
        -c listen_addresses='*' -c max_wal_size=4GB -c shared_buffers=256MB "$@" >/dev/null
    for _ in $(seq 120); do
        PGPASSWORD=$PW psql -h 127.0.0.1 -p "$PORT" -U admin -d postgres -Atqc 'select 1' >/dev/null 2>&1 && return 0
        sleep 0.5
    done
    docker logs pghop-bench-old >&2; return 1
}

stop_old() { docker stop -t 120 pghop-bench-old >/dev/null; docker rm pghop-bench-old >/dev/null; }

# The cluster every way starts from, at one SCALE, in volume $1: 13's initdb (local trust, md5 over TCP), the data,
# 400 small tables, stopped cleanly.
make_cluster() {
    local v=$1 scale=$2
    volume "$v"
    docker run --rm -v "$v:$DATA" --entrypoint bash "$UPGRADE" -c "printf '%s\n' '$PW' > /tmp/pw &&
        /usr/lib/postgresql/$OLD/bin/initdb -D $PGDATA -U admin --pwfile=/tmp/pw --auth-local=trust \
        --auth-host=md5 -E UTF8 >/dev/null && echo \"host all all all md5\" >> $PGDATA/pg_hba.conf" >&2
    old_server "$v" -c fsync=off
    PGPASSWORD=$PW "$ROOT/bench/generate.sh" 127.0.0.1 "$PORT" admin "$scale"
    PGPASSWORD=$PW psql -q -h 127.0.0.1 -p "$PORT" -U admin -d bench_accounts -c "do \$\$ begin for i in 1..400 loop
        execute format('create table small_%s (id int primary key, v text)', i);
        execute format('insert into small_%s select g, ''row '' || g from generate_series(1, 50) g', i);
        end loop; end \$\$"
    SIZE=$(PGPASSWORD=$PW psql -h 127.0.0.1 -p "$PORT" -U admin -d postgres -Atc \
        "select pg_size_pretty(sum(pg_database_size(datname))) from pg_database")
    stop_old
}

copy_of() { # copy_of SOURCE TARGET: a fresh copy of the cluster, owners and modes kept, written to disk
    volume "$2"
    docker run --rm --user root -v "$1:/from:ro" -v "$2:/to" --entrypoint sh "$UPGRADE" -c 'cp -a /from/. /to/'
    sync
}

bare() { # bare MODE: initdb, pg_upgrade, the first analyze stage, as a person would type them
    local flag=; [ "$1" = link ] && flag=--link
    echo "set -e; B=/usr/lib/postgresql/$NEW/bin; N=$DATA/pgdata.new
        \$B/initdb -D \$N -U admin -A trust -E UTF8 --no-sync >/dev/null
        cd /tmp && \$B/pg_upgrade -b /usr/lib/postgresql/$OLD/bin -B \$B -d $PGDATA -D \$N -U admin -j $JOBS $flag \
            >/dev/null
        \$B/pg_ctl -D \$N -w -l /tmp/new.log -o \"-c listen_addresses=''\" start >/dev/null
        PGOPTIONS='-c default_statistics_target=1 -c vacuum_cost_delay=0' \$B/vacuumdb -h /var/run/postgresql \
            -U admin --all --analyze-only -j $JOBS >/dev/null
        \$B/pg_ctl -D \$N -w stop >/dev/null"
}

run_method() { # run_method METHOD VOLUME SCALE
    local m=$1 v=$2 out="$WORK/$1-$3.t"
    case $m in
        pghop-link | pghop-copy)
            timed "$out" docker run --rm -v "$v:$DATA" "${native[@]}" -e PGDATA=$PGDATA -e TRANSFER="${m#pghop-}" \
                -e JOBS="$JOBS" -e PROGRESS_INTERVAL=60 "$UPGRADE" upgrade >>"$WORK/$m.log" 2>&1 ;;
        bare-link | bare-copy)
            timed "$out" docker run --rm -v "$v:$DATA" --entrypoint bash "$UPGRADE" -c "$(bare "${m#bare-}")" \
                >>"$WORK/$m.log" 2>&1 ;;
        migrate)
            old_server "$v"
            volume "$v-new"
            docker run -d --name pghop-bench-new --network "$NET" --network-alias new -v "$v-new:$DATA" \
                -e POSTGRES_USER=pg-$NEW-admin -e POSTGRES_PASSWORD=$NEW_PW \
                "${BASE_IMAGE:-pghop-base/postgres}:$NEW" >/dev/null
            until docker logs pghop-bench-new 2>&1 | grep -c 'ready to accept connections' | grep -q 2; do
                sleep 0.5
            done
            local env=(-e PG_HOST=old -e PG_USER=admin -e PG_PASS=$PW -e NEW_PG_HOST=new -e NEW_PG_USER=pg-$NEW-admin
                -e NEW_PG_PASS=$NEW_PW -e JOBS="$JOBS" -e PROGRESS_INTERVAL=60)
            timed "$out" docker run --rm --network "$NET" "${native[@]}" "${env[@]}" "$PGHOP" migrate \
                >>"$WORK/$m.log" 2>&1
            docker run --rm --network "$NET" "${native[@]}" "${env[@]}" -e VERIFY_DATA=counts "$PGHOP" verify \
                >>"$WORK/$m.log" 2>&1 || { log "migrate: verify found differences (see $WORK/$m.log)"; exit 1; }
            docker rm -f pghop-bench-new >/dev/null
            stop_old ;;
        *) log "unknown method $m"; exit 2 ;;
    esac
}

spread() { # spread FILE BASE: the lowest and highest run-by-run ratio of FILE's times to BASE's, in run order
    paste -d' ' <(cut -d' ' -f1 "$1") <(cut -d' ' -f1 "$2") | awk '{r = $1 / $2; if (NR == 1 || r < lo) lo = r;
        if (NR == 1 || r > hi) hi = r} END {printf "%.2f-%.2f", lo, hi}'
}

log "building the images (pghop $VERSION, upgrade image of $NEW carrying $OLD)"
build_images
docker network create "$NET" >/dev/null 2>&1 || true
methods=($METHODS)
sizes=()
for scale in $SCALES; do
    log "SCALE=$scale: making the PostgreSQL $OLD cluster"
    make_cluster "pghop-bench-golden-$scale" "$scale"
    sizes+=("$SIZE")
    log "SCALE=$scale: the cluster holds $SIZE"
    for run in $(seq 1 "$RUNS"); do
        order=("${methods[@]:$(( (run - 1) % ${#methods[@]} ))}" "${methods[@]:0:$(( (run - 1) % ${#methods[@]} ))}")
        for m in "${order[@]}"; do
            log "SCALE=$scale, run $run of $RUNS: $m"
            copy_of "pghop-bench-golden-$scale" "pghop-bench-work"
            run_method "$m" pghop-bench-work "$scale"
            docker volume rm -f pghop-bench-work pghop-bench-work-new >/dev/null 2>&1 || true
        done
    done
    docker volume rm -f "pghop-bench-golden-$scale" >/dev/null
done

i=0
for scale in $SCALES; do
    printf '\nPostgreSQL %s -> %s, %s (SCALE=%s), %s runs, JOBS=%s; medians in seconds\n' "$OLD" "$NEW" \
        "${sizes[$i]}" "$scale" "$RUNS" "$JOBS"
    printf '%-11s %8s %13s %16s  %s\n' method median "vs bare-link" "(run by run)" "each run"
    base="$WORK/bare-link-$scale.t"
    for m in "${methods[@]}"; do
        t=$(median_col "$WORK/$m-$scale.t" 1)
        printf '%-11s %8s %13s %16s  %s\n' "$m" "$t" "$(ratio "$t" "$(median_col "$base" 1)")" \
            "$(spread "$WORK/$m-$scale.t" "$base")" "$(cut -d' ' -f1 "$WORK/$m-$scale.t" | paste -sd' ')"
    done
    i=$((i + 1))
done
first=${SCALES%% *} last=${SCALES##* }
link_small=$(median_col "$WORK/pghop-link-$first.t" 1)
link_large=$(median_col "$WORK/pghop-link-$last.t" 1)
printf '\npghop-link at SCALE=%s vs at SCALE=%s: %s (goal: at most 1.3)\n' "$last" "$first" \
    "$(ratio "$link_large" "$link_small")"
for scale in $SCALES; do
    printf 'pghop-link vs bare-link at SCALE=%s: %s (goal: at most 1.5)\n' "$scale" \
        "$(ratio "$(median_col "$WORK/pghop-link-$scale.t" 1)" "$(median_col "$WORK/bare-link-$scale.t" 1)")"
done
if [ -f "$WORK/migrate-$last.t" ]; then
    printf 'pghop-link vs migrate at SCALE=%s: %s (goal: at most 0.15)\n' "$last" \
        "$(ratio "$link_large" "$(median_col "$WORK/migrate-$last.t" 1)")"
fi
