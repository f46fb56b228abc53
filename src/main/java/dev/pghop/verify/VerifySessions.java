package dev.pghop.verify;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.Queries;
import dev.pghop.postgres.Sessions;
import dev.pghop.report.PghopException;

/**
 * Read-only sessions for verify, set up alike on both servers: values print the same way whatever the servers' or
 * databases' own settings (a database's search_path or TimeZone, say), and names in definitions are always
 * schema-qualified. A session that would not be read-only is refused before anything is read through it.
 */
public final class VerifySessions {
    private static final List<String> SETTINGS = List.of("SET DateStyle = 'ISO, YMD'", "SET IntervalStyle = 'postgres'",
            "SET TimeZone = 'UTC'", "SET extra_float_digits = 3", "SET bytea_output = 'hex'", "SET lc_monetary = 'C'",
            "SET search_path = pg_catalog", "SET statement_timeout = 0", "SET idle_in_transaction_session_timeout = 0");

    private VerifySessions() {
    }

    public static Connection open(Endpoint endpoint, String database) {
        return prepare(Sessions.open(endpoint, database, true), endpoint, database);
    }

    /** A session to the maintenance database: postgres, or template1 where postgres was dropped. */
    public static Connection openMaintenance(Endpoint endpoint) {
        return prepare(Sessions.openMaintenance(endpoint, true), endpoint, "postgres");
    }

    private static Connection prepare(Connection session, Endpoint endpoint, String database) {
        try (Statement s = session.createStatement()) {
            s.execute(String.join("; ", SETTINGS));
            if (!"on".equals(Queries.single(session, "SHOW transaction_read_only"))) {
                throw PghopException.internal("the session to database " + database + " of the " + endpoint
                        + " is not read-only; verify refuses to read through it", null);
            }
            return session;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(session, e);
            if (e instanceof PghopException p) {
                throw p;
            }
            throw PghopException.connectionFailed("while preparing a session to database " + database + " of the "
                    + endpoint + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(Connection session, Exception cause) {
        try {
            session.close();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
