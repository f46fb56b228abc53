package dev.pghop.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jboss.logging.Logger;

import dev.pghop.report.PghopException;

/**
 * What pghop needs to know about a server before it dumps from it or loads into it, read over JDBC.
 *
 * @param systemIdentifier the cluster's identity from pg_control_system(); null where the login may not read it
 */
public record ServerFacts(Endpoint endpoint, PgVersion version, String versionText, String systemIdentifier,
        boolean superuser, Set<String> roles, Set<String> databases) {
    private static final Logger LOG = Logger.getLogger("pghop");

    public static ServerFacts read(Endpoint endpoint, boolean readOnly) {
        try (Connection c = Sessions.openMaintenance(endpoint, readOnly)) {
            return read(endpoint, c);
        } catch (SQLException e) {
            throw PghopException.connectionFailed("while reading facts of the " + endpoint + ": " + e.getMessage(), e);
        }
    }

    private static ServerFacts read(Endpoint endpoint, Connection c) throws SQLException {
        PgVersion version = PgVersion.fromServerVersionNum(Integer.parseInt(single(c, "SHOW server_version_num")));
        String text = single(c, "SHOW server_version");
        boolean superuser = "on".equals(single(c, "SHOW is_superuser"));
        return new ServerFacts(endpoint, version, text, systemIdentifier(c, endpoint), superuser,
                set(c, "SELECT rolname FROM pg_catalog.pg_roles ORDER BY 1"),
                set(c, "SELECT datname FROM pg_catalog.pg_database ORDER BY 1"));
    }

    private static String systemIdentifier(Connection c, Endpoint endpoint) {
        try {
            return single(c, "SELECT system_identifier::text FROM pg_catalog.pg_control_system()");
        } catch (SQLException e) {
            LOG.warnf("cannot read the system identifier of the %s (%s); it is left out", endpoint, e.getMessage());
            return null;
        }
    }

    static String single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static Set<String> set(Connection c, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return new LinkedHashSet<>(values);
    }
}
