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
        ClusterSnapshot before = ClusterSnapshot.of(old, target.superuser());

        PghopRun run = Pghop.withArgs("migrate").source(old).target(target).env("JOBS", "2").run().exits(0)
                .summaryStartsWith("pghop migrate: OK: migrated 6 databases")
                .says("globals", "app schema", "data", "indexes", "analyze", "database my-app done");

        assertThat(ClusterSnapshot.of(target, old.superuser())).usingRecursiveComparison().isEqualTo(before);
        Pghop.withArgs("verify").source(old).target(target).run().exits(0);
        ArrivedValues.check(old, target);
        assertThat(target.value("app", "SELECT count(*) > 0 FROM pg_stats WHERE schemaname = 'app_schema'"))
                .as("statistics rebuilt after the copy").isEqualTo("t");
        run.neverShows(OLD_PASSWORD).neverShows(NEW_PASSWORD).neverShows(SampleCluster.APP_PASSWORD);
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
