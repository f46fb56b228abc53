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
 * that role over a fresh connection. The verifier is computed client-side (pgjdbc), so the plain password never
 * reaches the server, a log or any SQL text.
 */
public final class PasswordReset {
    /** The state of authentication errors; anything else after the password exchange means the login worked. */
    private static final String AUTH_FAILED = "28";

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
        return prove(target, role, password);
    }

    private static Outcome prove(Endpoint target, String role, char[] password) {
        try (Connection c = Sessions.openAs(target, role, password, "postgres")) {
            return new Outcome(role, true, "SCRAM-SHA-256 password set; login proven");
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (!state.isEmpty() && !state.startsWith(AUTH_FAILED) && !state.startsWith("08")) {
                return new Outcome(role, true, "SCRAM-SHA-256 password set; login proven (then: "
                        + e.getMessage() + ")");
            }
            return new Outcome(role, false, "password set, but logging in with it failed: " + e.getMessage());
        }
    }
}
