package dev.pghop.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.pghop.testing.BoundedProcess;

/**
 * The runbook's compose trial of the in-place upgrade, run step by step as a user runs it with the test images: the
 * old server fills the named volume with its sample data and is stopped; the upgrade image of the new major upgrades
 * the cluster on that volume; the new major's server starts on the same volume and PGDATA and holds the sample rows,
 * its application role logging in with its password. Needs the compose command besides the engine.
 */
@ExtendWith(DockerEngine.class)
class ComposeUpgradeIT {
    private static final int OLD_MAJOR = 13;
    private static final int NEW_MAJOR = 17;
    private static final Duration START = Duration.ofMinutes(3);
    private static final ComposeProject COMPOSE = new ComposeProject("pghop-compose-upgrade-it",
            "in-place-upgrade.yml", OLD_MAJOR, NEW_MAJOR);
    /** compose/old-server-sample.sql's role and rows; compose/role-passwords/shop holds its password. */
    private static final String APP_ROLE = "shop";
    private static final String APP_PASSWORD = "shop-app-pass";
    private static final String ROWS = "1000";

    @AfterEach
    void removeEverythingItStarted() throws IOException {
        COMPOSE.run("--profile", "upgrade", "down", "-v", "--remove-orphans");
    }

    @Test
    void theOldServerStopsTheUpgradeRunsAndTheNewServerStartsOnTheSameVolume() throws Exception {
        TestImages.upgrade(NEW_MAJOR);

        succeeds(COMPOSE.run("up", "-d", "old"), "up -d old");
        COMPOSE.awaitHealthy("old", START);
        succeeds(COMPOSE.run("stop", "old"), "stop old");
        BoundedProcess.Result upgrade = COMPOSE.run("run", "--rm", "upgrade");
        String upgradeOutput = String.join("\n", upgrade.tail());

        assertThat(upgrade.exitCode()).as("upgrade's exit code; its output:\n%s\nthe old server's:\n%s",
                upgradeOutput, COMPOSE.logsOf("old")).isZero();
        assertThat(upgradeOutput).contains("pghop upgrade: OK").contains("Next steps:");
        succeeds(COMPOSE.run("up", "-d", "new"), "up -d new");
        COMPOSE.awaitHealthy("new", START);

        assertThat(query("SHOW server_version_num")).as("the new server's version").startsWith(String.valueOf(
                NEW_MAJOR));
        assertThat(query("SELECT count(*) FROM orders")).as("the sample rows").isEqualTo(ROWS);
        assertThat(lastLine(COMPOSE.run("exec", "-T", "-e", "PGPASSWORD=" + APP_PASSWORD, "new", "psql", "-h",
                "127.0.0.1", "-U", APP_ROLE, "-d", "shop", "-tAc", "SELECT count(*) FROM orders")))
                .as("%s logs in over TCP with its password", APP_ROLE).isEqualTo(ROWS);
        assertThat(COMPOSE.run("exec", "-T", "new", "ls", "-1A", "/var/lib/postgresql/data").tail())
                .as("the volume: the new cluster in PGDATA, the old one kept beside it, the upgrade's own directory")
                .contains("pgdata", "pgdata.old-" + OLD_MAJOR, "pgdata.upgrade");
    }

    /** One value, read on the new server as its bootstrap superuser (the old server's POSTGRES_USER). */
    private static String query(String sql) throws IOException {
        return lastLine(COMPOSE.run("exec", "-T", "new", "psql", "-U", "admin", "-d", "shop", "-tAc", sql));
    }

    private static String lastLine(BoundedProcess.Result result) {
        assertThat(result.exitCode()).as(result.failure()).isZero();
        return result.tail().isEmpty() ? "" : result.tail().get(result.tail().size() - 1).strip();
    }

    private static void succeeds(BoundedProcess.Result result, String step) {
        assertThat(result.exitCode()).as("compose %s: %s", step, result.failure()).isZero();
    }
}
