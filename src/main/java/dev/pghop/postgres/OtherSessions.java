package dev.pghop.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import dev.pghop.report.PghopException;

/** The client sessions on a server other than pghop's own: whoever might write while pghop copies it. */
public final class OtherSessions {
    private static final String SESSIONS = """
            SELECT pg_catalog.format('%s@%s (%s, %s)', usename, datname,
                       coalesce(nullif(application_name, ''), 'no application name'), state)
            FROM pg_catalog.pg_stat_activity
            WHERE backend_type = 'client backend' AND pid <> pg_catalog.pg_backend_pid()
              AND coalesce(application_name, '') <> 'pghop'
            ORDER BY 1""";

    private OtherSessions() {
    }

    /** One line per session: user@database (application, state). */
    public static List<String> on(Endpoint server) {
        try (Connection c = Sessions.openMaintenance(server, true)) {
            return Queries.rows(c, SESSIONS).stream().map(r -> r.get(0)).toList();
        } catch (SQLException e) {
            throw PghopException.connectionFailed("while listing the sessions on the " + server + ": "
                    + e.getMessage(), e);
        }
    }
}
