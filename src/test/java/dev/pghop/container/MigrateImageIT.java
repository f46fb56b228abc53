package dev.pghop.container;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The blog post's upgrade with one container, as the migrate Job runs it: `migrate` in the PostgreSQL 14 image
 * copies the old server into the new one, no dump file. Needs a Docker engine; skipped without one.
 */
@Testcontainers(disabledWithoutDocker = true)
class MigrateImageIT {
    private static BlogServers servers;

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
    void migrateInTheNewMajorsImage() {
        PghopInContainer.image(BlogServers.NEW_MAJOR, servers.network).source(servers.old).target(servers.target)
                .run("migrate");

        servers.assertTargetHoldsTheOldCluster();
    }
}
