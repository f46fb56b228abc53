#!/usr/bin/env bash
# pghop on clusters of different shapes, each built on a PG12 old server and moved into a fresh, durable PG15, timed
# side by side and alternating in one run, every result checked equal with `pghop verify`:
#   many     2,200 small tables in 40 schemas (a schema per tenant), 50 rows each, a sequence and an index each
#   dominant one table of 5 M rows (about 660 MB with its two indexes) beside a few small ones
#   several  bench/generate.sh's three databases (SCALE x 400 MB)
# Ways: raw (pg_dumpall | psql), blog (the blog post's script: dump to a file, then load it), plain (pghop dump +
# load), migrate (pghop migrate). Prints per shape the medians, each way's ratio to raw and to the blog's script with
# the spread of single runs (min-max of the run-by-run ratios), and pghop's peak RSS.
#
#   bench/shapes.sh [RUNS=3] [SHAPES="many dominant several"] [METHODS="raw blog plain migrate"] [SCALE=1]
# PGHOP names the pghop to run (default bin/pghop, the JVM build); e.g. PGHOP=target/native-test/pghop-*-runner, the
# test-only native executable of bin/native-test-build, measures what the images run.
set -euo pipefail
RUNS=${1:-3}
SHAPES=${2:-many dominant several}
METHODS=${3:-raw blog plain migrate}
SCALE=${4:-1}
source "$(dirname "$0")/lib.sh"
trap stop_all EXIT

OLD=12.22.0 NEW=15.12.0
# The blog's script always connects to port 5432: each server gets a loopback address of its own instead.
OLD_HOST=127.0.0.21 NEW_HOST=127.0.0.22 PORT=5432
OLD_PASS=shapes-old-pw NEW_PASS=shapes-new-pw
ensure_built
PGHOP=${PGHOP:-$ROOT/bin/pghop}
[ -x "$PGHOP" ] || { echo "bench/shapes.sh: PGHOP is $PGHOP, which is not an executable file; point it at" \
    "bin/pghop or at the runner bin/native-test-build makes (target/native-test/)" >&2; exit 2; }
log "pghop: $PGHOP"
blog_script "$WORK/pg_dump.sh"

q() { PGPASSWORD=$OLD_PASS psql -q -v ON_ERROR_STOP=1 -h "$OLD_HOST" -p "$PORT" -U admin "$@"; }

build_many() {
    q -d postgres -c "create database tenants"
    q -d tenants <<'SQL'
do $$
begin
  for s in 1..40 loop
    execute format('create schema tenant_%s', s);
    for t in 1..55 loop
      execute format('create table tenant_%s.t%s (id serial primary key, name text not null,'
                     ' created timestamptz not null default now())', s, t);
      execute format('insert into tenant_%s.t%s (name) select md5(g::text) from generate_series(1, 50) g', s, t);
    end loop;
  end loop;
end $$;
SQL
}

build_dominant() {
    q -d postgres -c "create database events"
    q -d events <<'SQL'
create table events (id bigserial primary key, account int not null, kind text not null, payload text,
                     created timestamptz not null);
insert into events (account, kind, payload, created)
  select g % 50000, (array['view', 'click', 'buy'])[1 + g % 3], repeat(md5(g::text), 2),
         timestamptz '2024-01-01' + g * interval '1 s'
  from generate_series(1, 5000000) g;
create index on events (account, created);
create table kinds (kind text primary key, label text);
insert into kinds values ('view', 'Viewed'), ('click', 'Clicked'), ('buy', 'Bought');
create table accounts (id int primary key, name text);
insert into accounts select g, 'account ' || g from generate_series(0, 49999) g;
SQL
}

build_several() {
    PGPASSWORD=$OLD_PASS "$(dirname "$0")/generate.sh" "$OLD_HOST" "$PORT" admin "$SCALE"
}

fresh_target() {
    stop_server new "$NEW"
    BENCH_FSYNC=on start_server new "$NEW" "$PORT" pg-15-admin "$NEW_PASS" scram-sha-256 "$NEW_HOST"
}

pghop_env=(PG_HOST=$OLD_HOST PG_PORT=$PORT PG_USER=admin PG_PASS=$OLD_PASS NEW_PG_HOST=$NEW_HOST NEW_PG_PORT=$PORT
    NEW_PG_USER=pg-15-admin NEW_PG_PASS=$NEW_PASS PROGRESS_INTERVAL=60)

