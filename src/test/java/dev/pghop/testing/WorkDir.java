package dev.pghop.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A test server's private directory under java.io.tmpdir: data/, server.log, socket/ and perhaps its own binaries. */
final class WorkDir {

    private static final Duration DELETE_TIMEOUT = Duration.ofMinutes(1);

    private WorkDir() {
    }

    static Path create() {
        try {
            Path dir = Files.createTempDirectory("pghop-test-");
            Files.createDirectory(dir.resolve("socket"));
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException("could not create a test server directory under "
                    + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a directory tree; the server user's files included, since it runs as root or as that user. */
    static void delete(Path dir) {
        try {
            BoundedProcess.runChecked(List.of("rm", "-rf", "--", dir.toString()), null, DELETE_TIMEOUT);
        } catch (IOException e) {
            throw new IllegalStateException("could not delete " + dir + ": " + e.getMessage() + "; remove it by hand",
                    e);
        }
    }
}
