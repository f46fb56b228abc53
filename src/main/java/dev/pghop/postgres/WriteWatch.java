package dev.pghop.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import dev.pghop.report.PghopException;
import dev.pghop.report.Sizes;

/**
 * How much others wrote to the old server while pghop copied it. pghop's own sessions there only read, so a write
 * transaction counted between two marks is someone else's, and may be partly or wholly missing from the copy: a
 * dump takes one snapshot per database, and nothing after its snapshot reaches it.
 * <ul>
 * <li>transactions: the next transaction ID, which only a writing transaction moves on;</li>
 * <li>rows: pg_stat_database's inserted, updated and deleted rows over every database (the statistics may lag a
 * second or so behind, so this is a lower bound);</li>
 * <li>WAL: how far the write-ahead log moved on (checkpoints add a little of their own).</li>
 * </ul>
 */
public final class WriteWatch {
    private static final String MARK = """
            SELECT pg_catalog.txid_snapshot_xmax(pg_catalog.txid_current_snapshot()),
                   (SELECT coalesce(sum(tup_inserted + tup_updated + tup_deleted), 0)
                    FROM pg_catalog.pg_stat_database),
                   pg_catalog.pg_current_wal_lsn()::text""";

    /** The counters at one moment. */
    public record Mark(long nextTransaction, long rowsWritten, String walPosition) {
    }

    private WriteWatch() {
    }

    public static Mark mark(Endpoint old) {
        try (Connection c = Sessions.openMaintenance(old, true)) {
            List<String> row = Queries.rows(c, MARK).get(0);
            return new Mark(Long.parseLong(row.get(0)), Long.parseLong(row.get(1)), row.get(2));
        } catch (SQLException e) {
            throw PghopException.connectionFailed("while reading the write counters of the " + old + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * What others wrote since {@code before}, as one sentence for the log and the summary; empty when no write
     * transaction ran.
     *
     * @param during what pghop did meanwhile ("the dump")
     */
    public static Optional<String> since(Endpoint old, Mark before, String during) {
        Mark after = mark(old);
        long transactions = after.nextTransaction() - before.nextTransaction();
        if (transactions <= 0) {
            return Optional.empty();
        }
        long rows = Math.max(0, after.rowsWritten() - before.rowsWritten());
        return Optional.of("others wrote to the old server while " + during + " ran: " + transactions
                + " write transaction(s), at least " + rows + " row(s) inserted, updated or deleted, "
                + Sizes.bytes(walBytes(old, before, after)) + " of WAL. Writes after each database's snapshot are"
                + " not in the copy, so they will not be on the new server: stop the applications (or set"
                + " FENCE_OLD_WRITES=true) and run it again, or check with `pghop verify`");
    }

    private static long walBytes(Endpoint old, Mark before, Mark after) {
        try (Connection c = Sessions.openMaintenance(old, true)) {
            String bytes = Queries.single(c, "SELECT pg_catalog.pg_wal_lsn_diff('" + after.walPosition() + "', '"
                    + before.walPosition() + "')::bigint");
            return Long.parseLong(bytes);
        } catch (SQLException | NumberFormatException e) {
            return 0;
        }
    }
}
