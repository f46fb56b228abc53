#!/usr/bin/env bash
# Fills a server with benchmark data: SCALE x ~400 MB over three databases (a pgbench-like accounts table, a wide
# text table with two indexes, a jsonb table), plus roles. Usage: generate.sh HOST PORT USER SCALE  (PGPASSWORD set)
set -euo pipefail
host=$1 port=$2 user=$3 scale=$4
q() { psql -q -v ON_ERROR_STOP=1 -h "$host" -p "$port" -U "$user" "$@"; }

q -d postgres -c "create role bench_app login password 'bench-app-pw'" -c "create role bench_ro"
for db in bench_accounts bench_wide bench_docs; do q -d postgres -c "create database $db owner bench_app"; done

q -d bench_accounts <<SQL
create table accounts (aid int primary key, bid int not null, abalance int not null, filler char(84));
insert into accounts select g, g / 100000, (g::bigint * 7919 % 100000)::int, '' from generate_series(1, $scale * 1500000) g;
create index on accounts (bid);
create table history (tid int, aid int, delta int, mtime timestamptz, filler char(22));
insert into history select g % 1000, g, g % 500, now() - g * interval '1 s', 'x' from generate_series(1, $scale * 200000) g;
grant select on all tables in schema public to bench_ro;
SQL
q -d bench_wide <<SQL
create table wide (id bigint primary key, title text, body text, created date);
insert into wide select g, 'title ' || g, repeat(md5(g::text), 12), date '2020-01-01' + (g % 1500)
  from generate_series(1, $scale * 120000) g;
create index on wide (title);
create index on wide (created);
SQL
q -d bench_docs <<SQL
create table docs (id serial primary key, doc jsonb);
insert into docs (doc) select jsonb_build_object('n', g, 'tags', jsonb_build_array('a', 'b', g % 10), 'note', 'café ' || g)
  from generate_series(1, $scale * 150000) g;
SQL
