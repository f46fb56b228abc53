package dev.pghop.dump;

import java.io.IOException;
import java.util.zip.CheckedInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * CRC-32C of a dump file: the check, before a load, that the file is still exactly what the dump wrote. It finds any
 * truncation, flipped bit or changed byte as surely as a cryptographic hash would for such accidents, at the speed
 * of reading the file (the processor computes it), where SHA-256 would cost the load seconds of a core per GB.
 * SHA-256 stays in the manifest as the dump's identity.
 */
public final class Crc32c {
    private Crc32c() {
    }

    public static String of(Path file) throws IOException {
        return of(file, DumpStore.ReadAlong.NOTHING);
    }

    /** As {@link #of(Path)}, the file's bytes also read by {@code along} on the way. */
    static String of(Path file, DumpStore.ReadAlong along) throws IOException {
        CRC32C crc = new CRC32C();
        Sha256.readThrough(new CheckedInputStream(Files.newInputStream(file), crc), along);
        return hex(crc.getValue());
    }

    static String hex(long value) {
        return String.format("%08x", value);
    }
}
