package dev.pghop.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.jboss.logging.Logger;

/**
 * The one-line summary a command ends with: logged, and written to the Kubernetes termination message file
 * (/dev/termination-log) when that file is writable, so `kubectl describe pod` shows how the Job ended.
 */
public final class Outcome {
    private static final Logger LOG = Logger.getLogger("pghop");
    /** Kubernetes keeps at most 4096 bytes of a termination message. */
    private static final int LIMIT = 4096;

    private Outcome() {
    }

    public static void success(Path terminationLog, String command, String summary) {
        String line = "pghop " + command + ": OK: " + summary;
        LOG.info(line);
        write(terminationLog, line);
    }

    public static void failure(Path terminationLog, String command, ExitCode code, String message) {
        String line = "pghop " + command + ": FAILED (exit " + code.status() + ", " + code.name() + "): " + message;
        LOG.error(line);
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
