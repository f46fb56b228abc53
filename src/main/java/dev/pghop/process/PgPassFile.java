package dev.pghop.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import dev.pghop.postgres.Endpoint;

/**
 * A private password file for libpq (PGPASSFILE), so passwords reach the client programs without appearing in their
 * arguments or environment, and without touching the user's own ~/.pgpass. It lives in a fresh 0700 directory as a
 * 0600 file only while the programs that need it run, and is deleted on close. Fields are escaped as libpq
 * expects, so ':' and '\' in a password work.
 * <p>
 * A pghop killed with SIGKILL cannot delete its files, so the directory's name carries the process ID of the pghop
 * that made it ({@code pghop-<pid>-<random>}), and every run first deletes the files of pghop processes that no
 * longer exist ({@link #removeStale()}): no password outlives the next run.
 */
public final class PgPassFile implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("pghop");
    private static final Pattern STALE_CANDIDATE = Pattern.compile("pghop-(\\d+)-[^/]*");
    /** The directories this process made, which are never stale to it. */
    private static final Set<Path> OWN = ConcurrentHashMap.newKeySet();
    private final Path directory;
    private final Path file;

    private PgPassFile(Path directory, Path file) {
        this.directory = directory;
        this.file = file;
    }

    public static PgPassFile create(List<Endpoint> endpoints) {
        Path tmp = tmp();
        try {
            Path dir = Files.createTempDirectory(tmp, "pghop-" + ProcessHandle.current().pid() + "-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            OWN.add(dir);
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

    /**
     * Deletes the password files that killed pghop processes left in the temporary directory: those whose process no
     * longer runs, or whose process ID is now this process's (a new container reuses IDs) without it having made them.
     * Returns how many were removed.
     */
    public static int removeStale() {
        int removed = 0;
        try (Stream<Path> entries = Files.list(tmp())) {
            for (Path dir : entries.filter(Files::isDirectory).toList()) {
                Matcher m = STALE_CANDIDATE.matcher(dir.getFileName().toString());
                if (m.matches() && !OWN.contains(dir) && !runsElsewhere(Long.parseLong(m.group(1)))) {
                    removed += deleteQuietly(dir);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.debugf("cannot look for stale password files in %s: %s", tmp(), e.getMessage());
        }
        if (removed > 0) {
            LOG.infof("removed %d password file(s) left by a pghop that was killed", removed);
        }
        return removed;
    }

    /** Whether another live process has this ID: the directory is then still in use. */
    private static boolean runsElsewhere(long pid) {
        return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static int deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            int deleted = 0;
            for (Path f : files.toList()) {
                deleted += Files.deleteIfExists(f) ? 1 : 0;
            }
            Files.deleteIfExists(dir);
            return deleted;
        } catch (IOException e) {
            LOG.debugf("cannot remove %s: %s", dir, e.getMessage());
            return 0;
        }
    }

    private static Path tmp() {
        return Path.of(System.getProperty("java.io.tmpdir"));
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
            OWN.remove(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the private password file " + file, e);
        }
    }
}
