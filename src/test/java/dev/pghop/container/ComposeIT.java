package dev.pghop.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.pghop.testing.BoundedProcess;

/**
 * The compose file of the runbook's quick try, run as a user runs it ({@code docker compose run --rm verify}) with
 * the test images: the old server with its sample data, the new one, then dump, load and verify one after the other.
 * Needs the compose command (Debian's docker-compose or the docker compose plugin) besides the engine.
 */
@ExtendWith(DockerEngine.class)
class ComposeIT {
    private static final int OLD_MAJOR = 13;
    private static final int NEW_MAJOR = 17;
    private static final ComposeProject COMPOSE = new ComposeProject("pghop-compose-it", "docker-compose.yml",
            OLD_MAJOR, NEW_MAJOR);

    @AfterEach
    void removeEverythingItStarted() throws IOException {
        COMPOSE.run("down", "-v", "--remove-orphans");
    }

    @Test
    void dumpLoadAndVerifyRunInOrderAndTheNewServerHoldsTheData() throws IOException {
        TestImages.pghop(OLD_MAJOR);
        TestImages.pghop(NEW_MAJOR);

        BoundedProcess.Result verify = COMPOSE.run("run", "--rm", "verify");
        String dump = COMPOSE.logsOf("dump");
        String load = COMPOSE.logsOf("load");

        assertThat(verify.exitCode()).as("verify's exit code; its output:\n%s\ndump's:\n%s\nload's:\n%s",
                String.join("\n", verify.tail()), dump, load).isZero();
        assertThat(String.join("\n", verify.tail())).contains("pghop verify: OK");
        assertThat(dump).contains("pghop dump: OK: dumped");
        assertThat(load).contains("pghop load: OK: loaded").contains("role shop: SCRAM-SHA-256 password set");
        assertThat(String.join("\n", COMPOSE.run("exec", "-T", "new", "psql", "-U", "pg-" + NEW_MAJOR + "-admin",
                "-d", "shop", "-tAc", "SELECT count(*) FROM orders").tail())).contains("1000");
    }
}
