package dev.pghop.dump;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import dev.pghop.files.DurableFiles;
import dev.pghop.postgres.PgVersion;

/**
 * One part of a directory-format dump, with its completion marker beside it: the globals file, or the pg_dump
 * directory of one database. A part counts as finished only when its marker is there and every file matches it.
 *
 * @param label names the part in messages: "globals", "database app"
 * @param database the database it holds; null for the globals
 * @param content the file or directory the dump program writes
 * @param marker the completion marker, written last
 */
public record DumpPart(String label, String database, Path content, Path marker) {

    /** Reads the marker and re-hashes every file against it. */
    public PartState state() throws IOException {
        boolean hasContent = Files.exists(content);
        if (!hasContent && !Files.exists(marker)) {
            return new PartState.Absent();
        }
        if (!Files.exists(marker)) {
            return new PartState.Untrusted(content.getFileName() + " has no completion marker "
                    + marker.getFileName() + " (the run that wrote it did not finish)");
        }
        PartMarker read;
        try {
            read = PartMarker.read(marker);
        } catch (IOException e) {
            return new PartState.Untrusted("its marker cannot be read (" + e.getMessage() + ")");
        }
        if (!java.util.Objects.equals(read.database(), database)) {
            return new PartState.Untrusted("its marker " + marker.getFileName() + " describes "
                    + (read.database() == null ? "the globals" : "database " + read.database()));
        }
        if (!hasContent) {
            return new PartState.Untrusted(content.getFileName() + " is missing");
        }
        Optional<String> mismatch = read.mismatch(content);
        return mismatch.<PartState>map(PartState.Untrusted::new).orElseGet(() -> new PartState.Done(read));
    }

    /** Moves the part and its marker aside with {@code suffix}; returns the new paths. */
    public List<Path> moveAside(String suffix) throws IOException {
        List<Path> moved = new ArrayList<>();
        for (Path p : List.of(content, marker)) {
            if (Files.exists(p)) {
                moved.add(DurableFiles.moveAside(p, suffix));
            }
        }
        DurableFiles.syncDirectory(content.getParent());
        return moved;
    }

    /**
     * Marks the part finished: forces every file (and the directory) to disk, lists them with their checksums and
     * writes the marker atomically.
     */
    public PartMarker finish(String sourceSystemIdentifier, String tool, PgVersion toolVersion, Instant startedAt,
            Instant finishedAt) throws IOException {
        if (Files.isDirectory(content)) {
            try (Stream<Path> files = Files.list(content)) {
                for (Path file : files.toList()) {
                    DurableFiles.syncFile(file);
                }
            }
            DurableFiles.syncDirectory(content);
        } else {
            DurableFiles.syncFile(content);
        }
        DurableFiles.syncDirectory(content.getParent());
        PartMarker done = new PartMarker(database, sourceSystemIdentifier, tool, toolVersion, startedAt, finishedAt,
                PartMarker.describe(content));
        DurableFiles.writeAtomically(marker, done.toJson());
        return done;
    }

    /** Bytes written so far: the file's size, or the sum of the directory's; 0 while there is nothing yet. */
    public long bytesOnDisk() {
        try {
            if (!Files.isDirectory(content)) {
                return Files.exists(content) ? Files.size(content) : 0;
            }
            try (Stream<Path> files = Files.list(content)) {
                return files.mapToLong(p -> p.toFile().length()).sum();
            }
        } catch (IOException e) {
            return 0;
        }
    }
}
