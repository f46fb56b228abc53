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
        return start().await();
    }

    /** Starts pghop and returns at once, so the test can watch what it does and kill it half-way. */
    Running start() {
        try {
            Path scratch = Files.createTempDirectory("pghop-run-");
            Path terminationLog = Files.createFile(scratch.resolve("termination-log"));
            List<String> command = new ArrayList<>(List.of(launcher().toString()));
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(scratch.resolve("stdout").toFile())
                    .redirectError(scratch.resolve("stderr").toFile()).redirectInput(Path.of("/dev/null").toFile());
            builder.environment().clear();
            builder.environment().putAll(baseEnvironment());
            builder.environment().put("TERMINATION_LOG", terminationLog.toString());
            builder.environment().putAll(env);
            return new Running(command, Map.copyOf(env), builder.start(), scratch);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start pghop " + args + ": " + e.getMessage(), e);
        }
    }

    /** A pghop that was started and has not been waited for yet. */
    record Running(List<String> command, Map<String, String> env, Process process, Path scratch) {

        /**
         * Kills pghop and every program under it (pg_restore and its workers, psql) with SIGKILL, the way a node
         * that dies takes the pod down: nothing gets to clean up.
         */
        void killWholeTree() throws InterruptedException {
            List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
            tree.add(0, process.toHandle());
            tree.forEach(ProcessHandle::destroyForcibly);
            for (ProcessHandle p : tree) {
                p.onExit().completeOnTimeout(p, KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS).join();
            }
        }

        /**
         * Waits until pghop's log holds {@code text} (a moment the test chooses to act at), at most {@code timeout};
         * fails with what it printed so far when it does not come, or when pghop ended first.
         */
        void awaitLog(String text, Duration timeout) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                String log = read(scratch.resolve("stderr"));
                if (log.contains(text)) {
                    return;
                }
                if (!process.isAlive()) {
                    throw new AssertionError("pghop ended before its log said \"" + text + "\"; it printed:\n" + log);
                }
                Thread.sleep(50);
            }
            throw new AssertionError("pghop's log did not say \"" + text + "\" within " + timeout.toSeconds()
                    + " s; it printed:\n" + read(scratch.resolve("stderr")));
        }

        /** Waits for pghop to end (killing it after {@link #TIMEOUT}); the outcome carries everything it printed. */
        PghopRun await() {
            try {
                boolean ended = process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (!ended) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                }
                int exit = process.isAlive() ? -1 : process.exitValue();
                return new PghopRun(command, env, ended ? exit : -1, read(scratch.resolve("stdout")),
                        read(scratch.resolve("stderr")), read(scratch.resolve("termination-log")),
                        ended ? null : "killed by the test after " + TIMEOUT.toMinutes() + " min");
            } catch (IOException e) {
                throw new UncheckedIOException("could not read what pghop " + command + " printed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while pghop " + command + " ran", e);
            } finally {
                deleteTree(scratch);
            }
        }
    }

    private static Map<String, String> baseEnvironment() {
        Map<String, String> base = new LinkedHashMap<>();
        base.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        base.put("JAVA_HOME", System.getenv().getOrDefault("JAVA_HOME", System.getProperty("java.home")));
        base.put("HOME", System.getProperty("user.home"));
        base.put("LANG", "C.UTF-8");
        return base;
    }

    /**
     * What runs as pghop: bin/pghop of the project under test, which runs the native executable or the jar that
     * `package` built; or the executable the system property {@code pghop.executable} names (the test-only native
     * build runs a scenario against its executable so).
     */
    private static Path launcher() {
        String executable = System.getProperty("pghop.executable", "");
        if (!executable.isBlank()) {
            Path given = Path.of(executable).toAbsolutePath();
            if (!Files.isExecutable(given)) {
                throw new IllegalStateException("pghop.executable is " + given + ", which is missing or not"
                        + " executable; build it (bin/native-test-build) or leave the property unset to run bin/pghop");
            }
            return given;
        }
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

    private static void deleteTree(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }
}
