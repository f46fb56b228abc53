package dev.pghop.dump;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.pghop.files.Json;
import dev.pghop.postgres.ClusterInventory;
import dev.pghop.postgres.PgVersion;

/**
 * The record pghop writes beside a finished dump: how to check it is whole (size, CRC-32C; SHA-256 as its identity,
 * and the check for a manifest written before pghop recorded CRC-32C), where it came from (the
 * old cluster's inventory, which `load` checks the new server against) and what wrote it. JSON, tree model (no
 * reflection, so the native image needs nothing registered).
 */
public record DumpManifest(String file, long bytes, String sha256, String crc32c, String sourceAddress,
        ClusterInventory source,
        String dumpTool, PgVersion dumpToolVersion, Instant startedAt, Instant finishedAt, String pghopVersion) {
    public static final String FORMAT = "pghop-dump/1";

    public byte[] toJson() throws IOException {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("format", FORMAT);
        n.put("file", file);
        n.put("bytes", bytes);
        n.put("sha256", sha256);
        n.put("crc32c", crc32c);
        n.put("sourceAddress", sourceAddress);
        n.put("sourceVersion", source.versionText());
        n.put("sourceSystemIdentifier", source.systemIdentifier());
        n.put("dumpTool", dumpTool);
        n.put("dumpToolVersion", dumpToolVersion.toString());
        n.put("startedAt", startedAt.toString());
        n.put("finishedAt", finishedAt.toString());
        n.put("pghopVersion", pghopVersion);
        n.set("source", InventoryJson.write(source));
        return Json.MAPPER.writeValueAsBytes(n);
    }

    /** Reads a manifest; any missing or malformed field is an IOException naming it. */
    public static DumpManifest read(Path path) throws IOException {
        JsonNode n = Json.read(path, FORMAT);
        JsonNode bytes = n.get("bytes");
        if (bytes == null || !bytes.canConvertToLong()) {
            throw new IOException(path + " has no valid \"bytes\" field");
        }
        try {
            return new DumpManifest(Json.text(n, "file", path), bytes.asLong(), Json.text(n, "sha256", path),
                    n.path("crc32c").isTextual() ? n.get("crc32c").asText() : null, Json.text(n, "sourceAddress", path), InventoryJson.read(n.get("source")),
                    Json.text(n, "dumpTool", path), Json.version(n, "dumpToolVersion", path),
                    Instant.parse(Json.text(n, "startedAt", path)), Instant.parse(Json.text(n, "finishedAt", path)),
                    Json.text(n, "pghopVersion", path));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new IOException(path + " has a malformed field: " + e.getMessage(), e);
        }
    }
}
