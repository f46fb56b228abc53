package dev.pghop.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.jboss.logging.Logger;

import dev.pghop.report.PghopException;

/**
 * FENCE_OLD_WRITES: makes the old cluster read-only for everyone before pghop copies it, so that no write can land
 * there after the copy's snapshot and be lost. Every new transaction becomes read-only
 * ({@code ALTER SYSTEM SET default_transaction_read_only = on}, reloaded), and every transaction that was open
 * before, which may already be writing, is ended with its session. It stays so after pghop ends, until lifted with
 * {@link #LIFT}. A session can still ask for a read-write transaction explicitly: this stops applications that
 * write as usual, it is no security boundary.
 */
public final class WriteFence {
    public static final String LIFT = "ALTER SYSTEM RESET default_transaction_read_only; SELECT pg_reload_conf();";
    private static final Logger LOG = Logger.getLogger("pghop");
    /** Sessions whose transaction began before the fence: it may write. pghop's own sessions are left alone. */
    private static final String OPEN_TRANSACTIONS = """
            SELECT pid, pg_catalog.format('pid %s, %s@%s (%s)', pid, usename, datname,
                       coalesce(nullif(application_name, ''), 'no application name'))
            FROM pg_catalog.pg_stat_activity
            WHERE backend_type = 'client backend' AND pid <> pg_catalog.pg_backend_pid()
              AND xact_start IS NOT NULL AND coalesce(application_name, '') <> 'pghop'""";

    private WriteFence() {
    }

    /** Raises the fence on the old server; returns the sessions it ended. Needs a superuser. */
    public static List<String> raise(Endpoint old) {
        try (Connection c = Sessions.openMaintenance(old, false); Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET default_transaction_read_only = on");
            s.execute("SELECT pg_catalog.pg_reload_conf()");
            List<List<String>> open = Queries.rows(c, OPEN_TRANSACTIONS);
            for (List<String> session : open) {
                s.execute("SELECT pg_catalog.pg_terminate_backend(" + Integer.parseInt(session.get(0)) + ")");
            }
            List<String> ended = open.stream().map(r -> r.get(1)).toList();
            LOG.warnf("FENCE_OLD_WRITES: the %s is now read-only for every new transaction%s. It stays so after"
                    + " pghop ends; to lift it, run there: %s", old, ended.isEmpty() ? ""
                            : "; ended the sessions with a transaction open: " + String.join(", ", ended), LIFT);
            return ended;
        } catch (SQLException e) {
            throw PghopException.refused("FENCE_OLD_WRITES=true: cannot make the " + old + " read-only: "
                    + e.getMessage() + ". Nothing was copied. It needs PG_USER to be a superuser (ALTER SYSTEM);"
                    + " or leave FENCE_OLD_WRITES unset and stop the applications yourself.");
        }
    }
}
