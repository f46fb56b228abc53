#!/usr/bin/env bash
# The test-only native executable (bin/native-test-build) beside the JVM launcher (bin/pghop), side by side:
#   start   wall time of `pghop --version` and `pghop --help`, RUNS runs each, alternating
#   dump    peak RSS and time of `pghop dump` of a generated PG12 cluster (SCALE x ~400 MB, bench/generate.sh)
#   load    peak RSS and time of `pghop load` of that dump into a fresh PostgreSQL 15
# Prints the median and the spread (lowest-highest) of each, and the native/JVM ratio of the medians. Peak RSS is
# GNU time's maximum resident set size: that of the largest process of the run, which is pghop itself (pg_dumpall
# and psql stay far smaller).
#
#   bench/native.sh [RUNS=11] [SCALE=1] [LOAD_RUNS=3]
set -euo pipefail
RUNS=${1:-11}
SCALE=${2:-1}
LOAD_RUNS=${3:-3}
source "$(dirname "$0")/lib.sh"
trap stop_all EXIT

NATIVE=$(find "$ROOT/target/native-test" -maxdepth 1 -name '*-runner' -type f -perm -u+x 2>/dev/null | head -1)
[ -n "$NATIVE" ] || { log "no native executable in target/native-test: run bin/native-test-build first"; exit 1; }
ensure_built
JVM=$ROOT/bin/pghop

OLD=12.22.0 NEW=15.12.0 OLD_PORT=55612 NEW_PORT=55615
export PGPASSWORD=bench-old-pw
NEW_PASS=bench-new-pw
generate_old_cluster "$OLD" "$OLD_PORT" "$SCALE"

# wall_ms OUTFILE CMD...: appends the wall time of CMD in milliseconds to OUTFILE
wall_ms() {
    local out=$1 t0 t1; shift
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s%N)
    echo $(( (t1 - t0) / 1000000 )) >> "$out"
}
for run in $(seq 1 "$RUNS"); do
    for args in --version --help; do
        wall_ms "$WORK/start-jvm$args.t" "$JVM" "$args"
        wall_ms "$WORK/start-native$args.t" "$NATIVE" "$args"
    done
done

# The passwords reach pghop as files, as from a Secret volume, not in any command line.
(umask 077; printf '%s' "$PGPASSWORD" > "$WORK/old.pass"; printf '%s' "$NEW_PASS" > "$WORK/new.pass")
pghop_env() { # pghop_env VOLUME: the environment of a dump and a load
    echo env -i PATH="$PATH" HOME="$WORK" LANG=C.UTF-8 JAVA_HOME="$JAVA_HOME" TERMINATION_LOG=/dev/null \
        PGDUMP_PATH="$1" PG_HOST=127.0.0.1 PG_PORT=$OLD_PORT PG_USER=admin PG_PASS_FILE="$WORK/old.pass" \
        NEW_PG_HOST=127.0.0.1 NEW_PG_PORT=$NEW_PORT NEW_PG_USER=pg-15-admin NEW_PG_PASS_FILE="$WORK/new.pass"
}
for run in $(seq 1 "$LOAD_RUNS"); do
    for launcher in jvm native; do
        if [ $launcher = jvm ]; then pghop=$JVM; else pghop=$NATIVE; fi
        volume="$WORK/volume-$launcher"
        rm -rf "$volume"; mkdir -p "$volume"
        stop_server new "$NEW"
        start_server new "$NEW" "$NEW_PORT" pg-15-admin "$NEW_PASS" scram-sha-256
        log "run $run of $LOAD_RUNS: $launcher dump and load"
        # shellcheck disable=SC2046 # pghop_env prints words, none with spaces
        timed "$WORK/dump-$launcher.t" $(pghop_env "$volume") "$pghop" dump 2>>"$WORK/$launcher.log"
        # shellcheck disable=SC2046
        timed "$WORK/load-$launcher.t" $(pghop_env "$volume") "$pghop" load 2>>"$WORK/$launcher.log"
    done
done

spread() { # spread FILE COLUMN DIVISOR FORMAT: "median (lowest-highest)" of a column, divided, printed with FORMAT
    awk -v c="$2" -v d="$3" -v f="$4\n" '{printf f, $c / d}' "$1" > "$1.col"
    printf "%s ($4-$4)" "$(median_col "$1.col" 1)" "$(sort -n "$1.col" | head -1)" "$(sort -n "$1.col" | tail -1)"
}
row() { # row LABEL JVM_FILE NATIVE_FILE COLUMN DIVISOR FORMAT UNIT
    local jvm native
    jvm=$(spread "$2" "$4" "$5" "$6") native=$(spread "$3" "$4" "$5" "$6")
    printf '| %-34s | %-24s | %-24s | %10s |\n' "$1" "$jvm $7" "$native $7" \
        "$(ratio "$(median_col "$3.col" 1)" "$(median_col "$2.col" 1)")"
}
printf '\ncluster %s (SCALE=%s), PG%s to PG%s; median (lowest-highest) of %s start runs, %s dump and load runs\n' \
    "$OLD_SIZE" "$SCALE" "$OLD" "$NEW" "$RUNS" "$LOAD_RUNS"
printf '| %-34s | %-24s | %-24s | %10s |\n' "" "JVM (bin/pghop)" "native" "native/JVM"
printf '|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..36})" "$(printf -- '-%.0s' {1..26})" \
    "$(printf -- '-%.0s' {1..26})" "$(printf -- '-%.0s' {1..11}):"
row "pghop --version, wall time" "$WORK/start-jvm--version.t" "$WORK/start-native--version.t" 1 1 %d ms
row "pghop --help, wall time" "$WORK/start-jvm--help.t" "$WORK/start-native--help.t" 1 1 %d ms
row "pghop dump, peak RSS" "$WORK/dump-jvm.t" "$WORK/dump-native.t" 2 1024 %d MB
row "pghop load, peak RSS" "$WORK/load-jvm.t" "$WORK/load-native.t" 2 1024 %d MB
row "pghop dump, wall time" "$WORK/dump-jvm.t" "$WORK/dump-native.t" 1 1 %.2f s
row "pghop load, wall time" "$WORK/load-jvm.t" "$WORK/load-native.t" 1 1 %.2f s
