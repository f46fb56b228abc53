package dev.pghop.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.pghop.testing.BoundedProcess;

/**
 * A compose file of compose/, run as a user runs it, as a project of its own, with the test images: docker compose
 * (the plugin) or docker-compose (Debian's), with POSTGRES_IMAGE, PGHOP_IMAGE, OLD_MAJOR and NEW_MAJOR naming them.
 */
final class ComposeProject {
    private static final Duration LIMIT = Duration.ofMinutes(8);
    private static final Duration POLL = Duration.ofSeconds(1);

    private final String project;
    private final String file;
    private final int oldMajor;
    private final int newMajor;

    /**
     * @param file the compose file's path below compose/
     */
    ComposeProject(String project, String file, int oldMajor, int newMajor) {
        this.project = project;
        this.file = file;
        this.oldMajor = oldMajor;
        this.newMajor = newMajor;
    }

    /** Runs {@code compose <args>} to its end, whatever its exit code. */
    BoundedProcess.Result run(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("env", "POSTGRES_IMAGE=" + TestImages.postgresRepository(),
                "PGHOP_IMAGE=" + TestImages.pghopRepository(), "OLD_MAJOR=" + oldMajor, "NEW_MAJOR=" + newMajor));
        command.addAll(composeCommand());
        command.addAll(List.of("-p", project, "-f", TestImages.project().resolve("compose").resolve(file)
                .toString()));
        command.addAll(List.of(args));
        return BoundedProcess.run(command, TestImages.project(), LIMIT);
    }

    /** What a service printed. */
    String logsOf(String service) throws IOException {
        return String.join("\n", run("logs", "--no-color", service).tail());
    }

    /**
     * Waits until the service's container reports itself healthy (its healthcheck), as `docker compose ps` shows it;
     * fails with the service's log when it does not within {@code limit}.
     */
    void awaitHealthy(String service, Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        String status = "no container";
        while (System.nanoTime() < deadline) {
            List<String> id = run("ps", "-q", service).tail().stream().filter(l -> !l.isBlank()).toList();
            if (!id.isEmpty()) {
                BoundedProcess.Result health = BoundedProcess.run(List.of("docker", "inspect", "--format",
                        "{{.State.Health.Status}}", id.get(id.size() - 1)), TestImages.project(), LIMIT);
                status = String.join(" ", health.tail()).strip();
                if (status.equals("healthy")) {
                    return;
                }
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new AssertionError(service + " is not healthy after " + limit.toSeconds() + " s (" + status
                + "); its log:\n" + logsOf(service));
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
