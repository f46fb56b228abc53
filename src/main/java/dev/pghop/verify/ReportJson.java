package dev.pghop.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * verify-report.json: the whole report, every value in full. Tree model (no reflection, nothing to register for the
 * native image), written through a temporary file and renamed, so a reader never sees half a report.
 */
public final class ReportJson {
    public static final String FORMAT = "pghop-verify/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportJson() {
    }

    public static ObjectNode toJson(VerifyReport report) {
        ObjectNode n = JSON.createObjectNode();
        n.put("format", FORMAT);
        n.put("equal", report.equal());
        n.put("oldServer", report.oldServer());
        n.put("newServer", report.newServer());
        n.put("mode", report.mode().toString());
        n.put("startedAt", report.startedAt().toString());
        n.put("finishedAt", report.finishedAt().toString());
        VerifyReport.Compared c = report.compared();
        n.putObject("compared").put("objects", c.objects()).put("databases", c.databases()).put("tables", c.tables())
                .put("rows", c.rows());
        differences(n.putArray("differences"), report.unexpected());
        differences(n.putArray("expected"), report.expected());
        return n;
    }

    private static void differences(ArrayNode array, List<Difference> differences) {
        for (Difference d : differences) {
            ObjectNode item = array.addObject();
            item.put("database", d.database());
            item.put("object", d.object());
            item.put("what", d.what());
            item.put("old", d.oldValue());
            item.put("new", d.newValue());
            if (d.expected()) {
                item.put("reason", d.expectedReason());
            }
        }
    }

    public static void write(VerifyReport report, Path file) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.write(partial, JSON.writeValueAsBytes(toJson(report)));
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
