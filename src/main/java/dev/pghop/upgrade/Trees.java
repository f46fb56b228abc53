package dev.pghop.upgrade;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Predicate;

import dev.pghop.files.DurableFiles;

/** Removing a directory pghop made (a half-made cluster, its own files), never following a link out of it. */
final class Trees {
    private Trees() {
    }

    /** Removes {@code dir} and all it holds; nothing when it does not exist. Links are removed, not followed. */
    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Moves each entry of {@code from} that {@code which} accepts by name into {@code to} (one directory of the
     * same filesystem), each a rename; both directories are made durable afterwards.
     */
    static void moveEntries(Path from, Path to, Predicate<String> which) throws IOException {
        try (java.util.stream.Stream<Path> entries = Files.list(from)) {
            boolean first = true;
            for (Path entry : entries.toList()) {
                if (which.test(entry.getFileName().toString())) {
                    Files.move(entry, to.resolve(entry.getFileName()), StandardCopyOption.ATOMIC_MOVE);
                    if (first) {
                        TestPause.at("moving-entries");
                        first = false;
                    }
                }
            }
        }
        DurableFiles.syncDirectory(to);
        DurableFiles.syncDirectory(from);
    }

    /** The entries of a cluster's own in a PGDATA that is its volume's root: not pghop's, not the filesystem's. */
    static Predicate<String> notPghops() {
        return name -> !name.startsWith(Layout.INSIDE_PREFIX) && !name.equals("lost+found");
    }

    /**
     * Removes a cluster's directory that pghop made or kept (a new cluster, the old one kept after the swap): the
     * directory, or, where it is a volume's mount point (NEW_PGDATA, or PGDATA, on a volume of its own), what it
     * holds, the directory staying empty.
     */
    static void deleteMade(Path dir) throws IOException {
        if (Files.isDirectory(dir) && Mounts.isMountPoint(dir)) {
            deleteContents(dir);
        } else {
            delete(dir);
        }
    }

    /** Removes what {@code dir} holds, and not {@code dir} itself (a volume's mount point). */
    static void deleteContents(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.toList()) {
                delete(entry);
            }
        }
    }

    /** The bytes of the regular files under {@code dir}, links not followed. */
    static long size(Path dir) throws IOException {
        long[] total = {0};
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    total[0] += attrs.size();
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }
}
