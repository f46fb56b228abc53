package dev.pghop.dump;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;

import dev.pghop.report.PghopException;

/**
 * The lock a command holds on PGDUMP_PATH for its whole run, so that two runs on one volume never take each other's
 * files for their own (a second dump moving the first's live .partial aside, the first renaming the second's
 * unfinished file into place). It is an operating-system lock on {@value #FILE}: the kernel drops it when the
 * process ends, however it ends, so a killed run never leaves it stuck. The file itself stays, and says who held it
 * last.
 */
public final class DumpDirectoryLock implements AutoCloseable {
    public static final String FILE = ".pghop.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DumpDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock for {@code command}, or refuses (exit 3) naming the run that holds it.
     *
     * @throws PghopException refused while another run holds it
     */
    public static DumpDirectoryLock acquire(Path dir, String command, Clock clock) {
        Path file = dir.resolve(FILE);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                throw PghopException.refused("another pghop run is using PGDUMP_PATH=" + dir + " (" + holder
                        + "): two runs on one volume would take each other's files. Nothing was changed. Wait for"
                        + " it to end, or stop it (its Job or pod), then run pghop " + command + " again.");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pghop " + command + ", pid " + ProcessHandle.current().pid() + " on "
                    + hostName() + ", since " + Instant.now(clock) + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(true);
            return new DumpDirectoryLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw PghopException.refused("cannot lock PGDUMP_PATH=" + dir + " through " + file + ": "
                    + e.getMessage() + ". Make the volume writable for the user pghop runs as (uid 999 in its"
                    + " images; in Kubernetes, the pod's fsGroup).");
        }
    }

    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(512);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "it has not said who it is yet" : text;
    }

    /** The pod's name in Kubernetes, the container's id under Docker. */
    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "an unknown host";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // already failing with the cause that matters
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the lock on " + FILE, e);
        }
    }
}
