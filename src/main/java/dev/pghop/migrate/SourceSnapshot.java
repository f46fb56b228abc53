package dev.pghop.migrate;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.Queries;
import dev.pghop.postgres.Sessions;

/**
 * A moment of one database on the old server that every part of its copy reads: a read-only REPEATABLE READ
 * transaction that exports its snapshot, held open until the copy is done. pg_dump takes it with --snapshot, the
 * table copies with SET TRANSACTION SNAPSHOT, exactly as pg_dump -j does with its own workers.
 * <p>
 * Like pg_dump -j's leader, it holds ACCESS SHARE on every table to be copied, from before the snapshot is taken
 * until the copy ends: a TRUNCATE, an ALTER TABLE that rewrites a table or a DROP elsewhere then waits for the copy,
 * instead of emptying or changing under it a table whose rows the snapshot still holds (TRUNCATE and table rewrites
 * are not MVCC-safe: a snapshot taken before them reads the new, empty or rewritten table). The locks come first, so
 * the snapshot sees no such change made between the two. A lock another session holds is waited for no longer than
 * LOCK_WAIT_TIMEOUT, and the holder is named.
 */
final class SourceSnapshot implements AutoCloseable {
    /** The tables' locks are asked for this many at a time, each batch in one round trip. */
    private static final int LOCKS_PER_BATCH = 500;
    private static final String UNDEFINED_TABLE = "42P01";
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    /** A table listed may be dropped or renamed before it is locked; the list is then read again. */
    private static final int ATTEMPTS = 3;
    /** A live server ends a read-only transaction at once. */
    private static final Duration ROLLBACK_WAIT = Duration.ofSeconds(10);

    private final Connection session;
    private final String id;
    private final List<SourceTables.Table> tables;

    private SourceSnapshot(Connection session, String id, List<SourceTables.Table> tables) {
        this.session = session;
        this.id = id;
        this.tables = tables;
    }

    /**
     * Locks every table to be copied, then exports the snapshot.
     *
     * @throws IOException when a table stayed locked by another session for longer than {@code lockWait}, naming it
     */
    static SourceSnapshot export(Endpoint source, String database, Duration lockWait)
            throws SQLException, IOException {
        Connection c = Sessions.open(source, database, true);
        try {
            for (int attempt = 1;; attempt++) {
                List<String> listed = List.copyOf(Queries.column(c, SourceTables.NAMES));
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                    s.execute("SET LOCAL lock_timeout = " + lockWait.toMillis());
                    lock(s, listed);
                    String id = Queries.single(c, "SELECT pg_catalog.pg_export_snapshot()");
                    List<SourceTables.Table> tables = SourceTables.tables(c);
                    // A table made between the list and the snapshot: locked now, at once.
                    Set<String> locked = Set.copyOf(listed);
                    lock(s, tables.stream().map(SourceTables.Table::name).filter(t -> !locked.contains(t)).toList());
                    return new SourceSnapshot(c, id, tables);
                } catch (SQLException e) {
                    c.rollback();
                    c.setAutoCommit(true);
                    if (UNDEFINED_TABLE.equals(e.getSQLState()) && attempt < ATTEMPTS) {
                        continue;
                    }
                    if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                        throw new IOException(lockedBy(source, database, listed, lockWait), e);
                    }
                    throw e;
                }
            }
        } catch (SQLException | IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private static void lock(Statement s, List<String> tables) throws SQLException {
        for (int i = 0; i < tables.size(); i += LOCKS_PER_BATCH) {
            s.execute(tables.subList(i, Math.min(tables.size(), i + LOCKS_PER_BATCH)).stream()
                    .map(t -> "LOCK TABLE ONLY " + t + " IN ACCESS SHARE MODE").collect(Collectors.joining("; ")));
        }
    }

    /** Which of the tables another session holds (or waits for) in ACCESS EXCLUSIVE mode, for the message. */
    private static String lockedBy(Endpoint source, String database, List<String> tables, Duration lockWait) {
        String holders;
        try (Connection c = Sessions.open(source, database, true)) {
            String names = tables.stream().map(t -> "'" + t.replace("'", "''") + "'")
                    .collect(Collectors.joining(", "));
            holders = String.join("; ", Queries.column(c, """
                    SELECT pg_catalog.format('%%I.%%I %%s by pid %%s (%%s@%%s, %%s): %%s', n.nspname, c.relname,
                        CASE WHEN l.granted THEN 'locked' ELSE 'waited for' END, a.pid, a.usename, a.datname,
                        coalesce(nullif(a.application_name, ''), 'no application name'), left(a.query, 120))
                    FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
                    JOIN pg_catalog.pg_class c ON c.oid = l.relation
                    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                    WHERE l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock'
                      AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
                      AND pg_catalog.format('%%I.%%I', n.nspname, c.relname) IN (%s)
                    ORDER BY 1""".formatted(tables.isEmpty() ? "NULL" : names)));
        } catch (SQLException | RuntimeException e) {
            holders = "";
        }
        return "a table of database " + database + " stayed locked by another session for longer than"
                + " LOCK_WAIT_TIMEOUT (" + lockWait.toSeconds() + " s), so its copy could not hold it"
                + (holders.isEmpty() ? "" : ": " + holders) + ". Let that session finish, or end it, then run migrate"
                + " again; or raise LOCK_WAIT_TIMEOUT";
    }

    String id() {
        return id;
    }

    /** The tables whose rows the copy reads, as the snapshot sees them, largest first; each is locked. */
    List<SourceTables.Table> tables() {
        return tables;
    }

    /** The exporting session itself, for reads that must see the same moment (the table list, sequences). */
    Connection session() {
        return session;
    }

    /**
     * Ends the transaction, and the locks with it. After a failure the old server may be the cause, gone silent: the
     * rollback then waits no longer than {@link #ROLLBACK_WAIT} for its answer (keepalives do not apply while a
     * request is unanswered), and the session is closed all the same.
     */
    @Override
    public void close() throws SQLException {
        try {
            session.setNetworkTimeout(Runnable::run, (int) ROLLBACK_WAIT.toMillis());
            session.rollback();
        } finally {
            session.close();
        }
    }
}
