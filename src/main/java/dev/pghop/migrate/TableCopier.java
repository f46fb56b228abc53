package dev.pghop.migrate;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOut;

import dev.pghop.load.LoadSettings;
import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.Sessions;
import dev.pghop.process.ParallelJobs;

/**
 * Copies tables' rows from the old server to the new one over COPY, several tables at once: each lane holds a
 * session on the old server inside the database's snapshot and a session on the new server, and takes the next
 * table (largest first) until none is left. Rows go in the text format pg_dump uses, with the same session settings,
 * batched into large COPY messages; nothing is held in memory beyond one batch per lane.
 */
final class TableCopier {
    private static final int BATCH = 1 << 20;
    /** Both sides print and read values the way pg_dump sets them up. */
    private static final List<String> SAME_TEXT = List.of("SET DateStyle = ISO", "SET IntervalStyle = postgres",
            "SET extra_float_digits = 3", "SET statement_timeout = 0");

    private final int lanes;
    private final LoadSettings settings;
    private final AtomicLong bytes;

    /** @param bytes counts every byte copied, for progress lines */
    TableCopier(int lanes, LoadSettings settings, AtomicLong bytes) {
        this.lanes = lanes;
        this.settings = settings;
        this.bytes = bytes;
    }

    /** Copies every table; the first failure stops the database's copy and names the table. */
    void copy(Endpoint source, Endpoint target, String database, String snapshot, List<SourceTables.Table> tables)
            throws IOException, InterruptedException {
        ConcurrentLinkedQueue<SourceTables.Table> queue = new ConcurrentLinkedQueue<>(tables);
        List<ParallelJobs.Job<Void>> work = new ArrayList<>();
        for (int i = 0; i < Math.min(lanes, tables.size()); i++) {
            work.add(() -> {
                lane(source, target, database, snapshot, queue);
                return null;
            });
        }
        ParallelJobs.run("pghop-copy", lanes, work);
    }

    private void lane(Endpoint source, Endpoint target, String database, String snapshot,
            ConcurrentLinkedQueue<SourceTables.Table> queue) throws IOException {
        try (Connection from = Sessions.open(source, database, true);
                Connection to = Sessions.open(target, database, false)) {
            from.setAutoCommit(false);
            run(from, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY",
                    "SET TRANSACTION SNAPSHOT '" + snapshot.replace("'", "''") + "'", "SET row_security = off");
            run(from, SAME_TEXT.toArray(String[]::new));
            run(to, SAME_TEXT.toArray(String[]::new));
            run(to, settings.setStatements().toArray(String[]::new));
            for (SourceTables.Table table = queue.poll(); table != null; table = queue.poll()) {
                copyTable(from, to, table);
            }
            from.rollback();
        } catch (SQLException e) {
            throw new IOException("copying the rows of database " + database + ": " + e.getMessage(), e);
        }
    }

    private void copyTable(Connection from, Connection to, SourceTables.Table table) throws SQLException {
        CopyOut out = from.unwrap(PGConnection.class).getCopyAPI().copyOut(table.copyOut());
        CopyIn in = to.unwrap(PGConnection.class).getCopyAPI().copyIn(table.copyIn());
        byte[] batch = new byte[BATCH];
        int filled = 0;
        try {
            for (byte[] row = out.readFromCopy(); row != null; row = out.readFromCopy()) {
                if (filled + row.length > batch.length) {
                    in.writeToCopy(batch, 0, filled);
                    bytes.addAndGet(filled);
                    filled = 0;
                }
                if (row.length > batch.length) {
                    in.writeToCopy(row, 0, row.length);
                    bytes.addAndGet(row.length);
                } else {
                    System.arraycopy(row, 0, batch, filled, row.length);
                    filled += row.length;
                }
            }
            in.writeToCopy(batch, 0, filled);
            bytes.addAndGet(filled);
            in.endCopy();
        } catch (SQLException e) {
            if (in.isActive()) {
                in.cancelCopy();
            }
            throw new SQLException("table " + table.name() + ": " + e.getMessage(), e.getSQLState(), e);
        }
    }

    private static void run(Connection c, String... statements) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
