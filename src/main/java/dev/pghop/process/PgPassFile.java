package dev.pghop.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import dev.pghop.postgres.Endpoint;

/**
 * A private password file for libpq (PGPASSFILE), so passwords reach the client programs without appearing in their
 * arguments or environment, and without touching the user's own ~/.pgpass. It lives in a fresh 0700 directory as a
 * 0600 file and is deleted on close. Fields are escaped as libpq expects, so ':' and '\' in a password work.
 */
public final class PgPassFile implements AutoCloseable {
    private final Path directory;
    private final Path file;

    private PgPassFile(Path directory, Path file) {
        this.directory = directory;
        this.file = file;
    }

    public static PgPassFile create(List<Endpoint> endpoints) {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try {
            Path dir = Files.createTempDirectory(tmp, "pghop-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path file = Files.createFile(dir.resolve("pgpass"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            StringBuilder lines = new StringBuilder();
            for (Endpoint e : endpoints) {
                lines.append(escape(hostField(e.host()))).append(':').append(e.port()).append(":*:")
                        .append(escape(e.user())).append(':').append(escape(e.password())).append('\n');
            }
            Files.writeString(file, lines, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            return new PgPassFile(dir, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a private password file under " + tmp
                    + " (mount a writable emptyDir at /tmp when the root filesystem is read-only)", e);
        }
    }

    /** libpq matches a Unix-socket connection against the host name "localhost". */
    private static String hostField(String host) {
        return host.startsWith("/") ? "localhost" : host;
    }

    static String escape(String field) {
        return field.replace("\\", "\\\\").replace(":", "\\:");
    }

    public Path path() {
        return file;
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the private password file " + file, e);
        }
    }
}
