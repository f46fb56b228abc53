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
 * <p>
 * Two things would let writes through it unnoticed, so the fence is refused while either is there ({@link #holes}):
 * a prepared transaction (COMMIT PREPARED needs no new transaction, and commits its writes whatever the setting),
 * and a role or a database that sets {@code default_transaction_read_only = off} for itself (ALTER ROLE / ALTER
 * DATABASE ... SET), which overrides the server-wide setting in each new session.
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

    /** What would let writes through the fence: prepared transactions, and roles or databases that opt out. */
    private static final String HOLES = """
            SELECT pg_catalog.format('prepared transaction %L (owner %s, database %s, prepared at %s): it would'
                || ' commit its writes past the fence; COMMIT PREPARED or ROLLBACK PREPARED it first', gid, owner,
                database, prepared)
            FROM pg_catalog.pg_prepared_xacts
            UNION ALL
            SELECT pg_catalog.format('%s sets default_transaction_read_only off for itself, which overrides the'
                || ' fence in each new session; first run: %s', CASE WHEN r.rolname IS NULL
                  THEN 'database ' || pg_catalog.quote_ident(d.datname)
                  WHEN d.datname IS NULL THEN 'role ' || pg_catalog.quote_ident(r.rolname)
                  ELSE 'role ' || pg_catalog.quote_ident(r.rolname) || ' in database '
                      || pg_catalog.quote_ident(d.datname) END,
                CASE WHEN r.rolname IS NULL
                  THEN pg_catalog.format('ALTER DATABASE %I RESET default_transaction_read_only;', d.datname)
                  WHEN d.datname IS NULL
                  THEN pg_catalog.format('ALTER ROLE %I RESET default_transaction_read_only;', r.rolname)
                  ELSE pg_catalog.format('ALTER ROLE %I IN DATABASE %I RESET default_transaction_read_only;',
                      r.rolname, d.datname) END)
            FROM pg_catalog.pg_db_role_setting s
            LEFT JOIN pg_catalog.pg_roles r ON r.oid = s.setrole
            LEFT JOIN pg_catalog.pg_database d ON d.oid = s.setdatabase
            WHERE EXISTS (SELECT 1 FROM pg_catalog.unnest(s.setconfig) c
                WHERE pg_catalog.lower(c) LIKE 'default_transaction_read_only=%'
                  AND pg_catalog.lower(pg_catalog.split_part(c, '=', 2)) IN ('off', 'false', 'no', '0', 'of'))
            ORDER BY 1""";

    private WriteFence() {
    }

    /** What would let writes through the fence on the old server, one sentence each with its fix; empty when none. */
    public static List<String> holes(Endpoint old) {
        try (Connection c = Sessions.openMaintenance(old, true)) {
            return List.copyOf(Queries.column(c, HOLES));
        } catch (SQLException e) {
            throw PghopException.connectionFailed("while checking what could write past the fence on the " + old
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Raises the fence on the old server; returns the sessions it ended. Needs a superuser. Refuses, changing
     * nothing, while something would let writes through it ({@link #holes}).
     */
    public static List<String> raise(Endpoint old) {
        List<String> holes = holes(old);
        if (!holes.isEmpty()) {
            throw PghopException.refused("FENCE_OLD_WRITES=true: the " + old + " cannot be made read-only for"
                    + " everyone: " + String.join("; ", holes) + ". Nothing was copied, and the old server was not"
                    + " changed");
        }
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
