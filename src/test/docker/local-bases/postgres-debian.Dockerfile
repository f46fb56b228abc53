# pghop-base/postgres:<major> from Debian's own PostgreSQL packages: the server and its client programs, laid out
# like the official postgres:<major> image in what pghop and its tests rely on (binaries in
# /usr/lib/postgresql/<major>/bin on PATH, user postgres uid/gid 999, PGDATA, a UTF-8 locale, the documented
# POSTGRES_* environment through postgres-entrypoint.sh, SIGINT to stop). Built by build-local-bases.sh.
ARG DEBIAN_IMAGE
FROM ${DEBIAN_IMAGE}
ARG PG_MAJOR
ARG PGDATA_DIR=/var/lib/postgresql/data
RUN groupadd --system --gid 999 postgres \
    && useradd --system --uid 999 --gid 999 --home-dir /var/lib/postgresql --shell /bin/bash postgres \
    && mkdir -p /var/lib/postgresql && chown postgres:postgres /var/lib/postgresql
# postgresql-common first, told to create no cluster, then the server; en_US.UTF-8 as the official image makes it.
RUN apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends locales postgresql-common \
    && sed -ri 's/^#?\s*create_main_cluster\s*=.*/create_main_cluster = false/' \
        /etc/postgresql-common/createcluster.conf \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "postgresql-${PG_MAJOR}" \
    && localedef -i en_US -c -f UTF-8 en_US.UTF-8 \
    && sed -ri "s/^#?(listen_addresses)\s*=\s*\S+.*/\1 = '*'/" \
        "/usr/share/postgresql/${PG_MAJOR}/postgresql.conf.sample" \
    && apt-get clean && rm -rf /var/lib/apt/lists/*
ENV LANG=en_US.utf8 \
    PG_MAJOR=${PG_MAJOR} \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/lib/postgresql/${PG_MAJOR}/bin \
    PGDATA=${PGDATA_DIR}
RUN mkdir -p "$PGDATA" /var/run/postgresql /docker-entrypoint-initdb.d \
    && chown postgres:postgres "$PGDATA" /var/run/postgresql && chmod 700 "$PGDATA" && chmod 3775 /var/run/postgresql
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
VOLUME ${PGDATA_DIR}
STOPSIGNAL SIGINT
EXPOSE 5432
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]
