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
    void aLargeTableOnAnOldServerBefore14IsCopiedInRangesOfItsKeyWithNoRowLostOrTwice() {
        PgServer old = servers.start(BlogSetup.oldServer(OLD_PASSWORD));
        PgServer target = servers.start(BlogSetup.newServer(NEW_PASSWORD));
        // Over the size from which a table is split, with keys from negative to large and gaps between them.
        old.execute("postgres", "CREATE DATABASE big");
        old.execute("big", "CREATE TABLE public.events (id bigint PRIMARY KEY, v text NOT NULL)",
                "INSERT INTO public.events SELECT g * 7 - 1000000, repeat(md5(g::text), 6)"
                        + " FROM generate_series(1, 330000) g");

        Pghop.withArgs("migrate").source(old).target(target).env("JOBS", "2").run().exits(0)
                .says("table public.events in 2 ranges of its key id, copied at once");

        Pghop.withArgs("verify").source(old).target(target).run().exits(0);
        assertThat(target.value("big", "SELECT count(*) || ' ' || min(id) || ' ' || max(id) FROM public.events"))
                .isEqualTo(old.value("big", "SELECT count(*) || ' ' || min(id) || ' ' || max(id) FROM public.events"));
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
