package dev.pghop.dump;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.pghop.files.Json;
import dev.pghop.postgres.PgVersion;

/**
 * The completion marker of one part of a directory-format dump: the globals file, or one database's pg_dump
 * directory. It is written only once every file of the part is on disk, and lists each file with its size and
 * SHA-256, so a later run tells a finished part from one cut short, changed, or with files added or lost since.
 * JSON, tree model (no reflection, so the native image needs nothing registered).
 *
 * @param database the database the part holds; null for the globals
 * @param sourceSystemIdentifier the old cluster it was dumped from; null when that was not known
 * @param tool the program that wrote it (pg_dumpall, pg_dump)
 */
public record PartMarker(String database, String sourceSystemIdentifier, String tool, PgVersion toolVersion,
        Instant startedAt, Instant finishedAt, List<FileEntry> files) {
    public static final String FORMAT = "pghop-part/1";

    /** One file of a part: its name (inside the part's directory, or the file itself), size and SHA-256. */
    public record FileEntry(String name, long bytes, String sha256) {
        static FileEntry of(Path file) throws IOException {
            return new FileEntry(file.getFileName().toString(), Files.size(file), Sha256.of(file));
        }
    }

    public long bytes() {
        return files.stream().mapToLong(FileEntry::bytes).sum();
    }

    /**
     * Why this part cannot join a dump of the old cluster {@code systemIdentifier} written by {@code toolVersion}:
     * it comes from another cluster, or from a pg_dump of another major. Empty when it can.
     */
    public Optional<String> foreignTo(String systemIdentifier, PgVersion toolVersion) {
        if (systemIdentifier != null && sourceSystemIdentifier != null
                && !systemIdentifier.equals(sourceSystemIdentifier)) {
            return Optional.of("it was dumped from another cluster (system identifier " + sourceSystemIdentifier
                    + "; the old server's is " + systemIdentifier + ")");
        }
        if (toolVersion.major() != this.toolVersion.major()) {
            return Optional.of("it was written by " + tool + " " + this.toolVersion + ", and this dump is written by "
                    + toolVersion);
        }
        return Optional.empty();
    }

    /** The files of {@code content} as they are now: the file itself, or every entry of the directory, by name. */
    public static List<FileEntry> describe(Path content) throws IOException {
        List<FileEntry> entries = new ArrayList<>();
        for (Path file : filesOf(content).values()) {
            entries.add(FileEntry.of(file));
        }
        return entries;
    }

    /**
     * What differs between {@code content} and this marker, or empty when every listed file is there with its size
     * and SHA-256 and no other file is. Sizes are compared before anything is hashed.
     */
    public Optional<String> mismatch(Path content) throws IOException {
        Map<String, Path> found = filesOf(content);
        TreeSet<String> missing = new TreeSet<>(files.stream().map(FileEntry::name).toList());
        missing.removeAll(found.keySet());
        if (!missing.isEmpty()) {
            return Optional.of("its marker lists " + String.join(", ", missing) + ", which "
                    + (missing.size() == 1 ? "is" : "are") + " missing");
        }
        TreeSet<String> extra = new TreeSet<>(found.keySet());
        extra.removeAll(files.stream().map(FileEntry::name).toList());
        if (!extra.isEmpty()) {
            return Optional.of("it holds " + String.join(", ", extra) + ", which its marker does not list"
                    + " (added after it was written)");
        }
        for (FileEntry entry : files) {
            long size = Files.size(found.get(entry.name()));
            if (size != entry.bytes()) {
                return Optional.of(entry.name() + " holds " + size + " bytes but its marker says " + entry.bytes()
                        + " (truncated or changed after it was written)");
            }
        }
        for (FileEntry entry : files) {
            String sha = Sha256.of(found.get(entry.name()));
            if (!sha.equals(entry.sha256())) {
                return Optional.of("the SHA-256 of " + entry.name() + " is " + sha + " but its marker says "
                        + entry.sha256() + " (changed after it was written)");
            }
        }
        return Optional.empty();
    }

    /** The entries of a directory by name (anything in it counts, so a stray subdirectory shows), or the one file. */
    private static Map<String, Path> filesOf(Path content) throws IOException {
        Map<String, Path> byName = new TreeMap<>();
        if (!Files.isDirectory(content)) {
            byName.put(content.getFileName().toString(), content);
            return byName;
        }
        try (Stream<Path> entries = Files.list(content)) {
            entries.forEach(p -> byName.put(p.getFileName().toString(), p));
        }
        for (Path p : byName.values()) {
            if (!Files.isRegularFile(p)) {
                throw new IOException(p + " is not a regular file; a pg_dump directory holds only files");
            }
        }
        return byName;
    }

    public byte[] toJson() throws IOException {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("format", FORMAT);
        if (database != null) {
            n.put("database", database);
        }
        n.put("sourceSystemIdentifier", sourceSystemIdentifier);
        n.put("tool", tool);
        n.put("toolVersion", toolVersion.toString());
        n.put("startedAt", startedAt.toString());
        n.put("finishedAt", finishedAt.toString());
        ArrayNode list = n.putArray("files");
        files.forEach(f -> list.addObject().put("name", f.name()).put("bytes", f.bytes()).put("sha256", f.sha256()));
        return Json.MAPPER.writeValueAsBytes(n);
    }

    /** Reads a marker; any missing or malformed field is an IOException naming it. */
    public static PartMarker read(Path path) throws IOException {
        JsonNode n = Json.read(path, FORMAT);
        List<FileEntry> files = new ArrayList<>();
        for (JsonNode f : n.path("files")) {
            if (!f.path("name").isTextual() || !f.path("bytes").canConvertToLong() || !f.path("sha256").isTextual()) {
                throw new IOException(path.getFileName() + " has a malformed entry in \"files\"");
            }
            files.add(new FileEntry(f.get("name").asText(), f.get("bytes").asLong(), f.get("sha256").asText()));
        }
        try {
            return new PartMarker(n.path("database").isTextual() ? n.get("database").asText() : null,
                    n.path("sourceSystemIdentifier").isTextual() ? n.get("sourceSystemIdentifier").asText() : null,
                    Json.text(n, "tool", path), Json.version(n, "toolVersion", path),
                    Instant.parse(Json.text(n, "startedAt", path)), Instant.parse(Json.text(n, "finishedAt", path)),
                    List.copyOf(files));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new IOException(path.getFileName() + " has a malformed field: " + e.getMessage(), e);
        }
    }
}
