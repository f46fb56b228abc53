package dev.pghop.migrate;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.Queries;
import dev.pghop.postgres.Sessions;

/**
 * How far a migration's rows are, for its progress lines: the tables finished, plus what the new server's COPY
 * sessions have taken in so far (pg_stat_progress_copy, PostgreSQL 14 and later). The rows go from psql to psql past
 * pghop, so without the server's count a table of hours would show no progress until its end. The count never goes
 * back, though a finished table's size (its size on the old server) may differ a little from the bytes its COPY
 * carried.
 */
final class CopyProgress implements LongSupplier, AutoCloseable {
    private static final Logger LOG = Logger.getLogger("pghop");
    private static final String IN_FLIGHT = """
            SELECT coalesce(sum(p.bytes_processed), 0) FROM pg_catalog.pg_stat_progress_copy p
            JOIN pg_catalog.pg_stat_activity a ON a.pid = p.pid
            WHERE p.command = 'COPY FROM' AND a.application_name = 'pghop'""";

    private final Endpoint target;
    private final AtomicLong finished;
    private final boolean serverCounts;
    private Connection session;
    private long shown;

    /** @param serverCounts whether the new server has pg_stat_progress_copy (14 and later) */
    CopyProgress(Endpoint target, AtomicLong finished, boolean serverCounts) {
        this.target = target;
        this.finished = finished;
        this.serverCounts = serverCounts;
    }

    @Override
    public synchronized long getAsLong() {
        shown = Math.max(shown, finished.get() + inFlight());
        return shown;
    }

    private long inFlight() {
        if (!serverCounts) {
            return 0;
        }
        try {
            if (session == null) {
                session = Sessions.openMaintenance(target, true);
            }
            return Long.parseLong(Queries.single(session, IN_FLIGHT));
        } catch (SQLException | RuntimeException e) {
            LOG.debugf("cannot read the new server's COPY progress: %s", e.getMessage());
            close();
            return 0;
        }
    }

    @Override
    public synchronized void close() {
        if (session != null) {
            try {
                session.close();
            } catch (SQLException e) {
                LOG.debugf("closing the progress session: %s", e.getMessage());
            }
            session = null;
        }
    }
}
