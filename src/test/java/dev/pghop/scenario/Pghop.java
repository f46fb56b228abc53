package dev.pghop.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.pghop.testing.PgServer;

/**
 * Runs the packaged pghop ({@code bin/pghop}) as a subprocess the way a Kubernetes Job runs the image: arguments,
 * environment variables and nothing else. The environment starts clean (PATH, JAVA_HOME, HOME, LANG) so a variable
 * the test did not set is really unset. stdout and stderr go to files, so no reader can block the child's exit.
 */
final class Pghop {
    static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final Duration KILL_GRACE = Duration.ofSeconds(10);

    private final List<String> args;
    private final Map<String, String> env = new LinkedHashMap<>();

    private Pghop(String... args) {
        this.args = List.of(args);
    }

    static Pghop dump() {
        return new Pghop("dump");
    }

    static Pghop load() {
        return new Pghop("load");
    }

    static Pghop verify() {
        return new Pghop("verify");
    }

    static Pghop withArgs(String... args) {
        return new Pghop(args);
    }

    Pghop env(String name, Object value) {
        env.put(name, String.valueOf(value));
        return this;
    }

    Pghop without(String name) {
        env.remove(name);
        return this;
    }

    /** PGDUMP_PATH, the volume both commands share. */
    Pghop dumpPath(Path dir) {
        return env("PGDUMP_PATH", dir);
    }

    /** PG_HOST, PG_PORT, PG_USER and PG_PASS of the old server, logging in as its superuser. */
    Pghop source(PgServer old) {
        return env("PG_HOST", old.host()).env("PG_PORT", old.port()).env("PG_USER", old.superuser())
                .env("PG_PASS", old.password());
    }

    /** NEW_PG_HOST, NEW_PG_PORT, NEW_PG_USER and NEW_PG_PASS of the new server, loading as its superuser. */
    Pghop target(PgServer target) {
        return env("NEW_PG_HOST", target.host()).env("NEW_PG_PORT", target.port())
                .env("NEW_PG_USER", target.superuser()).env("NEW_PG_PASS", target.password());
    }

    /** Runs to the end (killed after {@link #TIMEOUT}); the outcome carries everything pghop printed. */
    PghopRun run() {
        try {
            Path scratch = Files.createTempDirectory("pghop-run-");
            try {
                return run(scratch);
            } finally {
                deleteTree(scratch);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run pghop " + args + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pghop " + args + " ran", e);
        }
    }

    private PghopRun run(Path scratch) throws IOException, InterruptedException {
        Path stdout = scratch.resolve("stdout");
        Path stderr = scratch.resolve("stderr");
        Path terminationLog = Files.createFile(scratch.resolve("termination-log"));
        List<String> command = new ArrayList<>(List.of(launcher().toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile()).redirectInput(Path.of("/dev/null").toFile());
        builder.environment().clear();
        builder.environment().putAll(baseEnvironment());
        builder.environment().put("TERMINATION_LOG", terminationLog.toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        boolean ended = process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
        return new PghopRun(command, env, ended ? process.exitValue() : -1, read(stdout), read(stderr),
                read(terminationLog), ended ? null : "killed by the test after " + TIMEOUT.toMinutes() + " min");
    }

    private static Map<String, String> baseEnvironment() {
        Map<String, String> base = new LinkedHashMap<>();
        base.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        base.put("JAVA_HOME", System.getenv().getOrDefault("JAVA_HOME", System.getProperty("java.home")));
        base.put("HOME", System.getProperty("user.home"));
        base.put("LANG", "C.UTF-8");
        return base;
    }

    /** bin/pghop of the project under test; it runs the native executable or the jar that `package` built. */
    private static Path launcher() {
        Path project = Path.of(System.getProperty("user.dir"));
        Path launcher = project.resolve("bin/pghop");
        if (!Files.isExecutable(launcher)) {
            throw new IllegalStateException(launcher + " is missing or not executable; run the tests from the project"
                    + " directory (./mvnw verify)");
        }
        if (!Files.exists(project.resolve("target/quarkus-app/quarkus-run.jar"))) {
            throw new IllegalStateException("pghop is not packaged: run ./mvnw package -DskipTests, or run the"
                    + " scenario tests with ./mvnw verify, which packages first");
        }
        return launcher;
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(dir);
    }
}