run_raw() {
    timed "$WORK/$shape-raw.t" sh -c "PGPASSWORD=$OLD_PASS pg_dumpall -h $OLD_HOST -p $PORT -U admin \
        | PGPASSWORD=$NEW_PASS psql -q -h $NEW_HOST -p $PORT -U pg-15-admin -d postgres >/dev/null 2>&1"
}
run_blog() {
    rm -rf "$WORK/blog"; mkdir -p "$WORK/blog" "$WORK/home"
    timed "$WORK/$shape-blog.t" sh -c "
        HOME=$WORK/home PGDUMP_PATH=$WORK/blog PG_USER=admin PG_PASS=$OLD_PASS PG_HOST=$OLD_HOST \
            $WORK/pg_dump.sh dump >/dev/null 2>&1 &&
        HOME=$WORK/home PGDUMP_PATH=$WORK/blog NEW_PG_HOST=$NEW_HOST NEW_PG_USER=pg-15-admin \
            NEW_PG_PASS=$NEW_PASS $WORK/pg_dump.sh load >/dev/null 2>&1"
}
run_plain() {
    rm -rf "$WORK/plain"; mkdir -p "$WORK/plain"
    timed "$WORK/$shape-plain.t" sh -c "env ${pghop_env[*]} PGDUMP_PATH=$WORK/plain $PGHOP dump \
        2>>$WORK/$shape-plain.log && env ${pghop_env[*]} PGDUMP_PATH=$WORK/plain $PGHOP load \
        2>>$WORK/$shape-plain.log"
}
run_migrate() {
    timed "$WORK/$shape-migrate.t" env "${pghop_env[@]}" "$PGHOP" migrate 2>>"$WORK/$shape-migrate.log"
}
check() { # check METHOD: the new server must hold what the old one holds
    if env "${pghop_env[@]}" VERIFY_DATA=checksums "$PGHOP" verify >"$WORK/verify.out" 2>&1; then
        echo "equal" >> "$WORK/$shape-$1.verdict"
    else
        echo "DIFFERENT" >> "$WORK/$shape-$1.verdict"
        cp "$WORK/verify.out" "$WORK/$shape-$1.verify-failed"
    fi
}

# spread NAME REFERENCE: the min-max of the run-by-run ratios of NAME to REFERENCE (runs pair up by their order)
spread() {
    paste -d' ' <(cut -d' ' -f1 "$WORK/$shape-$1.t") <(cut -d' ' -f1 "$WORK/$shape-$2.t") \
        | awk '{r = $1 / $2; if (NR == 1 || r < lo) lo = r; if (NR == 1 || r > hi) hi = r}
               END {printf "%.2f-%.2f", lo, hi}'
}

methods=($METHODS)
report=()
for shape in $SHAPES; do
    log "shape $shape: starting PG$OLD on $OLD_HOST and building it"
    stop_server old "$OLD"
    start_server old "$OLD" "$PORT" admin "$OLD_PASS" md5 "$OLD_HOST"
    "build_$shape"
    size=$(q -d postgres -Atc "select pg_size_pretty(sum(pg_database_size(datname))) from pg_database")
    log "shape $shape: the old cluster holds $size"
    for run in $(seq 1 "$RUNS"); do
        order=("${methods[@]:$(( (run - 1) % ${#methods[@]} ))}" "${methods[@]:0:$(( (run - 1) % ${#methods[@]} ))}")
        for m in "${order[@]}"; do
            log "shape $shape, run $run of $RUNS: $m"
            fresh_target
            "run_$m"
            check "$m"
        done
    done
    report+=("$(printf '\nshape %s (%s), %s runs, into a durable PG15; medians in seconds\n' "$shape" "$size" "$RUNS")")
    report+=("$(printf '%-8s %8s %14s %14s %10s  %s' way median "vs raw" "vs blog" "peak RSS" verify)")
    for m in "${methods[@]}"; do
        t=$(median_col "$WORK/$shape-$m.t" 1)
        raw=$([ -f "$WORK/$shape-raw.t" ] && median_col "$WORK/$shape-raw.t" 1 || echo "")
        blog=$([ -f "$WORK/$shape-blog.t" ] && median_col "$WORK/$shape-blog.t" 1 || echo "")
        vs_raw=${raw:+$(ratio "$t" "$raw") ($(spread "$m" raw))}
        vs_blog=${blog:+$(ratio "$t" "$blog") ($(spread "$m" blog))}
        rss=$(( $(max_col "$WORK/$shape-$m.t" 2) / 1024 ))
        case $m in raw | blog) rss="-" ;; *) rss="$rss MB" ;; esac
        report+=("$(printf '%-8s %8s %14s %14s %10s  %s' "$m" "$t" "$vs_raw" "$vs_blog" "$rss" \
            "$(sort -u "$WORK/$shape-$m.verdict" | paste -sd/)")")
    done
done
printf '%s\n' "${report[@]}"
