package dev.pghop.dump;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.pghop.files.Json;
import dev.pghop.postgres.ClusterInventory;
import dev.pghop.postgres.PgVersion;

/**
 * The record that makes a directory-format dump complete, written last: where it came from (the old cluster's
 * inventory, which `load` checks the new server against), the globals file's size and SHA-256, and the databases,
 * each in its own pg_dump directory with its own completion marker.
 */
public record DirectoryManifest(String sourceAddress, ClusterInventory source, PgVersion dumpToolVersion,
        PartMarker.FileEntry globals, List<DatabaseEntry> databases, Instant startedAt, Instant finishedAt,
        String pghopVersion) {
    public static final String FORMAT = "pghop-directory/1";

    /** One database of the dump: its name, its directory under databases/ and the bytes its files hold. */
    public record DatabaseEntry(String name, String directory, long bytes) {
    }

    public long bytes() {
        return globals.bytes() + databases.stream().mapToLong(DatabaseEntry::bytes).sum();
    }

    public byte[] toJson() throws IOException {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("format", FORMAT);
        n.put("sourceAddress", sourceAddress);
        n.put("sourceVersion", source.versionText());
        n.put("sourceSystemIdentifier", source.systemIdentifier());
        n.put("dumpTool", "pg_dump");
        n.put("dumpToolVersion", dumpToolVersion.toString());
        n.putObject("globals").put("file", globals.name()).put("bytes", globals.bytes())
                .put("sha256", globals.sha256());
        ArrayNode list = n.putArray("databases");
        databases.forEach(d -> list.addObject().put("name", d.name()).put("directory", d.directory())
                .put("bytes", d.bytes()));
        n.put("startedAt", startedAt.toString());
        n.put("finishedAt", finishedAt.toString());
        n.put("pghopVersion", pghopVersion);
        n.set("source", InventoryJson.write(source));
        return Json.MAPPER.writeValueAsBytes(n);
    }

    /** Reads a manifest; any missing or malformed field is an IOException naming it. */
    public static DirectoryManifest read(Path path) throws IOException {
        JsonNode n = Json.read(path, FORMAT);
        JsonNode g = n.path("globals");
        if (!g.path("bytes").canConvertToLong()) {
            throw new IOException(path.getFileName() + " has no valid \"globals\" entry");
        }
        List<DatabaseEntry> databases = new ArrayList<>();
        for (JsonNode d : n.path("databases")) {
            databases.add(new DatabaseEntry(Json.text(d, "name", path), Json.text(d, "directory", path),
                    d.path("bytes").asLong()));
        }
        try {
            return new DirectoryManifest(Json.text(n, "sourceAddress", path), InventoryJson.read(n.get("source")),
                    Json.version(n, "dumpToolVersion", path), new PartMarker.FileEntry(Json.text(g, "file", path),
                            g.get("bytes").asLong(), Json.text(g, "sha256", path)),
                    List.copyOf(databases), Instant.parse(Json.text(n, "startedAt", path)),
                    Instant.parse(Json.text(n, "finishedAt", path)), Json.text(n, "pghopVersion", path));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new IOException(path.getFileName() + " has a malformed field: " + e.getMessage(), e);
        }
    }
}
