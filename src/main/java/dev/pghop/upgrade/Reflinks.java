package dev.pghop.upgrade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import dev.pghop.process.ToolFailedException;
import dev.pghop.process.ToolProcess;

/**
 * Whether a directory's filesystem makes reflinks (a copy that shares the blocks until either side writes: btrfs,
 * XFS with reflink, ...), tried with {@code cp --reflink=always} on a small file of pghop's own, removed at once.
 */
final class Reflinks {
    private static final Logger LOG = Logger.getLogger("pghop");
    private static final Duration BOUND = Duration.ofSeconds(30);

    private Reflinks() {
    }

    static boolean work(Path dir) throws IOException, InterruptedException {
        Optional<Path> cp = Stream.of("/usr/bin/cp", "/bin/cp").map(Path::of).filter(Files::isExecutable)
                .findFirst();
        if (cp.isEmpty()) {
            return false;
        }
        Path probe = dir.resolve(".pghop-reflink-" + ProcessHandle.current().pid());
        Path copy = dir.resolve(probe.getFileName() + ".copy");
        try {
            Files.write(probe, new byte[64 << 10]);
            ToolProcess.of(cp.get()).args(List.of("--reflink=always", probe.toString(), copy.toString()))
                    .output(BOUND);
            return true;
        } catch (ToolFailedException e) {
            LOG.debugf("no reflinks in %s: %s", dir, e.getMessage());
            return false;
        } finally {
            Files.deleteIfExists(copy);
            Files.deleteIfExists(probe);
        }
    }
}
