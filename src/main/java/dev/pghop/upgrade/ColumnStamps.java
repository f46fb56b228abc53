package dev.pghop.upgrade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.pghop.files.DurableFiles;
import dev.pghop.files.Json;
import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.Queries;
import dev.pghop.postgres.Sessions;

/**
 * The column option pg_attver, a stamp PostgreSQL 17.12 keeps on every column it makes. pg_upgrade's pg_dump of
 * another major copies it into the new cluster, which refuses it ("unrecognized parameter"), and the upgrade stops
 * half-way. So, as a load leaves it out, the upgrade takes it off the old cluster's user columns just before
 * pg_upgrade, recording each column's options first; a rollback puts them back. Nothing else reads the stamp: verify
 * compares column options without it.
 *
 * @param columns each stamped column, by database
 */
public record ColumnStamps(Map<String, List<Column>> columns) {
    private static final Logger LOG = Logger.getLogger("pghop");
    private static final String FORMAT = "pghop-column-stamps/1";
    static final String FILE = "column-stamps.json";
    private static final String STAMPED = """
            SELECT a.attrelid::text, a.attnum::text, a.attoptions::text
            FROM pg_catalog.pg_attribute a
            WHERE a.attrelid >= 16384 AND a.attnum > 0
              AND EXISTS (SELECT 1 FROM pg_catalog.unnest(a.attoptions) o WHERE o LIKE 'pg\\_attver=%')""";
    private static final String REMOVE = "UPDATE pg_catalog.pg_attribute SET attoptions = (SELECT"
            + " pg_catalog.array_agg(o ORDER BY n) FROM pg_catalog.unnest(attoptions) WITH ORDINALITY AS u(o, n)"
            + " WHERE o NOT LIKE 'pg\\_attver=%') WHERE attrelid = ?::oid AND attnum = ?::smallint";
    private static final String RESTORE = "UPDATE pg_catalog.pg_attribute SET attoptions = ?::text[]"
            + " WHERE attrelid = ?::oid AND attnum = ?::smallint";

    /** One column and all its options, as they were. */
    public record Column(String relation, String attnum, String options) {
    }

    public static final ColumnStamps NONE = new ColumnStamps(Map.of());

    /** The stamped columns of the user relations in each database; only a 17 cluster has any. */
    static ColumnStamps read(Endpoint endpoint, int major, List<String> databases) throws SQLException {
        if (major != 17) {
            return NONE;
        }
        Map<String, List<Column>> found = new LinkedHashMap<>();
        for (String database : databases) {
            try (Connection c = Sessions.open(endpoint, database, true)) {
                List<Column> columns = Queries.rows(c, STAMPED).stream().map(r -> new Column(r.get(0), r.get(1),
                        r.get(2))).toList();
                if (!columns.isEmpty()) {
                    found.put(database, columns);
                }
            }
        }
        return new ColumnStamps(found);
    }

    public int count() {
        return columns.values().stream().mapToInt(List::size).sum();
    }

    /** Takes the stamp off each column, in one transaction per database. */
    void remove(Endpoint endpoint) throws SQLException {
        eachColumn(endpoint, REMOVE, (s, column) -> {
            s.setString(1, column.relation());
            s.setString(2, column.attnum());
        });
        LOG.infof("took PostgreSQL 17.12's column option pg_attver off %d column(s) of the old cluster (recorded in"
                + " %s; a rollback puts them back)", count(), FILE);
    }

    /** Puts each column's options back as they were. */
    void restore(Endpoint endpoint) throws SQLException {
        eachColumn(endpoint, RESTORE, (s, column) -> {
            s.setString(1, column.options());
            s.setString(2, column.relation());
            s.setString(3, column.attnum());
        });
        LOG.infof("put the column option pg_attver back on %d column(s) of the old cluster", count());
    }

    /** Sets a column's values on a statement. */
    private interface Binding {
        void bind(PreparedStatement statement, Column column) throws SQLException;
    }

    /** Runs {@code sql} once per recorded column, bound to it, in one transaction per database. */
    private void eachColumn(Endpoint endpoint, String sql, Binding binding) throws SQLException {
        for (Map.Entry<String, List<Column>> db : columns.entrySet()) {
            try (Connection c = Sessions.open(endpoint, db.getKey(), false);
                    PreparedStatement s = c.prepareStatement(sql)) {
                c.setAutoCommit(false);
                for (Column column : db.getValue()) {
                    binding.bind(s, column);
                    s.addBatch();
                }
                s.executeBatch();
                c.commit();
            }
        }
    }

    /**
     * Puts back what an earlier run took off the old cluster in {@code pgdata}, as it recorded it in {@code dir}:
     * the cluster is started for pghop alone, its columns' options set again, and stopped. Then the record goes.
     */
    static void putBack(Path dir, Path pgdata, ServerPrograms programs, String superuser)
            throws IOException, InterruptedException {
        ColumnStamps stamps = readFrom(dir);
        if (stamps.count() == 0) {
            return;
        }
        try (PrivateServer server = PrivateServer.start(pgdata, programs, superuser, "", "the old cluster (to put its"
                + " column options back)")) {
            stamps.restore(server.endpoint(Endpoint.Side.OLD));
        } catch (SQLException e) {
            throw new IOException("cannot put the column option pg_attver back: " + e.getMessage(), e);
        }
        Files.delete(dir.resolve(FILE));
    }

    void write(Path dir) throws IOException {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("format", FORMAT);
        ObjectNode dbs = n.putObject("databases");
        columns.forEach((database, list) -> {
            ArrayNode array = dbs.putArray(database);
            list.forEach(c -> array.addObject().put("relation", c.relation()).put("attnum", c.attnum())
                    .put("options", c.options()));
        });
        DurableFiles.writeAtomically(dir.resolve(FILE), Json.MAPPER.writeValueAsBytes(n));
    }

    /** What an earlier run took off, as it recorded it; none when it recorded nothing. */
    static ColumnStamps readFrom(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return NONE;
        }
        JsonNode n = Json.read(file, FORMAT);
        Map<String, List<Column>> found = new LinkedHashMap<>();
        n.path("databases").fields().forEachRemaining(db -> {
            List<Column> list = new ArrayList<>();
            db.getValue().forEach(c -> list.add(new Column(c.path("relation").asText(), c.path("attnum").asText(),
                    c.path("options").asText())));
            found.put(db.getKey(), list);
        });
        return new ColumnStamps(found);
    }
}
