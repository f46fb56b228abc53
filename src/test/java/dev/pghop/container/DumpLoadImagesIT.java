package dev.pghop.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The blog post's upgrade with the images, as the dump-load Job runs it: `dump` in the PostgreSQL 12 image, `load`
 * then `verify` in the PostgreSQL 14 image, sharing the dump volume. Needs a Docker engine; skipped without one.
 */
@Testcontainers(disabledWithoutDocker = true)
class DumpLoadImagesIT {
    @RegisterExtension
    static BlogServers servers = new BlogServers();

    @TempDir
    Path volume;

    @Test
    void dumpInTheOldMajorsImageLoadAndVerifyInTheNewOnes() {
        servers.inOldImage().dumpVolume(volume).run("dump");
        assertThat(volume.resolve("pg_dumpall.sql")).isRegularFile();
        assertThat(volume.resolve("pg_dumpall.manifest.json")).isRegularFile();

        servers.inNewImage().dumpVolume(volume).run("load");
        servers.inNewImage().run("verify");

        servers.assertTargetHoldsTheOldCluster();
    }
}
