package dev.pghop.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import dev.pghop.postgres.Endpoint;

/**
 * A private password file for libpq (PGPASSFILE), so passwords reach the client programs without appearing in their
 * arguments or environment, and without touching the user's own ~/.pgpass. It lives in a {@link PrivateDirectory}
 * as a 0600 file only while the programs that need it run, and is deleted on close; the next run deletes one a
 * killed pghop left. Fields are escaped as libpq expects, so ':' and '\' in a password work.
 */
public final class PgPassFile implements AutoCloseable {
    private final PrivateDirectory directory;
    private final Path file;

    private PgPassFile(PrivateDirectory directory, Path file) {
        this.directory = directory;
        this.file = file;
    }

    public static PgPassFile create(List<Endpoint> endpoints) {
        PrivateDirectory dir = PrivateDirectory.create(PrivateDirectory.Kind.PASSWORD);
        try {
            Path file = dir.newFile("pgpass");
            StringBuilder lines = new StringBuilder();
            for (Endpoint e : endpoints) {
                lines.append(escape(hostField(e.host()))).append(':').append(e.port()).append(":*:")
                        .append(escape(e.user())).append(':').append(escape(e.password())).append('\n');
            }
            Files.writeString(file, lines, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            return new PgPassFile(dir, file);
        } catch (IOException e) {
            dir.close();
            throw new UncheckedIOException("cannot write a private password file in " + dir.path(), e);
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
        directory.close();
    }
}
