package dev.pghop.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The blog post's upgrade with the images, as the dump-load Job runs it: `dump` in the PostgreSQL 12 image, `load`
 * then `verify` in the PostgreSQL 14 image, sharing the dump volume. Needs a Docker engine; skipped without one.
 */
@Testcontainers(disabledWithoutDocker = true)
class DumpLoadImagesIT {
    private static BlogServers servers;

    @TempDir
    Path volume;

    @BeforeAll
    static void startTheServers() {
        servers = BlogServers.start();
    }

    @AfterAll
    static void stopTheServers() {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void dumpInTheOldMajorsImageLoadAndVerifyInTheNewOnes() {
        PghopInContainer.image(BlogServers.OLD_MAJOR, servers.network).source(servers.old).dumpVolume(volume)
                .run("dump");
        assertThat(volume.resolve("pg_dumpall.sql")).isRegularFile();
        assertThat(volume.resolve("pg_dumpall.manifest.json")).isRegularFile();

        PghopInContainer.image(BlogServers.NEW_MAJOR, servers.network).target(servers.target).dumpVolume(volume)
                .run("load");
        PghopInContainer.image(BlogServers.NEW_MAJOR, servers.network).source(servers.old).target(servers.target)
                .run("verify");

        servers.assertTargetHoldsTheOldCluster();
    }
}
