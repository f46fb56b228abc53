# pghop-base/regression:<major>: the local postgres base of that major with a data directory that already holds the
# regression database (build-regression-corpus.sh runs the regression scripts and stops the server cleanly first).
# The entry point finds PGDATA initialized and only starts the server.
ARG SERVER_IMAGE
FROM ${SERVER_IMAGE}
COPY --chown=999:999 pgdata/ /var/lib/postgresql/data/
