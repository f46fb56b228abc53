#!/usr/bin/env bash
# PostgreSQL's regression database (the corpus of RegressionCorpusIT: 1,500-odd relations of nearly every kind)
# moved from an old server to a fresh, durable new one, everything in containers as deployed, timed side by side
# and alternating in one run:
#   raw      pg_dumpall | psql, the new major's programs, in the new major's pghop image
#   migrate  pghop migrate, in the new major's image
#   plain    pghop dump in the old major's image, then pghop load in the new major's
# After each pghop run, pghop verify must exit 0. Prints the medians, each way's ratio to raw with the spread of
# the run-by-run ratios (min-max).
#
#   bench/corpus.sh [RUNS=3] [OLD=17] [NEW=18] [METHODS="raw migrate plain"]
# OLD is a major with a regression corpus (12 to 17) whose hop into NEW needs no fix first (17 → 18 does not; see
# the table of the corpus hops in docs/development.md). Needs a Docker engine (bin/docker-engine start) and builds what it lacks:
# the local bases, the corpus image and the pghop JVM images of both majors.
set -euo pipefail
RUNS=${1:-3}
OLD=${2:-17}
NEW=${3:-18}
METHODS=${4:-raw migrate plain}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export JAVA_HOME=${JAVA_HOME:-$("$ROOT/bin/java-home")}
# The superuser and password RegressionCorpusIT makes the corpus image with (MatrixServers), so that its image is
# reused rather than built again with other ones.
PASSWORD=Old-admin-7f3e9 NEW_PASSWORD=corpus-new-pw
IMAGE=pghop-bench
VERSION=$(cd "$ROOT" && ./mvnw -q help:evaluate -Dexpression=project.version -DforceStdout)
NET=pghop-bench-corpus-$$
WORK=$(mktemp -d /tmp/pghop-bench-corpus.XXXXXX)
OLD_NAME=corpus-old-$$
NEW_NAME=""

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
cleanup() {
    docker rm -f "$OLD_NAME" ${NEW_NAME:+"$NEW_NAME"} >/dev/null 2>&1 || true
    docker network rm "$NET" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

# Waits at most 120 s for the server in container $1 to accept connections of superuser $2 over TCP.
await_ready() {
    local waited=0
    until docker exec "$1" pg_isready -q -h 127.0.0.1 -U "$2" -d postgres 2>/dev/null; do
        [ $waited -lt 120 ] || { docker logs --tail 20 "$1" >&2; log "$1 did not start within 120 s"; exit 1; }
        sleep 1; waited=$((waited + 1))
    done
}

# A fresh new server, its superuser named apart from the old one's: raw streaming sets the old superuser's (md5)
# password, and its psql must go on logging in as its own. The first "ready" of the official image's entry point is
# its setup server, so wait for the second start.
start_new() {
    NEW_NAME=corpus-new-$$-$1
    docker run -d --pull=never --name "$NEW_NAME" --network "$NET" --network-alias new \
        -e POSTGRES_USER=new-admin -e POSTGRES_PASSWORD_FILE=/run/new-password -v "$WORK/new-password:/run/new-password:ro" \
        "pghop-base/postgres:$NEW" >/dev/null
    local waited=0
    until [ "$(docker logs "$NEW_NAME" 2>&1 | grep -c 'ready to accept connections')" -ge 2 ]; do
        [ $waited -lt 120 ] || { docker logs --tail 20 "$NEW_NAME" >&2; log "the new server did not start"; exit 1; }
        sleep 1; waited=$((waited + 1))
    done
    await_ready "$NEW_NAME" new-admin
}

stop_new() {
    docker rm -f "$NEW_NAME" >/dev/null
    NEW_NAME=""
}

# pghop <major> <command> [docker run options...]: pghop in that major's image, secrets from an env file.
pghop() {
    local major=$1 command=$2; shift 2
    docker run --rm --pull=never --network "$NET" --env-file "$WORK/pghop.env" -v "$WORK/dump:/pg-migrate" \
        -v "$WORK/old-password:/run/old-password:ro" -v "$WORK/new-password:/run/new-password:ro" "$@" \
        "$IMAGE:$VERSION-jvm-pg$major" "$command"
}

raw() {
    docker run --rm --pull=never --network "$NET" -e PGPASSFILE=/run/pgpass -v "$WORK/pgpass:/run/pgpass:ro" \
        --user 999 --entrypoint bash "$IMAGE:$VERSION-jvm-pg$NEW" \
        -c 'pg_dumpall -h old -U admin | psql -X -q -h new -U new-admin -d postgres >/dev/null 2>&1'
}

migrate() { pghop "$NEW" migrate >"$WORK/run.log" 2>&1; }

plain() {
    rm -rf "$WORK/dump"; mkdir -p "$WORK/dump"; chown 999:999 "$WORK/dump"
    pghop "$OLD" dump >"$WORK/run.log" 2>&1 && pghop "$NEW" load >>"$WORK/run.log" 2>&1
}

verify() {
    if ! pghop "$NEW" verify >"$WORK/verify.log" 2>&1; then
        tail -30 "$WORK/verify.log" >&2
        log "verify found the new server unequal after $1"; exit 1
    fi
}

log "building what is missing: the local bases, the corpus of $OLD, pghop's JVM images of $OLD and $NEW"
(cd "$ROOT" && ./mvnw -B -q package -DskipTests) >&2
"$ROOT/src/test/docker/local-bases/build-local-bases.sh" "$OLD" "$NEW" >&2
CORPUS_SUPERUSER=admin CORPUS_PASSWORD=$PASSWORD "$ROOT/src/test/docker/regression-corpus/build-regression-corpus.sh" \
    "$OLD" >&2
IMAGE=$IMAGE BASE_IMAGE=pghop-base/postgres JRE_IMAGE=pghop-base/jre \
    "$ROOT/src/main/docker/build-images.sh" --jvm --prebuilt "$OLD" "$NEW" >&2

# The secrets: private files of the containers' user (999, postgres in both images), in a directory only the
# known path reaches; removed on exit.
umask 077
chmod 711 "$WORK"
printf '%s\n' "$PASSWORD" >"$WORK/old-password"
printf '%s\n' "$NEW_PASSWORD" >"$WORK/new-password"
printf 'old:5432:*:admin:%s\nnew:5432:*:new-admin:%s\n' "$PASSWORD" "$NEW_PASSWORD" >"$WORK/pgpass"
printf 'PG_HOST=old\nPG_USER=admin\nPG_PASS_FILE=/run/old-password\nNEW_PG_HOST=new\nNEW_PG_USER=new-admin\nNEW_PG_PASS_FILE=/run/new-password\nPGDUMP_PATH=/pg-migrate\n' \
    >"$WORK/pghop.env"
mkdir -p "$WORK/dump"
chown 999:999 "$WORK/old-password" "$WORK/new-password" "$WORK/pgpass" "$WORK/dump"

docker network create "$NET" >/dev/null
docker run -d --pull=never --name "$OLD_NAME" --network "$NET" --network-alias old "pghop-base/regression:$OLD" \
    postgres -c password_encryption=md5 >/dev/null
await_ready "$OLD_NAME" admin
relations=$(docker exec "$OLD_NAME" psql -X -At -U admin -d regression -c "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace where nspname not in ('pg_catalog', 'information_schema', 'pg_toast')")
size=$(docker exec "$OLD_NAME" psql -X -At -U admin -d regression -c "select pg_size_pretty(pg_database_size('regression'))")
log "the old server ($OLD) holds the regression database: $relations relations, $size"

declare -A SECONDS_OF
for run in $(seq 1 "$RUNS"); do
    for method in $METHODS; do
        start_new "$run-$method"
        log "run $run of $RUNS: $method"
        started=$(date +%s.%N)
        if ! "$method"; then
            tail -30 "$WORK/run.log" >&2 2>/dev/null || true
            log "$method failed"; exit 1
        fi
        took=$(echo "$(date +%s.%N) - $started" | bc)
        SECONDS_OF[$method]="${SECONDS_OF[$method]:-} $took"
        log "run $run of $RUNS: $method took $(printf '%.1f' "$took") s"
        [ "$method" = raw ] || verify "$method"
        stop_new
    done
done

median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
echo
echo "PostgreSQL's regression database, $OLD → $NEW ($relations relations, $size), $RUNS runs, medians:"
printf '| %-8s | %9s | %-24s |\n' way seconds "ratio to raw (min-max)"
read -r -a raw_runs <<<"${SECONDS_OF[raw]:-}"
for method in $METHODS; do
    read -r -a runs <<<"${SECONDS_OF[$method]}"
    ratio="-"
    if [ ${#raw_runs[@]} -gt 0 ]; then
        ratios=()
        for i in "${!runs[@]}"; do ratios+=("$(echo "${runs[$i]} / ${raw_runs[$i]}" | bc -l)"); done
        ratio=$(printf '%.2f (%.2f-%.2f)' "$(echo "$(median "${runs[@]}") / $(median "${raw_runs[@]}")" | bc -l)" \
            "$(printf '%s\n' "${ratios[@]}" | sort -g | head -1)" "$(printf '%s\n' "${ratios[@]}" | sort -g | tail -1)")
    fi
    printf '| %-8s | %9.1f | %-24s |\n' "$method" "$(median "${runs[@]}")" "$ratio"
done
