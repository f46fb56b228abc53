package dev.pghop.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

/**
 * The one-line summary a command ends with: logged, and written to the Kubernetes termination message file
 * (/dev/termination-log) when that file is writable, so `kubectl describe pod` shows how the Job ended. Each run
 * ends with one summary only: when a signal interrupts it ({@link Interruption}), a failure its stopped client
 * programs cause afterwards is not reported over it.
 */
public final class Outcome {
    private static final Logger LOG = Logger.getLogger("pghop");
    /** Kubernetes keeps at most 4096 bytes of a termination message. */
    private static final int LIMIT = 4096;
    private static final AtomicBoolean ENDED = new AtomicBoolean();

    private Outcome() {
    }

    /** A command starts: it has no summary yet. */
    static void begin() {
        ENDED.set(false);
    }

    /** Takes the one summary of this run; false when it was taken already. */
    static boolean claim() {
        return ENDED.compareAndSet(false, true);
    }

    public static void success(Path terminationLog, String command, String summary) {
        if (claim()) {
            String line = "pghop " + command + ": OK: " + summary;
            LOG.info(line);
            write(terminationLog, line);
        }
    }

    public static void failure(Path terminationLog, String command, ExitCode code, String message) {
        if (claim()) {
            String line = "pghop " + command + ": FAILED (exit " + code.status() + ", " + code.name() + "): "
                    + message;
            LOG.error(line);
            write(terminationLog, line);
        }
    }

    /**
     * The summary of a run a signal stopped; its claim was taken by {@link Interruption}. It goes to stderr directly,
     * in the log's own form: the shutdown hooks run at once, and the logging's own may already have closed its
     * handlers, which would drop the line without a word.
     */
    static void interrupted(Path terminationLog, String command, String message) {
        String line = "pghop " + command + ": INTERRUPTED (exit " + ExitCode.INTERRUPTED.status() + ", "
                + ExitCode.INTERRUPTED.name() + "): " + message;
        System.err.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_LOCAL_TIME)
                + " ERROR [pghop] " + line);
        System.err.flush();
        write(terminationLog, line);
    }

    private static void write(Path file, String line) {
        if (file == null || !Files.isWritable(file)) {
            return;
        }
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(bytes.length, LIMIT);
        try {
            Files.write(file, java.util.Arrays.copyOf(bytes, length), StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            LOG.debugf("cannot write the termination message to %s: %s", file, e.getMessage());
        }
    }
}
