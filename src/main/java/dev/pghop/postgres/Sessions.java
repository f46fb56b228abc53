package dev.pghop.postgres;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;

import dev.pghop.report.PghopException;

/** Opens JDBC sessions to one of the two servers, with messages that say which variable to fix when it fails. */
public final class Sessions {
    private static final String INVALID_CATALOG = "3D000";
    /**
     * The driver itself rather than DriverManager's lookup: the native executable registers no service providers
     * nobody asked for, so a ServiceLoader search would find no driver there.
     */
    private static final Driver PGJDBC = new org.postgresql.Driver();

    private Sessions() {
    }

    /**
     * A session to {@code database}; on the old server, and wherever pghop only reads, a read-only one
     * ({@code default_transaction_read_only}), so nothing can be written through it.
     */
    public static Connection open(Endpoint endpoint, String database, boolean readOnly) {
        Properties props = new Properties();
        props.setProperty("user", endpoint.user());
        props.setProperty("password", endpoint.password());
        return connect(endpoint, database, readOnly, props);
    }

    /**
     * A session to the maintenance database with these startup options ({@code -c name=value ...}, as PGOPTIONS
     * gives them to libpq), to learn whether the server accepts them.
     */
    public static Connection openWithOptions(Endpoint endpoint, String options) {
        Properties props = new Properties();
        props.setProperty("user", endpoint.user());
        props.setProperty("password", endpoint.password());
        props.setProperty("options", options);
        return connect(endpoint, "postgres", false, props);
    }

    /**
     * A read-only session on {@code server}'s host and port, logging in as {@code role} with a password that stays
     * a char[] (see {@link HandedPassword}); the caller wipes it.
     */
    public static Connection openAs(Endpoint server, String role, char[] password, String database)
            throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", role);
        try (HandedPassword.Handover handover = new HandedPassword.Handover(password)) {
            handover.offerTo(props);
            return connect(server, database, true, props);
        } catch (PghopException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw e;
        }
    }

    private static Connection connect(Endpoint endpoint, String database, boolean readOnly, Properties props) {
        props.setProperty("ApplicationName", "pghop");
        props.setProperty("connectTimeout", "15");
        props.setProperty("tcpKeepAlive", "true");
        // A server that goes silent (a node lost, no reset) ends the session within a bounded time (Keepalives).
        props.setProperty("socketFactory", KeepaliveSocketFactory.class.getName());
        if (readOnly) {
            // Reading sizes and catalogs must not queue forever behind a migration's exclusive lock.
            props.setProperty("options", "-c default_transaction_read_only=on -c lock_timeout=60s");
            props.setProperty("readOnly", "true");
        }
        String url = "jdbc:postgresql://" + hostForUrl(endpoint.host()) + ":" + endpoint.port() + "/"
                + java.net.URLEncoder.encode(database, java.nio.charset.StandardCharsets.UTF_8);
        try {
            return PGJDBC.connect(url, props);
        } catch (SQLException e) {
            throw describe(endpoint, database, e);
        }
    }

    /** A session to the maintenance database: postgres, or template1 where postgres was dropped. */
    public static Connection openMaintenance(Endpoint endpoint, boolean readOnly) {
        try {
            return open(endpoint, "postgres", readOnly);
        } catch (PghopException e) {
            if (e.getCause() instanceof SQLException sql && INVALID_CATALOG.equals(sql.getSQLState())) {
                return open(endpoint, "template1", readOnly);
            }
            throw e;
        }
    }

    private static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static PghopException describe(Endpoint endpoint, String database, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String what = "cannot connect to the " + endpoint + " (database " + database + "): " + e.getMessage();
        Endpoint.Side side = endpoint.side();
        if (state.startsWith("28")) {
            return PghopException.connectionFailed(what + ". Check " + side.loginVars() + ".", e);
        }
        if (state.startsWith("08")) {
            return PghopException.connectionFailed(what + ". Check " + side.addressVars()
                    + " and that the server is running and reachable from this pod.", e);
        }
        return PghopException.connectionFailed(what, e);
    }
}
