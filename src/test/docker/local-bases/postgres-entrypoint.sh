#!/usr/bin/env bash
# Entry point of the local stand-in for the official postgres image (pghop-base/postgres:<major>). It follows the
# environment that image documents, which is what pghop's users and tests rely on:
#   POSTGRES_PASSWORD / POSTGRES_PASSWORD_FILE  the superuser's password (required unless the auth method is trust)
#   POSTGRES_USER (default postgres)             the bootstrap superuser's name
#   POSTGRES_DB (default POSTGRES_USER)          a database created at first start
#   POSTGRES_INITDB_ARGS                         extra initdb arguments, split on spaces
#   POSTGRES_HOST_AUTH_METHOD                    the method of the `host all all all` rule; default: the server's
#                                                password_encryption (md5 before 14, scram-sha-256 from 14)
#   PGDATA                                       the data directory
# An empty PGDATA is initialized, the server started on its socket only for the setup (*.sql and *.sh files in
# /docker-entrypoint-initdb.d, where psql exists), stopped, then started for real: "ready to accept connections"
# appears twice, the second time when clients can connect. Started as root, it prepares the directories and runs
# itself again as postgres (uid 999).
set -Eeuo pipefail

die() {
    printf 'postgres-entrypoint: %s\n' "$*" >&2
    exit 1
}

# Sets VAR from VAR or from the file VAR_FILE names; both set is an error, as in the official image.
secret_from_env_or_file() {
    local name=$1 file_name="$1_FILE" default=${2:-}
    if [ -n "${!name:-}" ] && [ -n "${!file_name:-}" ]; then
        die "both $name and $file_name are set; set only one of them"
    fi
    if [ -n "${!file_name:-}" ]; then
        [ -r "${!file_name}" ] || die "$file_name names ${!file_name}, which cannot be read"
        printf -v "$name" '%s' "$(< "${!file_name}")"
    elif [ -z "${!name:-}" ]; then
        printf -v "$name" '%s' "$default"
    fi
    export "${name?}"
    unset "$file_name"
}

wants_only_information() {
    local arg
    for arg; do
        case $arg in
            -'?' | --help | --describe-config | -V | --version) return 0 ;;
        esac
    done
    return 1
}

prepare_directories_as_root() {
    mkdir -p "$PGDATA" /var/run/postgresql
    chmod 700 "$PGDATA"
    chmod 3775 /var/run/postgresql
    find "$PGDATA" /var/run/postgresql \! -user postgres -exec chown postgres:postgres '{}' +
}

# Single-user mode needs no client program, so server-only images create the database the same way. It exits 0
# even when a statement fails: its errors are read from its output instead.
create_database() {
    local quoted="\"${POSTGRES_DB//\"/\"\"}\"" output
    output=$(printf 'CREATE DATABASE %s\n' "$quoted" | postgres --single -D "$PGDATA" postgres 2>&1 >/dev/null) \
        || die "could not create the database $POSTGRES_DB: $output"
    if grep -q 'ERROR:' <<<"$output"; then
        die "could not create the database $POSTGRES_DB: $output"
    fi
}

host_auth_method() {
    if [ -n "${POSTGRES_HOST_AUTH_METHOD:-}" ]; then
        printf '%s' "$POSTGRES_HOST_AUTH_METHOD"
    else
        postgres -C password_encryption "$@"
    fi
}

run_setup_files() {
    local files=(/docker-entrypoint-initdb.d/*)
    [ -e "${files[0]}" ] || return 0
    command -v psql >/dev/null || die "/docker-entrypoint-initdb.d holds files, but this server-only image has no psql"
    local file
    for file in "${files[@]}"; do
        case $file in
            *.sh) printf 'postgres-entrypoint: running %s\n' "$file"; bash "$file" ;;
            *.sql) printf 'postgres-entrypoint: running %s\n' "$file"
                PGHOST= PGHOSTADDR= psql -v ON_ERROR_STOP=1 --no-psqlrc --no-password \
                    --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -f "$file" ;;
            *) printf 'postgres-entrypoint: ignoring %s\n' "$file" ;;
        esac
    done
}

initialize() {
    # "$@" are the server's own arguments (after "postgres"): the setup server runs with them too.
    if [ -z "$POSTGRES_PASSWORD" ] && [ "${POSTGRES_HOST_AUTH_METHOD:-}" != trust ]; then
        die "the data directory is empty and POSTGRES_PASSWORD is not set: set POSTGRES_PASSWORD (or" \
            "POSTGRES_PASSWORD_FILE), or POSTGRES_HOST_AUTH_METHOD=trust"
    fi
    # POSTGRES_INITDB_ARGS is split on spaces on purpose, as the official image does.
    # shellcheck disable=SC2086
    initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") ${POSTGRES_INITDB_ARGS:-}
    printf '\nhost all all all %s\n' "$(host_auth_method "$@")" >> "$PGDATA/pg_hba.conf"
    if [ "$POSTGRES_DB" != postgres ]; then
        create_database
    fi
    local options="-c listen_addresses='' -p ${PGPORT:-5432}"
    if [ $# -gt 0 ]; then
        options="$(printf '%q ' "$@")$options"
    fi
    PGUSER=$POSTGRES_USER PGPASSWORD=$POSTGRES_PASSWORD pg_ctl -D "$PGDATA" -o "$options" -w start
    PGPASSWORD=$POSTGRES_PASSWORD run_setup_files
    pg_ctl -D "$PGDATA" -m fast -w stop
    printf '\npostgres-entrypoint: init process complete; ready for start up.\n\n'
}

main() {
    if [ $# -eq 0 ] || [ "${1:0:1}" = - ]; then
        set -- postgres "$@"
    fi
    if [ "$1" != postgres ] || wants_only_information "$@"; then
        exec "$@"
    fi
    secret_from_env_or_file POSTGRES_PASSWORD
    secret_from_env_or_file POSTGRES_USER postgres
    secret_from_env_or_file POSTGRES_DB "$POSTGRES_USER"
    if [ "$(id -u)" = 0 ]; then
        prepare_directories_as_root
        exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
    fi
    if [ ! -s "$PGDATA/PG_VERSION" ]; then
        initialize "${@:2}"
    fi
    unset POSTGRES_PASSWORD
    exec "$@"
}

main "$@"
