package dev.pghop.dump;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Set;

/**
 * Copies a child's output into a new file, computing SHA-256 and the byte count on the way, then forces it to disk.
 * The count is readable from another thread for progress lines. The file is created readable by its owner only.
 */
public final class StreamCopy {
    /** The dump holds every role's password hash: only its owner may read it. */
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private final MessageDigest digest = Sha256.newDigest();
    private volatile long bytes;

    public long bytes() {
        return bytes;
    }

    /** Returns the hex SHA-256 of everything copied. The target must not exist yet. */
    public String copy(InputStream from, Path to) throws IOException {
        byte[] buffer = new byte[Sha256.BUFFER];
        ByteBuffer wrapped = ByteBuffer.wrap(buffer);
        try (FileChannel out = FileChannel.open(to, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                OWNER_ONLY)) {
            for (int n = from.read(buffer); n >= 0; n = from.read(buffer)) {
                digest.update(buffer, 0, n);
                wrapped.clear().limit(n);
                while (wrapped.hasRemaining()) {
                    out.write(wrapped);
                }
                bytes += n;
            }
            out.force(true);
        }
        return Sha256.hex(digest);
    }
}
