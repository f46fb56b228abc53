package dev.pghop.upgrade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.pghop.files.DurableFiles;
import dev.pghop.files.Json;
import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.Sessions;
import dev.pghop.report.PghopException;

/**
 * The indexes an upgrade rebuilds because their collation's version changed ({@link CollationChanges}): recorded in
 * the upgrade's directory before the transfer, when the old cluster can still tell them, and rebuilt in the new
 * cluster while it runs for pghop alone, with each collation's new version recorded afterwards.
 */
final class IndexList {
    private static final Logger LOG = Logger.getLogger("pghop");
    private static final String FORMAT = "pghop-rebuild-indexes/1";

    /** The indexes of one database that sort by one collation. */
    record Entry(String database, String collation, List<String> indexes) {
    }

    private IndexList() {
    }

    static void write(Path file, CollationChanges changes) throws IOException {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("format", FORMAT);
        ArrayNode entries = n.putArray("rebuild");
        for (CollationChanges.Change c : changes.changed()) {
            ObjectNode e = entries.addObject();
            e.put("database", c.database());
            e.put("collation", c.collation());
            ArrayNode indexes = e.putArray("indexes");
            c.indexes().forEach(indexes::add);
        }
        DurableFiles.writeAtomically(file, Json.MAPPER.writeValueAsBytes(n));
    }

    static List<Entry> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        JsonNode n = Json.read(file, FORMAT);
        List<Entry> entries = new ArrayList<>();
        for (JsonNode e : n.path("rebuild")) {
            List<String> indexes = new ArrayList<>();
            e.path("indexes").forEach(i -> indexes.add(i.asText()));
            entries.add(new Entry(e.path("database").asText(), e.path("collation").asText(), List.copyOf(indexes)));
        }
        return entries;
    }

    /**
     * Rebuilds the indexes, database by database, then records the collations' new versions (the database's own
     * from PostgreSQL 15; the others always), so that they are not reported again; returns how many it rebuilt.
     */
    static int rebuild(Endpoint newCluster, List<Entry> entries, int newMajor) {
        Map<String, List<Entry>> byDatabase = new LinkedHashMap<>();
        entries.forEach(e -> byDatabase.computeIfAbsent(e.database(), k -> new ArrayList<>()).add(e));
        int rebuilt = 0;
        for (Map.Entry<String, List<Entry>> db : byDatabase.entrySet()) {
            String database = db.getKey();
            try (Connection c = Sessions.open(newCluster, database, false); Statement s = c.createStatement()) {
                for (String index : new TreeSet<>(db.getValue().stream().flatMap(e -> e.indexes().stream())
                        .toList())) {
                    LOG.infof("rebuilding index %s of database %s: its collation's version changed", index,
                            database);
                    s.execute("REINDEX INDEX " + index);
                    rebuilt++;
                }
                for (Entry e : db.getValue()) {
                    if (!e.collation().equals("default")) {
                        s.execute("ALTER COLLATION " + e.collation() + " REFRESH VERSION");
                    } else if (newMajor >= 15) {
                        s.execute("ALTER DATABASE " + quoted(database) + " REFRESH COLLATION VERSION");
                    }
                }
            } catch (SQLException e) {
                throw PghopException.upgradeFailed("while rebuilding the indexes of database " + database + " whose"
                        + " collation's version changed: " + e.getMessage() + (e.getMessage().contains("unique")
                                ? ". Under the new collation version two keys of a unique index are equal: fix"
                                        + " those rows in the new cluster's database, then run `pghop upgrade` again"
                                : ""), e);
            }
        }
        return rebuilt;
    }

    private static String quoted(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
