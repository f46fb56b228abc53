#!/usr/bin/env bash
# Times the old script's way (raw `pg_dumpall > file`, then `psql < file`) against `pghop dump` and `pghop load`,
# side by side and alternating, on a generated PG12 cluster of about SCALE x 400 MB, loaded into fresh PG15 servers.
# Prints the medians, pghop's ratio to raw for each phase, and pghop's peak RSS.
#
#   bench/dump-load.sh [RUNS=3] [SCALE=2]
set -euo pipefail
RUNS=${1:-3}
SCALE=${2:-2}
source "$(dirname "$0")/lib.sh"
trap stop_all EXIT

OLD=12.22.0 NEW=15.12.0 OLD_PORT=56012 NEW_PORT=56015
export PGPASSWORD=bench-old-pw
ensure_built

generate_old_cluster "$OLD" "$OLD_PORT" "$SCALE"

fresh_target() {
    stop_server new "$NEW"
    start_server new "$NEW" "$NEW_PORT" pg-15-admin bench-new-pw scram-sha-256
}

raw_dump() {
    rm -rf "$WORK/raw"; mkdir -p "$WORK/raw"
    timed "$WORK/raw-dump.t" sh -c "pg_dumpall -h 127.0.0.1 -p $OLD_PORT -U admin > $WORK/raw/pg_dumpall.sql"
}
pghop_dump() {
    rm -rf "$WORK/hop"; mkdir -p "$WORK/hop"
    PGDUMP_PATH="$WORK/hop" PG_HOST=127.0.0.1 PG_PORT=$OLD_PORT PG_USER=admin PG_PASS=$PGPASSWORD \
        timed "$WORK/hop-dump.t" "$ROOT/bin/pghop" dump 2>"$WORK/hop-dump.log"
}
raw_load() {
    fresh_target
    PGPASSWORD=bench-new-pw timed "$WORK/raw-load.t" sh -c \
        "psql -q -h 127.0.0.1 -p $NEW_PORT -U pg-15-admin -d postgres < $WORK/raw/pg_dumpall.sql > /dev/null 2>&1"
}
pghop_load() {
    fresh_target
    PGDUMP_PATH="$WORK/hop" NEW_PG_HOST=127.0.0.1 NEW_PG_PORT=$NEW_PORT NEW_PG_USER=pg-15-admin \
        NEW_PG_PASS=bench-new-pw timed "$WORK/hop-load.t" "$ROOT/bin/pghop" load 2>"$WORK/hop-load.log"
}

for run in $(seq 1 "$RUNS"); do
    log "run $run of $RUNS"
    if [ $((run % 2)) = 1 ]; then raw_dump; pghop_dump; raw_load; pghop_load
    else pghop_dump; raw_dump; pghop_load; raw_load; fi
done

dump_bytes=$(stat -c %s "$WORK/hop/pg_dumpall.sql")
printf '\ncluster %s, dump file %s MB, %s runs, medians in seconds\n' "$OLD_SIZE" $((dump_bytes / 1048576)) "$RUNS"
printf '%-8s %10s %10s %14s %16s\n' phase raw pghop "pghop/raw" "pghop peak RSS"
for phase in dump load; do
    raw=$(median_col "$WORK/raw-$phase.t" 1)
    hop=$(median_col "$WORK/hop-$phase.t" 1)
    rss=$(max_col "$WORK/hop-$phase.t" 2)
    printf '%-8s %10s %10s %14s %13s MB\n' "$phase" "$raw" "$hop" "$(ratio "$hop" "$raw")" $((rss / 1024))
done
