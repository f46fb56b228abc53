package dev.pghop.passwords;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.postgresql.PGConnection;

import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.Queries;
import dev.pghop.postgres.Sessions;
import dev.pghop.report.PghopException;

/**
 * Gives roles on the new server a SCRAM-SHA-256 password from ROLE_PASSWORDS_DIR, then proves each by logging in as
 * that role over a fresh connection, to a database it may connect to. Only a login that completes proves a password:
 * a server that refuses the connection before the password is asked (too many connections, still starting up, the
 * network) proves nothing, so the login is tried again a few times and otherwise reported as not proven. The
 * verifier is computed client-side (pgjdbc), so the plain password never reaches the server, a log or any SQL text.
 */
public final class PasswordReset {
    /** Refusals that come before authentication and may pass: too many connections, starting up, the network. */
    private static final List<String> TRANSIENT = List.of("53300", "57P03", "08");
    private static final int ATTEMPTS = 5;
    private static final java.time.Duration BETWEEN_ATTEMPTS = java.time.Duration.ofSeconds(1);
    /** A database the role may connect to: postgres when it may, else the first by name. */
    private static final String LOGIN_DATABASE = """
            SELECT datname FROM pg_catalog.pg_database
            WHERE datallowconn AND pg_catalog.has_database_privilege(?, oid, 'CONNECT')
            ORDER BY datname <> 'postgres', datname LIMIT 1""";

    private PasswordReset() {
    }

    /** What happened to one role: {@code ok} only when its password was set and a login with it succeeded. */
    public record Outcome(String role, boolean ok, String detail) {
    }

    public static List<Outcome> apply(Endpoint target, RolePasswords given) {
        List<Outcome> outcomes = new ArrayList<>();
        given.unreadable().forEach((role, why) -> outcomes.add(new Outcome(role, false, why)));
        try (Connection admin = Sessions.openMaintenance(target, false)) {
            Set<String> roles = Queries.column(admin, "SELECT rolname FROM pg_catalog.pg_roles");
            for (Map.Entry<String, char[]> e : given.passwords().entrySet()) {
                outcomes.add(setAndProve(admin, target, roles, e.getKey(), e.getValue()));
            }
        } catch (SQLException e) {
            throw PghopException.connectionFailed("while setting role passwords on the " + target + ": "
                    + e.getMessage(), e);
        }
        outcomes.sort(java.util.Comparator.comparing(Outcome::role));
        return outcomes;
    }

    private static Outcome setAndProve(Connection admin, Endpoint target, Set<String> roles, String role,
            char[] password) {
        if (role.equals(target.user())) {
            return new Outcome(role, true, "skipped: it is the role pghop logs in as, and keeps its password");
        }
        if (!roles.contains(role)) {
            return new Outcome(role, false, "there is no role " + role + " on the new server (check the file name)");
        }
        char[] handedOver = password.clone(); // pgjdbc wipes what it is given; the login proof still needs it
        try {
            admin.unwrap(PGConnection.class).alterUserPassword(role, handedOver, "scram-sha-256");
        } catch (SQLException e) {
            return new Outcome(role, false, "setting its password failed: " + e.getMessage());
        } finally {
            java.util.Arrays.fill(handedOver, '\0');
        }
        String database;
        try (var q = admin.prepareStatement(LOGIN_DATABASE)) {
            q.setString(1, role);
            try (var rs = q.executeQuery()) {
                database = rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            return new Outcome(role, false, "password set, but which database it may log in to could not be read: "
                    + e.getMessage());
        }
        if (database == null) {
            return new Outcome(role, false, "password set, but its login could not be proven: it may connect to no"
                    + " database (GRANT CONNECT ON DATABASE ... TO " + role + ", then run pghop passwords again)");
        }
        return prove(target, role, password, database);
    }

    private static Outcome prove(Endpoint target, String role, char[] password, String database) {
        SQLException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try (Connection c = Sessions.openAs(target, role, password, database)) {
                return new Outcome(role, true, "SCRAM-SHA-256 password set; login proven");
            } catch (SQLException e) {
                last = e;
                String state = e.getSQLState() == null ? "" : e.getSQLState();
                if (TRANSIENT.stream().noneMatch(state::startsWith)) {
                    return new Outcome(role, false, "password set, but logging in with it failed: " + e.getMessage());
                }
            }
            if (attempt < ATTEMPTS && !pause()) {
                break;
            }
        }
        return new Outcome(role, false, "password set, but its login could not be proven: the new server refused "
                + ATTEMPTS + " logins before asking for the password (" + last.getSQLState() + ": " + last.getMessage()
                + "); run pghop passwords again once it takes new sessions");
    }

    /** Waits before the next login; false when interrupted (pghop is being stopped). */
    private static boolean pause() {
        try {
            Thread.sleep(BETWEEN_ATTEMPTS.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
