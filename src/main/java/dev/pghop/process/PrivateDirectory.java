package dev.pghop.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

/**
 * A directory under the temporary directory that only this user may enter (0700), for files that hold secrets while
 * the client programs need them: a password file, a schema archive with user mappings' passwords in it. Its files
 * are made 0600, and all of it is deleted on close.
 * <p>
 * A pghop killed with SIGKILL cannot delete anything, so the directory's name carries the process ID of the pghop
 * that made it and what it holds ({@code pghop-<pid>-<kind>-<random>}), and every run first deletes what pghop
 * processes that no longer exist left ({@link #removeStale()}): no secret outlives the next run.
 */
public final class PrivateDirectory implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("pghop");
    /** pghop-PID-KIND-random; directories of releases that named no kind held a password file. */
    private static final Pattern STALE_CANDIDATE = Pattern.compile("pghop-(\\d+)-(?:([a-z]+)-)?[^/]*");
    /** The directories this process made, which are never stale to it. */
    private static final Set<Path> OWN = ConcurrentHashMap.newKeySet();

    /** What a directory holds, as its name says and the sweep reports it. */
    public enum Kind {
        PASSWORD("pass", "password file(s)"),
        SCHEMA("schema", "schema archive(s)"),
        /** A private server's socket, pg_hba and log (an in-place upgrade's). */
        SERVER("server", "private server file(s)");

        private final String tag;
        private final String counted;

        Kind(String tag, String counted) {
            this.tag = tag;
            this.counted = counted;
        }

        private static Kind ofTag(String tag) {
            for (Kind kind : values()) {
                if (kind.tag.equals(tag)) {
                    return kind;
                }
            }
            return PASSWORD;
        }
    }

    private final Path path;

    private PrivateDirectory(Path path) {
        this.path = path;
    }

    public static PrivateDirectory create(Kind kind) {
        Path tmp = tmp();
        try {
            Path dir = Files.createTempDirectory(tmp, "pghop-" + ProcessHandle.current().pid() + "-" + kind.tag + "-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            OWN.add(dir);
            return new PrivateDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a private directory under " + tmp
                    + " (mount a writable emptyDir at /tmp when the root filesystem is read-only)", e);
        }
    }

    public Path path() {
        return path;
    }

    /** A new, empty file in it that only its owner may read (0600), for a program to write into. */
    public Path newFile(String name) throws IOException {
        return Files.createFile(path.resolve(name),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }

    /**
     * Deletes what killed pghop processes left in the temporary directory: the private directories whose process no
     * longer runs, or whose process ID is now this process's (a new container reuses IDs) without it having made
     * them. Logs how many of each kind were removed, and returns how many files that was.
     */
    public static int removeStale() {
        Map<Kind, Integer> removed = new EnumMap<>(Kind.class);
        try (Stream<Path> entries = Files.list(tmp())) {
            for (Path dir : entries.filter(Files::isDirectory).toList()) {
                Matcher m = STALE_CANDIDATE.matcher(dir.getFileName().toString());
                if (m.matches() && !OWN.contains(dir) && !runsElsewhere(Long.parseLong(m.group(1)))) {
                    removed.merge(Kind.ofTag(m.group(2)), deleteQuietly(dir), Integer::sum);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.debugf("cannot look for stale private files in %s: %s", tmp(), e.getMessage());
        }
        removed.forEach((kind, files) -> {
            if (files > 0) {
                LOG.infof("removed %d %s left by a pghop that was killed", files, kind.counted);
            }
        });
        return removed.values().stream().mapToInt(Integer::intValue).sum();
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

    /** Deletes its files and itself. */
    @Override
    public void close() {
        try (Stream<Path> files = Files.list(path)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(path);
            OWN.remove(path);
        } catch (java.nio.file.NoSuchFileException e) {
            OWN.remove(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the private directory " + path, e);
        }
    }
}
