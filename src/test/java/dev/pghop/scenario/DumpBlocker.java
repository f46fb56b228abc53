package dev.pghop.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.pghop.testing.PgServer;

/**
 * Stops pg_dumpall half-way, deterministically: an open transaction holds an exclusive lock on the parent of a
 * partitioned table of the old server, so the pg_dump of its database waits at its LOCK TABLE, after pg_dumpall has
 * written the roles and the databases before it. The test can then kill pg_dumpall at a known point, and
 * {@link #release()} lets the rest go. A partitioned parent because it has no storage: what pghop reads before it
 * starts pg_dumpall (table sizes, say) does not wait for it, while pg_dump locks it like any table.
 */
final class DumpBlocker implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(100);
    private static final String WAITING = "SELECT datname, application_name, query FROM pg_stat_activity"
            + " WHERE wait_event_type = 'Lock'";

    private final PgServer old;
    private final Connection locker;

    private DumpBlocker(PgServer old, Connection locker) {
        this.old = old;
        this.locker = locker;
    }

    static DumpBlocker lockPartitionedParent(PgServer old, String database, String table) throws SQLException {
        Connection locker = old.connect(database);
        try (Statement statement = locker.createStatement()) {
            locker.setAutoCommit(false);
            statement.execute("LOCK TABLE ONLY " + table + " IN ACCESS EXCLUSIVE MODE");
            return new DumpBlocker(old, locker);
        } catch (SQLException e) {
            locker.close();
            throw e;
        }
    }

    /**
     * Waits until a session waits for the lock and {@code partial} holds bytes, then returns the pg_dumpall process
     * dumping the old server.
     */
    ProcessHandle awaitBlockedDumpall(Path partial, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Optional<ProcessHandle> dumpall = dumpall();
            if (dumpall.isPresent() && Files.exists(partial) && Files.size(partial) > 0 && someoneWaitsForTheLock()) {
                return dumpall.get();
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new AssertionError("pg_dumpall did not block on the lock within " + timeout.toSeconds() + " s: "
                + "running: " + dumpall().isPresent() + ", " + partial + " exists: " + Files.exists(partial)
                + ", sessions waiting for a lock: " + old.rows("postgres", WAITING));
    }

    /** Ends the locking transaction: the blocked pg_dump, if still running, carries on. */
    void release() throws SQLException {
        locker.rollback();
    }

    @Override
    public void close() throws SQLException {
        locker.close();
    }

    private boolean someoneWaitsForTheLock() {
        return !old.rows("postgres", WAITING).isEmpty();
    }

    /** pg_dumpall as pghop starts it: {@code pg_dumpall --host <host> --port <port> ...}. */
    private Optional<ProcessHandle> dumpall() {
        List<String> wanted = List.of("--host", old.host(), "--port", String.valueOf(old.port()));
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/pg_dumpall")).orElse(false))
                .filter(p -> p.info().arguments().map(a -> List.of(a).subList(0, Math.min(4, a.length)))
                        .map(wanted::equals).orElse(false))
                .findFirst();
    }
}
