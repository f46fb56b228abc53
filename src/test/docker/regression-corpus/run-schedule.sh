#!/usr/bin/env bash
# Runs in a container beside the corpus's server (build-regression-corpus.sh starts it), with psql of the scripts'
# major and pg_regress's environment: creates the database `regression` as pg_regress does, then runs every test
# of parallel_schedule one after the other, each in a fresh psql session reading its script on standard input,
# its output into /results/<test>.out. Failing statements are expected (ON_ERROR_STOP stays off); a script that
# runs past TEST_LIMIT seconds is stopped and named.
set -uo pipefail
psql -Xq -v ON_ERROR_STOP=1 <<'SQL' || exit 1
CREATE DATABASE "regression" TEMPLATE=template0;
ALTER DATABASE "regression" SET lc_messages TO 'C';
ALTER DATABASE "regression" SET lc_monetary TO 'C';
ALTER DATABASE "regression" SET lc_numeric TO 'C';
ALTER DATABASE "regression" SET lc_time TO 'C';
ALTER DATABASE "regression" SET bytea_output TO 'hex';
ALTER DATABASE "regression" SET timezone_abbreviations TO 'Default';
SQL
ran=0
stopped=()
for test in $(sed -n 's/^test: *//p' /regress/parallel_schedule); do
    timeout "$TEST_LIMIT" psql -X -a -q -d regression -v HIDE_TABLEAM=on -v HIDE_TOAST_COMPRESSION=on \
        < "/regress/sql/$test.sql" > "/results/$test.out" 2>&1
    [ $? -ne 124 ] || stopped+=("$test")
    ran=$((ran + 1))
done
echo "$ran test scripts run; stopped at the ${TEST_LIMIT} s limit: ${stopped[*]:-none}"
psql -XAtq -d regression -c "SELECT count(*) || ' relations, ' || pg_size_pretty(pg_database_size(current_database()))
    FROM pg_class"
