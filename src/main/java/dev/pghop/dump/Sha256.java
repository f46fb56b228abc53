package dev.pghop.dump;

import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of a dump file, the check that a dump is the one pghop wrote. */
public final class Sha256 {
    static final int BUFFER = 1 << 20;

    private Sha256() {
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this runtime lacks SHA-256", e);
        }
    }

    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    public static String of(Path file) throws IOException {
        return of(file, DumpStore.ReadAlong.NOTHING);
    }

    /** As {@link #of(Path)}, the file's bytes also read by {@code along} on the way. */
    static String of(Path file, DumpStore.ReadAlong along) throws IOException {
        MessageDigest digest = newDigest();
        readThrough(new DigestInputStream(Files.newInputStream(file), digest), along);
        return hex(digest);
    }

    /** Hands {@code in} to {@code along}, then reads whatever it left, so a check always covers the whole file. */
    static void readThrough(InputStream in, DumpStore.ReadAlong along) throws IOException {
        try (InputStream checked = in) {
            along.read(checked);
            byte[] buffer = new byte[BUFFER];
            while (checked.read(buffer) >= 0) {
                // the rest counts too
            }
        }
    }
}
