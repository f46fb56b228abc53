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
 * <li>transactions: those that committed between the marks, whatever their ID: the ones in progress at the first
 * mark (prepared ones among them, and those given an ID before it), and those begun since. A snapshot lists the
 * transactions in progress below its xmax, the oldest ID not completed yet; every ID from there on was in progress
 * or not yet given. Each is asked whether it committed (txid_status), so an aborted one counts for nothing; above
 * {@link #MOST_ASKED} IDs in between, their number is given instead, as an upper bound;</li>
 * <li>rows: pg_stat_database's inserted, updated and deleted rows over every database (the statistics may lag a
 * second or so behind, so this is a lower bound);</li>
 * <li>WAL: how far the write-ahead log moved on (checkpoints add a little of their own).</li>
 * </ul>
 */
public final class WriteWatch {
    private static final String MARK = """
            SELECT pg_catalog.txid_snapshot_xmax(s.snapshot),
                   (SELECT coalesce(sum(tup_inserted + tup_updated + tup_deleted), 0)
                    FROM pg_catalog.pg_stat_database),
                   pg_catalog.pg_current_wal_lsn()::text,
                   (SELECT coalesce(pg_catalog.string_agg(x::text, ','), '')
                    FROM pg_catalog.txid_snapshot_xip(s.snapshot) x)
            FROM (SELECT pg_catalog.txid_current_snapshot() AS snapshot) s""";
    /** Of the transactions in progress at a mark (listed, then from its xmax on), those that have committed since. */
    private static final String COMMITTED_SINCE = """
            SELECT count(*) FROM (SELECT x FROM pg_catalog.unnest('{%s}'::bigint[]) x
                UNION ALL SELECT x FROM pg_catalog.generate_series(%d::bigint, %d::bigint - 1) x) t
            WHERE pg_catalog.txid_status(x) = 'committed'""";
    /** Past this many transaction IDs between the marks, each is not asked about: their number is the count. */
    private static final long MOST_ASKED = 1_000_000;

    /**
     * The counters at one moment.
     *
     * @param notCompletedFrom the snapshot's xmax: every transaction ID from it on was in progress, or not given yet
     * @param open the transactions in progress then below that ID, whose commit may come later
     */
    public record Mark(long notCompletedFrom, long rowsWritten, String walPosition, List<Long> open) {
    }

    private WriteWatch() {
    }

    public static Mark mark(Endpoint old) {
        try (Connection c = Sessions.openMaintenance(old, true)) {
            List<String> row = Queries.rows(c, MARK).get(0);
            List<Long> open = row.get(3).isEmpty() ? List.of()
                    : java.util.Arrays.stream(row.get(3).split(",")).map(Long::parseLong).toList();
            return new Mark(Long.parseLong(row.get(0)), Long.parseLong(row.get(1)), row.get(2), open);
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
        long transactions = committedBetween(old, before, after);
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

    /** How many transactions committed between the two marks. */
    private static long committedBetween(Endpoint old, Mark before, Mark after) {
        long given = after.notCompletedFrom() - before.notCompletedFrom();
        if (given > MOST_ASKED) {
            return given + before.open().size();
        }
        try (Connection c = Sessions.openMaintenance(old, true)) {
            return Long.parseLong(Queries.single(c, COMMITTED_SINCE.formatted(before.open().stream()
                    .map(String::valueOf).collect(java.util.stream.Collectors.joining(",")),
                    before.notCompletedFrom(), after.notCompletedFrom())));
        } catch (SQLException e) {
            throw PghopException.connectionFailed("while reading which transactions of the " + old + " committed"
                    + " during the copy: " + e.getMessage(), e);
        }
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
