package dev.pghop.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.pghop.testing.PgServer;
import dev.pghop.testing.PgServers;

/** `pghop migrate`: the blog's upgrade with no dump file, every database streamed, everything arriving. */
class MigrateIT {
    private static final String OLD_PASSWORD = "migrate-0ld";
    private static final String NEW_PASSWORD = "migrate-n3w";

    @RegisterExtension
    static PgServers servers = new PgServers();

    @TempDir
    Path volume;

    @Test
    void copiesTheWholeClusterWithNoDumpFileAndRebuildsStatistics() {
        PgServer old = servers.start(BlogSetup.oldServer(OLD_PASSWORD));
        PgServer target = servers.start(BlogSetup.newServer(NEW_PASSWORD));
        SampleCluster.fill(old);
        // Enough rows that database app takes the parallel path (snapshot, COPY lanes, post-data with pg_restore),
        // while the small databases go as one pg_dump stream each.
        old.execute("app", "CREATE TABLE app_schema.bulk AS SELECT g AS id, md5(g::text) || md5((-g)::text) AS v"
                + " FROM generate_series(1, 300000) g", "ALTER TABLE app_schema.bulk ADD PRIMARY KEY (id)",
                "CREATE INDEX bulk_v ON app_schema.bulk (lower(v))");
        ClusterSnapshot before = ClusterSnapshot.of(old, target.superuser());

        PghopRun run = Pghop.withArgs("migrate").source(old).target(target).env("JOBS", "2").run().exits(0)
                .summaryStartsWith("pghop migrate: OK: migrated 6 databases")
                .says("globals", "app schema", "data", "indexes", "analyze", "my-app whole", "database my-app done");

        assertThat(ClusterSnapshot.of(target, old.superuser())).usingRecursiveComparison().isEqualTo(before);
        Pghop.withArgs("verify").source(old).target(target).run().exits(0);
        ArrivedValues.check(old, target);
        assertThat(target.value("app", "SELECT count(*) > 0 FROM pg_stats WHERE schemaname = 'app_schema'"))
                .as("statistics rebuilt after the copy").isEqualTo("t");
        assertThat(target.value("app", "SELECT count(*) FROM pg_stats WHERE tablename = 'bulk_v'"))
                .as("statistics of the expression index, gathered once post-data built it").isEqualTo("1");
        run.neverShows(OLD_PASSWORD).neverShows(NEW_PASSWORD).neverShows(SampleCluster.APP_PASSWORD);
    }

    @Test
    void aLargeTableOnAnOldServerBefore14ArrivesWholeAndFrozenWithItsKeysBuiltBesideItsIndex() {
        PgServer old = servers.start(BlogSetup.oldServer(OLD_PASSWORD));
        PgServer target = servers.start(BlogSetup.newServer(NEW_PASSWORD));
        // Over the size from which a table could be split, with a primary key, a unique constraint that is the
        // replica identity, the key as the index to cluster on, and an expression index beside them.
        old.execute("postgres", "CREATE DATABASE big");
        old.execute("big", "CREATE TABLE public.events (id bigint PRIMARY KEY, v text NOT NULL,"
                        + " CONSTRAINT events_v_key UNIQUE (v))",
                "INSERT INTO public.events SELECT g * 7 - 1000000, repeat(md5(g::text), 6)"
                        + " FROM generate_series(1, 330000) g",
                "CREATE INDEX events_v_start ON public.events (left(v, 8))",
                "ALTER TABLE public.events REPLICA IDENTITY USING INDEX events_v_key",
                "ALTER TABLE public.events CLUSTER ON events_pkey");
        // No vacuum on the new server may mark the pages all-visible behind the copy's back.
        target.execute("postgres", "ALTER SYSTEM SET autovacuum = off", "SELECT pg_reload_conf()");

        Pghop.withArgs("migrate").source(old).target(target).env("JOBS", "2").run().exits(0)
                .says("table public.events copied whole by one session, its rows arriving frozen",
                        "CREATE UNIQUE INDEX events_pkey ON public.events USING btree (id)",
                        "ADD CONSTRAINT events_v_key UNIQUE USING INDEX events_v_key");

        Pghop.withArgs("verify").source(old).target(target).run().exits(0);
        String table = "'public.events'::regclass";
        String shape = "SELECT string_agg(conname || ' ' || contype::text || ' ' || pg_get_constraintdef(oid), '; '"
                + " ORDER BY conname) FROM pg_constraint WHERE conrelid = " + table;
        assertThat(target.value("big", shape)).isEqualTo(old.value("big", shape))
                .isEqualTo("events_pkey p PRIMARY KEY (id); events_v_key u UNIQUE (v)");
        String indexes = "SELECT string_agg(c.relname || ' replica=' || i.indisreplident || ' cluster='"
                + " || i.indisclustered || ' ' || pg_get_indexdef(i.indexrelid), '; ' ORDER BY c.relname)"
                + " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = " + table;
        assertThat(target.value("big", indexes)).isEqualTo(old.value("big", indexes));
        assertThat(target.value("big", "SELECT relreplident FROM pg_class WHERE oid = " + table)).isEqualTo("i");
        // Rows copied with COPY FREEZE leave every page all-visible (the statistics pass then counts them), so
        // index-only scans need no vacuum first.
        assertThat(target.value("big", "SELECT relallvisible > 0 AND relallvisible = relpages FROM pg_class"
                + " WHERE oid = " + table)).isEqualTo("t");
    }

    @Test
    void refusesLikeLoadBeforeWritingAnything() {
        PgServer old = servers.start(BlogSetup.oldServer(OLD_PASSWORD));
        PgServer target = servers.start(BlogSetup.newServer(NEW_PASSWORD));
        target.execute("postgres", "CREATE DATABASE leftover");

        Pghop.withArgs("migrate").source(old).target(target).run().exits(3)
                .summaryStartsWith("pghop migrate: FAILED (exit 3, REFUSED)").says("database leftover");
        assertThat(target.rows("postgres", "SELECT rolname FROM pg_roles WHERE rolname = 'admin'")).isEmpty();
    }
}
