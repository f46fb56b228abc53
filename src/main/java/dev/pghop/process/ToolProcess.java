package dev.pghop.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import dev.pghop.report.Interruption;

/**
 * The one way pghop runs a PostgreSQL client program (pg_dumpall, psql, pg_dump, pg_restore, ...).
 * <ul>
 * <li>logs the program and its arguments before starting (arguments never hold secrets; anything that looks like
 * one is redacted anyway);</li>
 * <li>passes passwords only through a private {@link PgPassFile}; drops an inherited PGPASSWORD, PG_PASS and
 * NEW_PG_PASS from the child's environment;</li>
 * <li>streams stderr (and stdout when not piped) to a logger named for the program, keeping the last lines;</li>
 * <li>waits with a bound, then kills; a non-zero exit becomes a {@link ToolFailedException};</li>
 * <li>stops children still running when pghop itself is stopped (SIGTERM from Kubernetes): SIGTERM first, which
 * pg_dump and pg_restore answer by cancelling their queries, then SIGKILL after a grace period;</li>
 * <li>starts each child through {@code setpriv --pdeathsig TERM} where setpriv exists (util-linux, in the official
 * images): the kernel then sends it SIGTERM when pghop dies, even by SIGKILL, so no child outlives pghop and goes on
 * writing to a server. The thread that starts a child waits for it, so the signal (which follows the starting
 * thread) comes only when pghop really ends.</li>
 * </ul>
 */
public final class ToolProcess implements AutoCloseable {
    /** What happens to the child's stdout. */
    public enum Stdout { PIPE, LOG, DISCARD }

    private static final Logger LOG = Logger.getLogger("pghop");
    private static final int TAIL_LINES = 20;
    private static final Duration PUMP_GRACE = Duration.ofSeconds(2);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final Optional<Path> SETPRIV = Stream.of("/usr/bin/setpriv", "/bin/setpriv").map(Path::of)
            .filter(Files::isExecutable).findFirst();
    /** Passwords pghop itself may have been given; a child gets them only through its {@link PgPassFile}. */
    private static final List<String> INHERITED_SECRETS = List.of("PGPASSWORD", "PG_PASS", "NEW_PG_PASS");

    static {
        Interruption.stopChildrenWith(ToolProcess::stopAll);
        if (SETPRIV.isEmpty()) {
            LOG.debug("setpriv is not installed: a child of pghop would outlive a pghop killed by SIGKILL");
        }
    }

    private final String tool;
    private final String server;
    private final Process process;
    private final ArrayDeque<String> stderrTail = new ArrayDeque<>();
    private final List<Thread> pumps = new ArrayList<>();

    private ToolProcess(String tool, String server, Process process) {
        this.tool = tool;
        this.server = server;
        this.process = process;
    }

    public static Builder of(Path binary) {
        return new Builder(binary);
    }

    public String tool() {
        return tool;
    }

    public long pid() {
        return process.pid();
    }

    public InputStream stdout() {
        return process.getInputStream();
    }

    public OutputStream stdin() {
        return process.getOutputStream();
    }

    public List<String> stderrTail() {
        synchronized (stderrTail) {
            return List.copyOf(stderrTail);
        }
    }

    /** Whether the program has already ended with a non-zero status. */
    public boolean failed() {
        return !process.isAlive() && process.exitValue() != 0;
    }

