package dev.pghop.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.pghop.testing.TreeCopy;

/** The PGDUMP_PATH volume as a user inspects it: which files are there, their checksums, the manifest's claims. */
record DumpDirectory(Path dir) {
    static final String DUMP = "pg_dumpall.sql";
    static final String MANIFEST = "pg_dumpall.manifest.json";
    static final String PARTIAL = "pg_dumpall.sql.partial";

    Path dump() {
        return dir.resolve(DUMP);
    }

    Path manifest() {
        return dir.resolve(MANIFEST);
    }

    Path partial() {
        return dir.resolve(PARTIAL);
    }

    /** The lock file every dump and load leaves: pghop's own bookkeeping, not part of a dump. */
    static final String LOCK = ".pghop.lock";

    /** The names of the files there, sorted, the lock file left out. */
    List<String> files() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(name -> !name.equals(LOCK)).sorted().toList();
        }
    }

    /** The files that start with {@code name} and were moved aside as {@code <name>.failed-<time>}. */
    List<Path> movedAside(String name) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches(
                    java.util.regex.Pattern.quote(name) + "\\.failed-\\d{8}T\\d{6}Z")).sorted().toList();
        }
    }

    /** Changes one byte in the middle of {@code file}, as a flipped bit on the volume would. */
    static void flipOneByte(Path file) throws IOException {
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            f.seek(f.length() / 2);
            int original = f.read();
            f.seek(f.length() / 2);
            f.write(original ^ 0x01);
        }
    }

    JsonNode manifestJson() throws IOException {
        return new ObjectMapper().readTree(manifest().toFile());
    }

    /** Copies the whole volume (a directory-format dump is a tree) into {@code to}, so a test can change its copy. */
    void copyTo(Path to) throws IOException {
        TreeCopy.copy(dir, to);
    }

    /** SHA-256 of a file, computed here rather than by pghop's own code, as a user would with sha256sum. */
    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
