package dev.pghop.dump;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.pghop.process.ToolProcess;

/**
 * Copies a child's output into a new file, computing SHA-256, CRC-32C and the byte count on the way, then forces it
 * to disk.
 * The count is readable from another thread for progress lines. The file is created readable by its owner only.
 * <p>
 * Writing back to disk overlaps the copy: every {@link #SYNC_EVERY} bytes a background thread forces what is
 * written so far, so the closing fsync only has the tail left and the dump is durable at almost no extra time.
 */
public final class StreamCopy {
    /** The dump holds every role's password hash: only its owner may read it. */
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    static final long SYNC_EVERY = 32L << 20;

    private final MessageDigest digest = Sha256.newDigest();
    private final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    private volatile long bytes;

    public long bytes() {
        return bytes;
    }

    /** The CRC-32C of everything copied, as hex: what a later check reads the whole file for. */
    public String crc32c() {
        return Crc32c.hex(crc.getValue());
    }

    /** Returns the hex SHA-256 of everything copied. The target must not exist yet. */
    public String copy(InputStream from, Path to) throws IOException {
        byte[] buffer = new byte[Sha256.BUFFER];
        ByteBuffer wrapped = ByteBuffer.wrap(buffer);
        ExecutorService syncer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "pghop-writeback");
            t.setDaemon(true);
            return t;
        });
        try (FileChannel out = FileChannel.open(to, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                OWNER_ONLY)) {
            CompletableFuture<Void> writeback = CompletableFuture.completedFuture(null);
            long lastSync = 0;
            for (int n = from.read(buffer); n >= 0; n = from.read(buffer)) {
                digest.update(buffer, 0, n);
                crc.update(buffer, 0, n);
                wrapped.clear().limit(n);
                while (wrapped.hasRemaining()) {
                    out.write(wrapped);
                }
                bytes += n;
                if (bytes - lastSync >= SYNC_EVERY && writeback.isDone()) {
                    checkWriteback(writeback);
                    lastSync = bytes;
                    writeback = CompletableFuture.runAsync(() -> force(out), syncer);
                }
            }
            checkWriteback(writeback);
            out.force(true);
        } finally {
            syncer.shutdownNow();
        }
        return Sha256.hex(digest);
    }

    /**
     * Copies a program's output into {@code to} as {@link #copy} does, then waits for the program to end well. When
     * the copy breaks because the program failed, the program's own reason is thrown instead of the broken pipe.
     *
     * @param exitAfterEof how long the program may take to exit once its output is closed
     */
    public String copyOutput(ToolProcess program, Path to, Duration exitAfterEof)
            throws IOException, InterruptedException {
        String sha;
        try (InputStream out = program.stdout()) {
            try {
                sha = copy(out, to);
            } catch (IOException e) {
                if (program.failed()) {
                    program.awaitSuccess(exitAfterEof); // throws, with the program's own reason
                }
                throw e;
            }
        }
        program.awaitSuccess(exitAfterEof);
        return sha;
    }

    /** Waits for a background force and rethrows its failure. */
    private static void checkWriteback(CompletableFuture<Void> done) throws IOException {
        try {
            done.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof UncheckedIOException io ? io.getCause()
                    : new IOException("writing the dump back to disk failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing the dump back to disk", e);
        }
    }

    private static void force(FileChannel out) {
        try {
            out.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
