package dev.pghop.files;

import java.io.IOException;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.pghop.postgres.PgVersion;

/**
 * Reading and writing the JSON records pghop keeps beside a dump (manifests, markers, the load state), with the tree
 * model only: no reflection, so the native image needs nothing registered.
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    /** Reads a record pghop wrote; one that is not JSON, or not of {@code format}, is an IOException. */
    public static JsonNode read(Path path, String format) throws IOException {
        JsonNode n = MAPPER.readTree(path.toFile());
        if (n == null || !format.equals(n.path("format").asText())) {
            throw new IOException(path + " is not a " + format + " file");
        }
        return n;
    }

    /** A required text field; its absence is an IOException naming the field and the file. */
    public static String text(JsonNode n, String field, Path path) throws IOException {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IOException(path + " has no \"" + field + "\" field");
        }
        return v.asText();
    }

    /** A client program's version as written by {@link PgVersion#toString()}. */
    public static PgVersion version(JsonNode n, String field, Path path) throws IOException {
        return PgVersion.fromToolOutput("(PostgreSQL) " + text(n, field, path));
    }
}
