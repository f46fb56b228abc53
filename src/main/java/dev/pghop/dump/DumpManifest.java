package dev.pghop.dump;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The record pghop writes beside a finished dump: what it holds, where it came from and how to check it is whole.
 * Written as JSON with the tree model (no reflection, so the native image needs nothing registered).
 */
public record DumpManifest(String file, long bytes, String sha256, String sourceAddress, String sourceVersion,
        String sourceSystemIdentifier, String dumpTool, String dumpToolVersion, Instant startedAt,
        Instant finishedAt, String pghopVersion) {
    public static final String FORMAT = "pghop-dump/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public byte[] toJson() throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("format", FORMAT);
        n.put("file", file);
        n.put("bytes", bytes);
        n.put("sha256", sha256);
        n.put("sourceAddress", sourceAddress);
        n.put("sourceVersion", sourceVersion);
        n.put("sourceSystemIdentifier", sourceSystemIdentifier);
        n.put("dumpTool", dumpTool);
        n.put("dumpToolVersion", dumpToolVersion);
        n.put("startedAt", startedAt.toString());
        n.put("finishedAt", finishedAt.toString());
        n.put("pghopVersion", pghopVersion);
        return JSON.writeValueAsBytes(n);
    }

    /** Reads a manifest; any missing or malformed field is an IOException naming it. */
    public static DumpManifest read(Path path) throws IOException {
        JsonNode n = JSON.readTree(path.toFile());
        if (n == null || !FORMAT.equals(text(n, "format", path))) {
            throw new IOException(path + " is not a " + FORMAT + " manifest");
        }
        JsonNode bytes = n.get("bytes");
        if (bytes == null || !bytes.canConvertToLong()) {
            throw new IOException(path + " has no valid \"bytes\" field");
        }
        try {
            return new DumpManifest(text(n, "file", path), bytes.asLong(), text(n, "sha256", path),
                    text(n, "sourceAddress", path), text(n, "sourceVersion", path),
                    n.path("sourceSystemIdentifier").isTextual() ? n.get("sourceSystemIdentifier").asText() : null,
                    text(n, "dumpTool", path), text(n, "dumpToolVersion", path),
                    Instant.parse(text(n, "startedAt", path)), Instant.parse(text(n, "finishedAt", path)),
                    text(n, "pghopVersion", path));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IOException(path + " has a malformed time: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode n, String field, Path path) throws IOException {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IOException(path + " has no \"" + field + "\" field");
        }
        return v.asText();
    }
}
