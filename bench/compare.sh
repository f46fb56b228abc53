#!/usr/bin/env bash
# The downtime benchmark: every way to move a generated PG12 cluster of several databases (SCALE x ~400 MB) into a
# fresh PostgreSQL 15, timed side by side, alternating, in one run:
#   blog       the blog post's script: `dump` (pg_dumpall > file) then `load` (psql < file)
#   raw        pg_dumpall | psql, streaming
#   plain      pghop dump + pghop load
#   directory  pghop dump + pghop load with DUMP_FORMAT=directory
#   migrate    pghop migrate (no file); migrate1, migrate2, migrate4 ... the same with JOBS=1, 2, 4 ...
# Each result is checked with `pghop verify` against the old server. Prints medians, the ratio of each to the blog's
# script and to raw streaming, pghop's peak RSS, and the time pghop takes to start (`pghop --version`).
#
#   bench/compare.sh [RUNS=3] [SCALE=3] [METHODS="blog raw plain directory migrate1 migrate2 migrate4"]
set -euo pipefail
RUNS=${1:-3}
SCALE=${2:-3}
METHODS=${3:-blog raw plain directory migrate1 migrate2 migrate4}
JOBS=${JOBS:-2}
source "$(dirname "$0")/lib.sh"
trap stop_all EXIT

OLD=12.22.0 NEW=15.12.0
# The blog's script always connects to port 5432: each server gets its own loopback address instead of a port.
OLD_HOST=127.0.0.11 NEW_HOST=127.0.0.12 PORT=5432
OLD_PASS=bench-old-pw NEW_PASS=bench-new-pw
ensure_built
blog_script "$WORK/pg_dump.sh"

log "starting PG$OLD on $OLD_HOST and generating about $((SCALE * 400)) MB"
start_server old "$OLD" "$PORT" admin "$OLD_PASS" md5 "$OLD_HOST"
PGPASSWORD=$OLD_PASS "$(dirname "$0")/generate.sh" "$OLD_HOST" "$PORT" admin "$SCALE"
size=$(PGPASSWORD=$OLD_PASS psql -h "$OLD_HOST" -p "$PORT" -U admin -d postgres -Atc \
    "select pg_size_pretty(sum(pg_database_size(datname))) from pg_database")
log "old cluster holds $size"

fresh_target() {
    stop_server new "$NEW"
    BENCH_FSYNC=on start_server new "$NEW" "$PORT" pg-15-admin "$NEW_PASS" scram-sha-256 "$NEW_HOST"
}

pghop_env=(PG_HOST=$OLD_HOST PG_PORT=$PORT PG_USER=admin PG_PASS=$OLD_PASS NEW_PG_HOST=$NEW_HOST NEW_PG_PORT=$PORT
    NEW_PG_USER=pg-15-admin NEW_PG_PASS=$NEW_PASS PROGRESS_INTERVAL=60)

run_blog() {
    rm -rf "$WORK/blog"; mkdir -p "$WORK/blog" "$WORK/home"
    timed "$WORK/blog.t" sh -c "
        HOME=$WORK/home PGDUMP_PATH=$WORK/blog PG_USER=admin PG_PASS=$OLD_PASS PG_HOST=$OLD_HOST \
            $WORK/pg_dump.sh dump >/dev/null 2>&1 &&
        HOME=$WORK/home PGDUMP_PATH=$WORK/blog NEW_PG_HOST=$NEW_HOST NEW_PG_USER=pg-15-admin \
            NEW_PG_PASS=$NEW_PASS $WORK/pg_dump.sh load >/dev/null 2>&1"
}
run_raw() {
    timed "$WORK/raw.t" sh -c "PGPASSWORD=$OLD_PASS pg_dumpall -h $OLD_HOST -p $PORT -U admin \
        | PGPASSWORD=$NEW_PASS psql -q -h $NEW_HOST -p $PORT -U pg-15-admin -d postgres >/dev/null 2>&1"
}
run_pghop() { # run_pghop NAME FORMAT: dump then load
    rm -rf "$WORK/$1"; mkdir -p "$WORK/$1"
    timed "$WORK/$1.t" sh -c "env ${pghop_env[*]} PGDUMP_PATH=$WORK/$1 DUMP_FORMAT=$2 JOBS=$JOBS \
        $ROOT/bin/pghop dump 2>>$WORK/$1.log && env ${pghop_env[*]} PGDUMP_PATH=$WORK/$1 DUMP_FORMAT=$2 \
        JOBS=$JOBS $ROOT/bin/pghop load 2>>$WORK/$1.log"
}
run_plain() { run_pghop plain plain; }
run_directory() { run_pghop directory directory; }
run_migrate() { # run_migrate [JOBS]
    timed "$WORK/migrate${1:-}.t" env "${pghop_env[@]}" JOBS="${1:-$JOBS}" "$ROOT/bin/pghop" migrate \
        2>>"$WORK/migrate.log"
}
run_method() { # run_method NAME: migrateN is migrate with JOBS=N
    case $1 in
        migrate[0-9]*) run_migrate "${1#migrate}" ;;
        *) "run_$1" ;;
    esac
}
check() { # check METHOD: the new server must hold what the old one holds
    if env "${pghop_env[@]}" VERIFY_DATA=checksums "$ROOT/bin/pghop" verify >"$WORK/verify-$1.out" 2>&1; then
        echo "equal" >> "$WORK/$1.verdict"
    else
        echo "DIFFERENT (exit $?)" >> "$WORK/$1.verdict"
    fi
}

methods=($METHODS)
for run in $(seq 1 "$RUNS"); do
    # rotate the order each run, so no method always goes first on a cold cache
    order=("${methods[@]:$(( (run - 1) % ${#methods[@]} ))}" "${methods[@]:0:$(( (run - 1) % ${#methods[@]} ))}")
    for m in "${order[@]}"; do
        log "run $run of $RUNS: $m"
        fresh_target
        run_method "$m"
        check "$m"
    done
done

blog=$(median_col "$WORK/blog.t" 1 2>/dev/null || echo "")
raw=$(median_col "$WORK/raw.t" 1 2>/dev/null || echo "")
printf '\ncluster %s in 3 databases, %s runs, JOBS=%s (migrateN: JOBS=N), new server durable (fsync on);' \
    "$size" "$RUNS" "$JOBS"
printf ' medians in seconds\n'
printf '%-10s %9s %10s %10s %12s  %-8s %s\n' method median "vs blog" "vs raw" "peak RSS" "verify" "each run"
for m in "${methods[@]}"; do
    t=$(median_col "$WORK/$m.t" 1)
    rss=$(max_col "$WORK/$m.t" 2)
    printf '%-10s %9s %10s %10s %9s MB  %-8s %s\n' "$m" "$t" "${blog:+$(ratio "$t" "$blog")}" \
        "${raw:+$(ratio "$t" "$raw")}" $((rss / 1024)) "$(sort -u "$WORK/$m.verdict" | paste -sd/)" \
        "$(cut -d' ' -f1 "$WORK/$m.t" | paste -sd' ')"
done

for run in 1 2 3 4 5; do timed "$WORK/startup.t" "$ROOT/bin/pghop" --version >/dev/null; done
printf '\npghop starts in %s s (median of 5 runs of pghop --version, JVM build), included in each time above\n' \
    "$(median_col "$WORK/startup.t" 1)"
