package dev.pghop.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

/**
 * The harness's one way to run a command (initdb, pg_ctl, tar, chown, ...): logged before it starts, output streamed
 * to a logger named for the binary, a hard deadline after which the command and its children are killed, and the
 * last output lines kept for error messages. stderr is merged into stdout so the tail shows both in order.
 */
public final class BoundedProcess {

    static final int TAIL_LINES = 50;
    private static final Duration PUMP_GRACE = Duration.ofSeconds(2);
    private static final Duration KILL_GRACE = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(BoundedProcess.class);

    public record Result(String binary, int exitCode, List<String> tail) {
        public String failure() {
            return binary + " exited with status " + exitCode + "; its last output lines:\n" + String.join("\n", tail);
        }
    }

    private BoundedProcess() {
    }

    /** Runs the command and fails with its output tail when it exits non-zero. */
    public static List<String> runChecked(List<String> command, Path workDir, Duration timeout) throws IOException {
        return runChecked(command, workDir, timeout, false);
    }

    /**
     * As {@link #runChecked(List, Path, Duration)}; with {@code showOutput} each output line is logged at INFO, for
     * a long step (an image build) whose progress the person running the tests should see.
     */
    public static List<String> runChecked(List<String> command, Path workDir, Duration timeout, boolean showOutput)
            throws IOException {
        Result result = run(command, workDir, timeout, showOutput);
        if (result.exitCode() != 0) {
            throw new IOException(result.failure());
        }
        return result.tail();
    }

    /** Runs the command to its end (killed after {@code timeout}); its exit code and last output lines. */
    public static Result run(List<String> command, Path workDir, Duration timeout) throws IOException {
        return run(command, workDir, timeout, false);
    }

    private static Result run(List<String> command, Path workDir, Duration timeout, boolean showOutput)
            throws IOException {
        String binary = binaryName(command);
        LOG.debugf("running %s", String.join(" ", command));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        Process process = builder.start();
        process.getOutputStream().close();
        Deque<String> tail = new ArrayDeque<>();
        Thread pump = Thread.ofPlatform().daemon().name(binary + ":pid(" + process.pid() + ")")
                .start(() -> pump(process, Logger.getLogger("pg." + binary), showOutput, tail));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new IOException(binary + " did not finish within " + timeout.toSeconds() + "s and was killed; "
                        + "its last output lines:\n" + String.join("\n", snapshot(tail)));
            }
            pump.join(PUMP_GRACE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(process);
            throw new InterruptedIOException("interrupted while waiting for " + binary);
        }
        return new Result(binary, process.exitValue(), snapshot(tail));
    }

    /** The binary actually run, looking past a {@code runuser -u <user> --} or {@code env NAME=value} wrapper. */
    private static String binaryName(List<String> command) {
        int separator = command.indexOf("--");
        int at = separator >= 0 && separator + 1 < command.size() ? separator + 1 : 0;
        if (Path.of(command.get(at)).getFileName().toString().equals("env")) {
            at++;
            while (at < command.size() - 1 && command.get(at).contains("=")) {
                at++;
            }
        }
        return Path.of(command.get(at)).getFileName().toString();
    }

    private static void pump(Process process, Logger logger, boolean showOutput, Deque<String> tail) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (showOutput) {
                    logger.infof("%s", line);
                } else {
                    logger.debugf("out: %s", line);
                }
                synchronized (tail) {
                    if (tail.size() == TAIL_LINES) {
                        tail.removeFirst();
                    }
                    tail.addLast(line);
                }
            }
        } catch (IOException e) {
            logger.warnf("output of pid %d became unreadable: %s", process.pid(), e.getMessage());
        }
    }

    private static List<String> snapshot(Deque<String> tail) {
        synchronized (tail) {
            return List.copyOf(tail);
        }
    }

    private static void kill(Process process) throws InterruptedIOException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while killing pid " + process.pid());
        }
    }
}
