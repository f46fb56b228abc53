package dev.pghop.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.pghop.testing.PgServer;
import dev.pghop.testing.PgServers;

/**
 * The sample cluster through every command that moves or compares it, against real servers: dump, load and verify
 * into one new server, migrate and verify into another. Run with bin/pghop by `./mvnw verify`, and against the
 * test-only native executable by bin/native-test-build (system property pghop.executable), so that a reflection
 * or resource the native executable lacks shows here first.
 */
class SampleClusterHopIT {
    private static final String OLD_PASSWORD = "hop-0ld-5e1f";
    private static final String LOADED_PASSWORD = "hop-l0aded-77a2";
    private static final String MIGRATED_PASSWORD = "hop-m1grated-c0d4";

    @RegisterExtension
    static PgServers servers = new PgServers();
    static PgServer old;

    @TempDir
    static Path volume;

    @BeforeAll
    static void fillTheOldServer() {
        old = servers.start(BlogSetup.oldServer(OLD_PASSWORD));
        SampleCluster.fill(old);
    }

    @Test
    void dumpLoadAndVerifyBringTheWholeClusterOver() {
        PgServer target = servers.start(BlogSetup.newServer(LOADED_PASSWORD));
        ClusterSnapshot before = ClusterSnapshot.of(old, target.superuser());

        PghopRun dump = Pghop.dump().dumpPath(volume).source(old).run().exits(0)
                .summaryStartsWith("pghop dump: OK: dumped");
        PghopRun load = Pghop.load().dumpPath(volume).target(target).run().exits(0)
                .summaryStartsWith("pghop load: OK: loaded");
        PghopRun verify = Pghop.verify().dumpPath(volume).source(old).target(target).run().exits(0);

        assertThat(ClusterSnapshot.of(target, old.superuser())).usingRecursiveComparison().isEqualTo(before);
        ArrivedValues.check(old, target);
        neverShowASecret(List.of(dump, load, verify), LOADED_PASSWORD);
    }

    @Test
    void migrateAndVerifyBringTheWholeClusterOver() {
        PgServer target = servers.start(BlogSetup.newServer(MIGRATED_PASSWORD));
        ClusterSnapshot before = ClusterSnapshot.of(old, target.superuser());

        PghopRun migrate = Pghop.withArgs("migrate").source(old).target(target).run().exits(0)
                .summaryStartsWith("pghop migrate: OK: migrated");
        PghopRun verify = Pghop.verify().source(old).target(target).run().exits(0);

        assertThat(ClusterSnapshot.of(target, old.superuser())).usingRecursiveComparison().isEqualTo(before);
        ArrivedValues.check(old, target);
        neverShowASecret(List.of(migrate, verify), MIGRATED_PASSWORD);
    }

    private static void neverShowASecret(List<PghopRun> runs, String newPassword) {
        for (PghopRun run : runs) {
            run.neverShows(OLD_PASSWORD).neverShows(newPassword).neverShows(SampleCluster.APP_PASSWORD)
                    .neverShows(SampleCluster.REPORTER_PASSWORD);
        }
    }
}
