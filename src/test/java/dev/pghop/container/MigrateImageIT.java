package dev.pghop.container;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The blog post's upgrade with one container, as the migrate Job runs it: `migrate` in the PostgreSQL 14 image
 * copies the old server into the new one, no dump file. Needs a Docker engine; skipped without one.
 */
@Testcontainers(disabledWithoutDocker = true)
class MigrateImageIT {
    @RegisterExtension
    static BlogServers servers = new BlogServers();

    @Test
    void migrateInTheNewMajorsImage() {
        servers.inNewImage().run("migrate");

        servers.assertTargetHoldsTheOldCluster();
    }
}
