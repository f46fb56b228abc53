package dev.pghop.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The file operations every record pghop keeps in PGDUMP_PATH relies on: a small file replaced atomically (written
 * beside, forced, renamed, the directory forced), a file or directory kept aside under a new name instead of being
 * deleted, and renames made durable.
 */
public final class DurableFiles {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private DurableFiles() {
    }

    /** Replaces {@code file} with {@code content}: a crash leaves either the old file or the new one, never half. */
    public static void writeAtomically(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                ch.write(buffer);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(file.getParent());
    }

    /** The suffix a file moved aside now gets: {@code .failed-<UTC time>}. */
    public static String failedSuffix(Clock clock) {
        return ".failed-" + STAMP.format(clock.instant());
    }

    /**
     * Renames {@code path} (a file or a whole directory) to {@code <name><suffix>}, with a counter when that name is
     * taken, so nothing is ever overwritten; returns the new path. The caller forces the directory afterwards.
     */
    public static Path moveAside(Path path, String suffix) throws IOException {
        Path target = path.resolveSibling(path.getFileName() + suffix);
        for (int n = 2; Files.exists(target); n++) {
            target = path.resolveSibling(path.getFileName() + suffix + "-" + n);
        }
        Files.move(path, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /** Makes the renames in {@code dir} durable: a crash after this cannot bring the old names back. */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** Forces a file written by another program (pg_dump) to disk. */
    public static void syncFile(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
