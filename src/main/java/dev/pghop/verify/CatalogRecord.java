package dev.pghop.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.pghop.config.VerifyMode;
import dev.pghop.files.DurableFiles;
import dev.pghop.files.Json;
import dev.pghop.postgres.Endpoint;
import dev.pghop.report.PghopException;

/**
 * One cluster as verify compares it, read at one time and kept in a file to be compared with what the same cluster
 * holds at another: an in-place upgrade records the old cluster before pg_upgrade moves its files, and compares the
 * new cluster with that record afterwards, when the old one may no longer start. It holds the cluster-wide catalog,
 * each database's catalog (with the sequences and the large objects' count, owners and privileges), and, unless
 * the mode is none, each table's row count and checksum.
 *
 * <p>The salt of the secrets' fingerprints is kept with the record, which lives beside the cluster's own files
 * (which hold those secrets anyway), readable by its owner only, and is deleted once compared.
 */
public final class CatalogRecord {
    private static final String FORMAT = "pghop-catalog-record/1";

    private final String salt;
    private final VerifyMode mode;
    private final CatalogSnapshot cluster;
    private final Map<String, CatalogSnapshot> databases;
    private final Map<String, Map<String, TableChecksum>> rows;

    private CatalogRecord(String salt, VerifyMode mode, CatalogSnapshot cluster,
            Map<String, CatalogSnapshot> databases, Map<String, Map<String, TableChecksum>> rows) {
        this.salt = salt;
        this.mode = mode;
        this.cluster = cluster;
        this.databases = databases;
        this.rows = rows;
    }

    /** A new salt for one record and the comparison with it. */
    public static String newSalt() {
        return FingerprintSalt.draw();
    }

    /**
     * Reads the cluster at {@code endpoint}, a superuser's.
     *
     * @param grantors whether memberships' grantors are recorded: both majors are 16 or later
     * @param what names the cluster in progress lines and errors ("the old cluster")
     */
    public static CatalogRecord read(Endpoint endpoint, String salt, boolean grantors, VerifyMode mode, int jobs,
            Duration interval, String what) throws InterruptedException {
        CatalogSnapshot cluster;
        try (Connection session = VerifySessions.openMaintenance(endpoint)) {
            cluster = ClusterCatalog.read(session, grantors);
        } catch (SQLException e) {
            throw PghopException.connectionFailed("while reading the roles and databases of " + what + ": "
                    + e.getMessage(), e);
        }
        List<String> names = new ArrayList<>(ClusterCatalog.databases(cluster, true));
        Map<String, CatalogSnapshot> databases = new TreeMap<>();
        for (String database : names) {
            try (Connection session = VerifySessions.open(endpoint, database)) {
                FingerprintSalt.give(session, salt);
                databases.put(database, CatalogSnapshot.read(session, DatabaseComparison.queries(session, false)));
            } catch (SQLException e) {
                throw PghopException.connectionFailed("while reading the catalog of database " + database + " in "
                        + what + ": " + e.getMessage(), e);
            }
        }
        Map<String, Map<String, TableChecksum>> rows = mode == VerifyMode.NONE ? Map.of()
                : TableRows.read(endpoint, names, mode, jobs, interval, what);
        return new CatalogRecord(salt, mode, cluster, databases, rows);
    }

    public String salt() {
        return salt;
    }

    public VerifyMode mode() {
        return mode;
    }

    /** How many catalog objects it holds. */
    public int objects() {
        return cluster.size() + databases.values().stream().mapToInt(CatalogSnapshot::size).sum();
    }

