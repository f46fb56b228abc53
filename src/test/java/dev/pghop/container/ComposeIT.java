package dev.pghop.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
    private static final Duration LIMIT = Duration.ofMinutes(8);
    private static final String PROJECT = "pghop-compose-it";
    private static final int OLD_MAJOR = 13;
    private static final int NEW_MAJOR = 17;

    @AfterEach
    void removeEverythingItStarted() throws IOException {
        compose("down", "-v", "--remove-orphans");
    }

    @Test
    void dumpLoadAndVerifyRunInOrderAndTheNewServerHoldsTheData() throws IOException {
        TestImages.pghop(OLD_MAJOR);
        TestImages.pghop(NEW_MAJOR);

        BoundedProcess.Result verify = compose("run", "--rm", "verify");
        String dump = logsOf("dump");
        String load = logsOf("load");

        assertThat(verify.exitCode()).as("verify's exit code; its output:\n%s\ndump's:\n%s\nload's:\n%s",
                String.join("\n", verify.tail()), dump, load).isZero();
        assertThat(String.join("\n", verify.tail())).contains("pghop verify: OK");
        assertThat(dump).contains("pghop dump: OK: dumped");
        assertThat(load).contains("pghop load: OK: loaded").contains("role shop: SCRAM-SHA-256 password set");
        assertThat(String.join("\n", compose("exec", "-T", "new", "psql", "-U", "pg-" + NEW_MAJOR + "-admin",
                "-d", "shop", "-tAc", "SELECT count(*) FROM orders").tail())).contains("1000");
    }

    private static String logsOf(String service) throws IOException {
        return String.join("\n", compose("logs", "--no-color", service).tail());
    }

    /** docker compose (the plugin) or docker-compose, on the project's compose file with the test images. */
    private static BoundedProcess.Result compose(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("env", "POSTGRES_IMAGE=" + TestImages.postgresRepository(),
                "PGHOP_IMAGE=" + TestImages.pghopRepository(), "OLD_MAJOR=" + OLD_MAJOR, "NEW_MAJOR=" + NEW_MAJOR));
        command.addAll(composeCommand());
        command.addAll(List.of("-p", PROJECT, "-f",
                TestImages.project().resolve("compose/docker-compose.yml").toString()));
        command.addAll(List.of(args));
        return BoundedProcess.run(command, TestImages.project(), LIMIT);
    }

    private static List<String> composeCommand() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, "docker-compose"))) {
                return List.of("docker-compose");
            }
        }
        return List.of("docker", "compose");
    }
}
