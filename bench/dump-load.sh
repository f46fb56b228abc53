#!/usr/bin/env bash
# Times the old script's way (raw `pg_dumpall > file`, then `psql < file`) against `pghop dump` and `pghop load`,
# side by side and alternating, on a generated PG12 cluster of about SCALE x 400 MB, loaded into fresh PG15 servers.
# Prints the medians, pghop's ratio to raw for each phase (the load with ANALYZE=false, the same work as raw psql,
# and with the default ANALYZE=true), pghop's peak RSS and its start-up time.
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
# copy_time PHASE: the seconds pghop's summary line gives for the copy itself ("... in 3.4 s (128.2 MB/s)"), i.e.
# without its start and its checks, appended to hop-PHASE.copy
copy_time() {
    sed -n 's/.*pghop [a-z]*: OK: .* in \([0-9.]*\) s (.*/\1/p' "$WORK/hop-$1.log" | tail -1 >> "$WORK/hop-$1.copy"
}
pghop_dump() {
    rm -rf "$WORK/hop"; mkdir -p "$WORK/hop"
    PGDUMP_PATH="$WORK/hop" PG_HOST=127.0.0.1 PG_PORT=$OLD_PORT PG_USER=admin PG_PASS=$PGPASSWORD \
        timed "$WORK/hop-dump.t" "$ROOT/bin/pghop" dump 2>"$WORK/hop-dump.log"
    copy_time dump
}
raw_load() {
    fresh_target
    PGPASSWORD=bench-new-pw timed "$WORK/raw-load.t" sh -c \
        "psql -q -h 127.0.0.1 -p $NEW_PORT -U pg-15-admin -d postgres < $WORK/raw/pg_dumpall.sql > /dev/null 2>&1"
}
pghop_load() { # pghop_load PHASE ANALYZE: load (the same work as raw: ANALYZE=false) or load+analyze (the default)
    fresh_target
    PGDUMP_PATH="$WORK/hop" NEW_PG_HOST=127.0.0.1 NEW_PG_PORT=$NEW_PORT NEW_PG_USER=pg-15-admin \
        NEW_PG_PASS=bench-new-pw ANALYZE=$2 timed "$WORK/hop-$1.t" "$ROOT/bin/pghop" load 2>"$WORK/hop-$1.log"
    copy_time "$1"
}

for run in $(seq 1 "$RUNS"); do
    log "run $run of $RUNS"
    if [ $((run % 2)) = 1 ]; then raw_dump; pghop_dump; raw_load; pghop_load load false; pghop_load load+analyze true
    else pghop_dump; raw_dump; pghop_load load+analyze true; pghop_load load false; raw_load; fi
done
for run in 1 2 3 4 5; do timed "$WORK/startup.t" "$ROOT/bin/pghop" --version >/dev/null; done

dump_bytes=$(stat -c %s "$WORK/hop/pg_dumpall.sql")
printf '\ncluster %s, dump file %s MB, %s runs, medians in seconds\n' "$OLD_SIZE" $((dump_bytes / 1048576)) "$RUNS"
printf '%-13s %8s %8s %10s %12s %11s %16s\n' phase raw pghop "pghop/raw" "pghop copy" "copy/raw" \
    "pghop peak RSS"
for phase in dump load load+analyze; do
    raw=$(median_col "$WORK/raw-${phase%+analyze}.t" 1)
    hop=$(median_col "$WORK/hop-$phase.t" 1)
    copy=$(median_col "$WORK/hop-$phase.copy" 1)
    rss=$(max_col "$WORK/hop-$phase.t" 2)
    printf '%-13s %8s %8s %10s %12s %11s %13s MB\n' "$phase" "$raw" "$hop" "$(ratio "$hop" "$raw")" "$copy" \
        "$(ratio "$copy" "$raw")" $((rss / 1024))
done
printf '\n"pghop copy" is the time the summary line gives for the copy itself: without the start and the checks.\n'
startup=$(median_col "$WORK/startup.t" 1)
printf '\npghop starts in %s s (median of 5 runs of pghop --version, JVM build; %s MB peak RSS), included above.\n' \
    "$startup" $(( $(max_col "$WORK/startup.t" 2) / 1024 ))
printf 'load+analyze also rebuilds the statistics (vacuumdb --analyze-in-stages), which raw psql never does.\n'