    /**
     * The report of what differs between this record (the old cluster) and {@code fresh} (the new one, read with
     * the same salt and mode), each difference the upgrade makes by itself marked expected.
     */
    public VerifyReport compare(CatalogRecord fresh, Expectations expectations, String oldLabel, String newLabel,
            Instant startedAt) {
        List<Difference> found = new ArrayList<>(expectations.classify(SnapshotDiff.between(cluster, fresh.cluster,
                ClusterCatalog::databaseOf)));
        Set<String> both = new TreeSet<>(databases.keySet());
        both.retainAll(fresh.databases.keySet());
        long rowCount = 0;
        int tables = 0;
        for (String database : both) {
            found.addAll(expectations.classify(SnapshotDiff.between(database, databases.get(database),
                    fresh.databases.get(database))));
            Map<String, TableChecksum> before = rows.getOrDefault(database, Map.of());
            Map<String, TableChecksum> after = fresh.rows.getOrDefault(database, Map.of());
            for (Map.Entry<String, TableChecksum> table : before.entrySet()) {
                TableChecksum now = after.get(table.getKey());
                if (now == null) {
                    continue; // a table missing on one side is a catalog difference already
                }
                tables++;
                rowCount += table.getValue().rows();
                found.addAll(expectations.classify(rowDifferences(database, table.getKey(), table.getValue(),
                        now)));
            }
        }
        List<Difference> sorted = found.stream().sorted(Comparator.comparing(Difference::database,
                Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(Difference::object)
                .thenComparing(Difference::what)).toList();
        return new VerifyReport(oldLabel, newLabel, mode, startedAt, Instant.now(),
                new VerifyReport.Compared(both.size(), objects(), tables, rowCount), sorted);
    }

    private static List<Difference> rowDifferences(String database, String table, TableChecksum was,
            TableChecksum now) {
        List<Difference> found = new ArrayList<>();
        if (was.rows() != now.rows()) {
            found.add(Difference.of(database, table, "rows", Long.toString(was.rows()), Long.toString(now.rows())));
        }
        if (was.checksum() != null && !was.checksum().equals(now.checksum())) {
            found.add(Difference.of(database, table, "content checksum", was.checksum(), String.valueOf(
                    now.checksum())));
        }
        return found;
    }

    /** Writes the record, readable by its owner only, atomically. */
    public void write(Path file) throws IOException {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("format", FORMAT);
        n.put("salt", salt);
        n.put("mode", mode.toString());
        n.set("cluster", snapshot(cluster));
        ObjectNode dbs = n.putObject("databases");
        databases.forEach((name, snapshot) -> dbs.set(name, snapshot(snapshot)));
        ObjectNode tables = n.putObject("rows");
        rows.forEach((database, byTable) -> {
            ObjectNode each = tables.putObject(database);
            byTable.forEach((table, sum) -> each.putObject(table).put("rows", sum.rows()).put("checksum",
                    sum.checksum()));
        });
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        DurableFiles.writeAtomically(file, Json.MAPPER.writeValueAsBytes(n));
    }

    public static CatalogRecord load(Path file) throws IOException {
        JsonNode n = Json.read(file, FORMAT);
        VerifyMode mode = VerifyMode.valueOf(Json.text(n, "mode", file).toUpperCase(java.util.Locale.ROOT));
        Map<String, CatalogSnapshot> databases = new TreeMap<>();
        n.path("databases").fields().forEachRemaining(e -> databases.put(e.getKey(), snapshot(e.getValue())));
        Map<String, Map<String, TableChecksum>> rows = new TreeMap<>();
        n.path("rows").fields().forEachRemaining(db -> {
            Map<String, TableChecksum> byTable = new TreeMap<>();
            db.getValue().fields().forEachRemaining(t -> byTable.put(t.getKey(), new TableChecksum(
                    t.getValue().path("rows").asLong(), t.getValue().path("checksum").isNull() ? null
                            : t.getValue().path("checksum").asText())));
            rows.put(db.getKey(), byTable);
        });
        return new CatalogRecord(Json.text(n, "salt", file), mode, snapshot(n.path("cluster")), databases, rows);
    }

    private static ObjectNode snapshot(CatalogSnapshot snapshot) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        snapshot.objects().forEach((object, properties) -> {
            ObjectNode each = n.putObject(object);
            properties.forEach(each::put);
        });
        return n;
    }

    private static CatalogSnapshot snapshot(JsonNode n) {
        CatalogSnapshot snapshot = new CatalogSnapshot();
        n.fields().forEachRemaining(object -> {
            snapshot.add(object.getKey());
            object.getValue().fields().forEachRemaining(p -> snapshot.add(object.getKey(), p.getKey(),
                    p.getValue().asText()));
        });
        return snapshot;
    }
}
