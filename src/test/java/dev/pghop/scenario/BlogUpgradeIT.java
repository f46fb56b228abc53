package dev.pghop.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.pghop.testing.PgServer;
import dev.pghop.testing.PgServers;

/**
 * The blog post's upgrade, end to end with the packaged pghop: PostgreSQL 12 (md5, superuser admin) dumped with
 * `pghop dump` and loaded with `pghop load` into a new server (SCRAM, superuser pg-<major>-admin).
 */
class BlogUpgradeIT {
    private static final String OLD_ADMIN_PASSWORD = "Old-admin-7f3e9";
    private static final String NEW_ADMIN_PASSWORD = "New-admin-c41d2";

    @RegisterExtension
    static PgServers servers = new PgServers();
    static PgServer old;
    static PgServer target;

    @TempDir
    static Path volume;

    @BeforeAll
    static void startServersAndFillTheOldOne() {
        old = servers.start(BlogSetup.oldServer(OLD_ADMIN_PASSWORD));
        target = servers.start(BlogSetup.newServer(NEW_ADMIN_PASSWORD));
        SampleCluster.fill(old);
    }

    @Test
    void theNewServerHoldsWhatTheOldOneHeldAndNoSecretLeaks() throws Exception {
        DumpDirectory dir = new DumpDirectory(volume);
        String appPasswordHash = appPasswordHash(old);
        ClusterSnapshot before = ClusterSnapshot.of(old, target.superuser());

        PghopRun dump = Pghop.dump().dumpPath(volume).source(old).run().exits(0)
                .summaryStartsWith("pghop dump: OK: dumped");
        PghopRun load = Pghop.load().dumpPath(volume).target(target).run().exits(0)
                .summaryStartsWith("pghop load: OK: loaded");

        assertThat(ClusterSnapshot.of(target, old.superuser())).usingRecursiveComparison().isEqualTo(before);
        assertThat(appPasswordHash).startsWith("md5");
        assertThat(appPasswordHash(target)).as("the app role's md5 hash, carried over").isEqualTo(appPasswordHash);
        ArrivedValues.check(old, target);
        ArrivedValues.statisticsGathered(target);

        assertThat(Files.getPosixFilePermissions(dir.dump())).as("mode of %s", dir.dump())
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        JsonNode manifest = dir.manifestJson();
        assertThat(manifest.path("sha256").asText()).isEqualTo(DumpDirectory.sha256(dir.dump()));
        assertThat(manifest.path("bytes").asLong()).isEqualTo(Files.size(dir.dump()));
        assertThat(dir.files()).containsExactly(DumpDirectory.MANIFEST, DumpDirectory.DUMP);
        for (PghopRun run : List.of(dump, load)) {
            run.neverShows(OLD_ADMIN_PASSWORD).neverShows(NEW_ADMIN_PASSWORD)
                    .neverShows(SampleCluster.APP_PASSWORD).neverShows(SampleCluster.REPORTER_PASSWORD)
                    .neverShows(appPasswordHash.substring("md5".length()));
        }
    }

    private static String appPasswordHash(PgServer server) {
        return server.value("postgres", "SELECT rolpassword FROM pg_authid WHERE rolname = 'app'");
    }
}
