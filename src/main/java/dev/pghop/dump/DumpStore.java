package dev.pghop.dump;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import dev.pghop.files.DurableFiles;

/**
 * The dump directory (PGDUMP_PATH): decides whether a dump there is complete, moves untrustworthy files aside
 * (never deletes them) and publishes a finished dump atomically.
 */
public final class DumpStore {
    public static final String DUMP_FILE = "pg_dumpall.sql";
    public static final String PARTIAL_FILE = DUMP_FILE + ".partial";
    public static final String MANIFEST_FILE = "pg_dumpall.manifest.json";
    /** The last lines pg_dumpall writes; a script-written dump without them was cut short. */
    static final String TRAILER = "-- PostgreSQL database cluster dump complete";

    private final Path dir;
    private final Clock clock;

    public DumpStore(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    public Path dumpFile() {
        return dir.resolve(DUMP_FILE);
    }

    public Path partialFile() {
        return dir.resolve(PARTIAL_FILE);
    }

    public Path manifestFile() {
        return dir.resolve(MANIFEST_FILE);
    }

    /** Something that reads a dump from its first byte while it is checked, so the file is read once for both. */
    @FunctionalInterface
    public interface ReadAlong {
        ReadAlong NOTHING = in -> { };

        void read(InputStream dump) throws IOException;
    }

    /** Reads (and checksums) whatever is in the directory. */
    public DumpState inspect() throws IOException {
        return inspect(ReadAlong.NOTHING);
    }

    /** As {@link #inspect()}; a dump file there is also given to {@code along} as it is checked. */
    public DumpState inspect(ReadAlong along) throws IOException {
        Path dump = dumpFile();
        if (!Files.exists(dump)) {
            boolean leftovers = Files.exists(partialFile()) || Files.exists(manifestFile());
            return leftovers ? new DumpState.Incomplete("a partial dump left by an interrupted run")
                    : new DumpState.Absent();
        }
        long size = Files.size(dump);
        if (!Files.exists(manifestFile())) {
            return inspectScriptDump(dump, size, along);
        }
        DumpManifest manifest;
        try {
            manifest = DumpManifest.read(manifestFile());
        } catch (IOException e) {
            return new DumpState.Incomplete("its manifest cannot be read (" + e.getMessage() + ")");
        }
        if (size != manifest.bytes()) {
            return new DumpState.Incomplete(DUMP_FILE + " holds " + size + " bytes but its manifest says "
                    + manifest.bytes() + " (truncated or changed after it was written)");
        }
        if (manifest.crc32c() != null) {
            String crc = Crc32c.of(dump, along);
            if (!crc.equals(manifest.crc32c())) {
                return new DumpState.Incomplete("its checksum (CRC-32C) is " + crc + " but its manifest says "
                        + manifest.crc32c() + " (changed after it was written)");
            }
            return new DumpState.Complete(dump, size, manifest.sha256(), manifest);
        }
        String sha = Sha256.of(dump, along);
        if (!sha.equals(manifest.sha256())) {
            return new DumpState.Incomplete("its SHA-256 is " + sha + " but its manifest says " + manifest.sha256()
                    + " (changed after it was written)");
        }
        return new DumpState.Complete(dump, size, sha, manifest);
    }

    private static DumpState inspectScriptDump(Path dump, long size, ReadAlong along) throws IOException {
        if (size == 0) {
            return new DumpState.Incomplete(DUMP_FILE + " is empty");
        }
        if (!endsWithTrailer(dump, size)) {
            return new DumpState.Incomplete(DUMP_FILE + " has no manifest and lacks pg_dumpall's closing"
                    + " \"dump complete\" line (cut short)");
        }
        return new DumpState.Complete(dump, size, Sha256.of(dump, along), null);
    }

    private static boolean endsWithTrailer(Path file, long size) throws IOException {
        int tail = (int) Math.min(size, 256);
        byte[] bytes = new byte[tail];
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            f.seek(size - tail);
            f.readFully(bytes);
        }
        String end = new String(bytes, StandardCharsets.UTF_8).stripTrailing();
        return end.endsWith(TRAILER + "\n--") || end.endsWith(TRAILER);
    }

    /**
     * Renames the dump, its partial and its manifest to {@code <name>.failed-<UTC time>} (with a counter when that
     * name is taken, so nothing is ever overwritten); returns the new paths.
     */
    public List<Path> moveAside() throws IOException {
        String suffix = DurableFiles.failedSuffix(clock);
        List<Path> moved = new ArrayList<>();
        for (Path p : List.of(dumpFile(), partialFile(), manifestFile())) {
            if (Files.exists(p)) {
                moved.add(DurableFiles.moveAside(p, suffix));
            }
        }
        DurableFiles.syncDirectory(dir);
        return moved;
    }

    /** Publishes a finished partial: manifest first, then the atomic rename that makes the dump visible. */
    public void publish(DumpManifest manifest) throws IOException {
        DurableFiles.writeAtomically(manifestFile(), manifest.toJson());
        Files.move(partialFile(), dumpFile(), StandardCopyOption.ATOMIC_MOVE);
        DurableFiles.syncDirectory(dir);
    }
}