    /**
     * Waits for the program to end, at most {@code timeout}; kills it when the bound passes.
     *
     * @throws ToolFailedException when it ended with a non-zero status or had to be killed
     */
    public void awaitSuccess(Duration timeout) throws ToolFailedException, InterruptedException {
        boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) {
            killTree(process);
            process.waitFor(PUMP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
        joinPumps();
        LIVE.remove(process);
        if (!ended) {
            List<String> tail = new ArrayList<>(stderrTail());
            tail.add("(killed by pghop: still running after " + timeout.toSeconds() + " s)");
            throw new ToolFailedException(tool, server, 137, tail);
        }
        if (process.exitValue() != 0) {
            throw new ToolFailedException(tool, server, process.exitValue(), stderrTail());
        }
    }

    /** Stops the program and the programs it started (pg_dumpall's pg_dump) at once; a no-op once it ended. */
    @Override
    public void close() {
        if (process.isAlive()) {
            killTree(process);
            try {
                process.waitFor(PUMP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LIVE.remove(process);
    }

    /**
     * Stops every child still running: SIGTERM to each, up to {@link #STOP_GRACE} for them to end, then SIGKILL to
     * each and to what it started.
     */
    static void stopAll() {
        List<Process> live = List.copyOf(LIVE);
        live.forEach(Process::destroy);
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (Process p : live) {
            try {
                p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        live.stream().filter(Process::isAlive).forEach(ToolProcess::killTree);
    }

    private static void killTree(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /**
     * When the program fails while the caller reads its output, closes that output: a grandchild left running (the
     * pg_dump of a killed pg_dumpall) still holds the pipe, and would keep the reader waiting until it finished.
     */
    private void stopReadingOnFailure() {
        process.onExit().thenAccept(p -> {
            if (p.exitValue() != 0) {
                try {
                    p.getInputStream().close();
                } catch (IOException e) {
                    LOG.debugf("closing the output of %s: %s", tool, e.getMessage());
                }
            }
        });
    }

    private void joinPumps() throws InterruptedException {
        for (Thread pump : pumps) {
            pump.join(PUMP_GRACE.toMillis());
        }
    }

    private void pump(InputStream stream, String channel, boolean keepTail) {
        Logger out = Logger.getLogger(tool);
        Thread t = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    out.infof("%s| %s", channel, Redaction.secrets(line));
                    if (keepTail) {
                        remember(Redaction.secrets(line));
                    }
                }
            } catch (IOException e) {
                out.debugf("%s closed: %s", channel, e.getMessage());
            }
        }, tool + ":pid(" + process.pid() + ")");
        t.setDaemon(true);
        t.start();
        pumps.add(t);
    }

    private void remember(String line) {
        synchronized (stderrTail) {
            if (stderrTail.size() == TAIL_LINES) {
                stderrTail.removeFirst();
            }
            stderrTail.addLast(line);
        }
    }

    /** Describes one run of a client program. */
    public static final class Builder {
        private final Path binary;
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private String server;
        private Path directory;
        private boolean stdinPiped;
        private Stdout stdout = Stdout.LOG;

        private Builder(Path binary) {
            this.binary = binary;
        }

        public Builder args(String... more) {
            args.addAll(List.of(more));
            return this;
        }

        public Builder args(List<String> more) {
            args.addAll(more);
            return this;
        }

        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** The directory it runs in (pg_upgrade writes its logs there); else pghop's own. */
        public Builder in(Path dir) {
            this.directory = dir;
            return this;
        }

        /** The server it talks to, which its failure names ("old server admin@db:5432"). */
        public Builder talksTo(String server) {
            this.server = server;
            return this;
        }

        public Builder passFile(PgPassFile passFile) {
            return env("PGPASSFILE", passFile.path().toString());
        }

        public Builder stdinPiped() {
            stdinPiped = true;
            return this;
        }

        public Builder stdout(Stdout mode) {
            stdout = mode;
            return this;
        }

        /**
         * Runs the program to its end, at most {@code bound}, and returns what it printed on stdout (a version, a
         * control file's fields: short texts).
         *
         * @throws ToolFailedException when it fails or outlives the bound
         */
        public String output(Duration bound) throws IOException, InterruptedException {
            stdout = Stdout.PIPE;
            try (ToolProcess p = start()) {
                String text;
                try (InputStream in = p.stdout()) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                p.awaitSuccess(bound);
                return text;
            }
        }

        public ToolProcess start() throws IOException {
            ProcessBuilder pb = processBuilder();
            pb.redirectInput(stdinPiped ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            if (stdout == Stdout.DISCARD) {
                pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            }
            ToolProcess started = started(pb.start());
            if (stdout == Stdout.LOG) {
                started.pump(started.process.getInputStream(), "stdout", false);
            } else if (stdout == Stdout.PIPE) {
                started.stopReadingOnFailure();
            }
            return started;
        }

        private ProcessBuilder processBuilder() {
            List<String> command = new ArrayList<>();
            command.add(binary.toString());
            command.addAll(args);
            List<String> started = new ArrayList<>();
            SETPRIV.ifPresent(setpriv -> started.addAll(List.of(setpriv.toString(), "--pdeathsig", "TERM", "--")));
            started.addAll(command);
            ProcessBuilder pb = new ProcessBuilder(started);
            if (directory != null) {
                pb.directory(directory.toFile());
            }
            INHERITED_SECRETS.forEach(pb.environment()::remove);
            pb.environment().putIfAbsent("PGAPPNAME", "pghop");
            pb.environment().putIfAbsent("PGCONNECT_TIMEOUT", "15");
            pb.environment().putAll(env);
            LOG.infof("running %s", String.join(" ", command.stream().map(Redaction::secrets).toList()));
            return pb;
        }

        private ToolProcess started(Process process) {
            ToolProcess started = new ToolProcess(binary.getFileName().toString(), server, process);
            LIVE.add(process);
            started.pump(process.getErrorStream(), "stderr", true);
            return started;
        }
    }

    /**
     * Starts {@code from} with its stdout joined to the stdin of {@code to} by an operating-system pipe: bulk data
     * (a table's rows) flows between the two programs without passing through pghop. {@code to}'s stdout is
     * discarded; both stderrs are logged as usual.
     */
    public static List<ToolProcess> pipe(Builder from, Builder to) throws IOException {
        ProcessBuilder first = from.processBuilder().redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null")
                .toFile()));
        ProcessBuilder second = to.processBuilder().redirectOutput(ProcessBuilder.Redirect.DISCARD);
        List<Process> started = ProcessBuilder.startPipeline(List.of(first, second));
        return List.of(from.started(started.get(0)), to.started(started.get(1)));
    }
}
