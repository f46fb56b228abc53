package dev.pghop.passwords;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.pghop.postgres.ClusterInventory.RoleInfo;

/**
 * Which login roles will not be able to log in on the new server with the password they have today: an md5 hash
 * where pg_hba demands scram-sha-256 (the official image's default since PostgreSQL 14), or no password at all.
 */
public final class Lockouts {
    private Lockouts() {
    }

    /** A role that cannot log in, and why, in words a person can act on. */
    public record Lockout(String role, String reason) {
    }

    /**
     * @param covered roles that get a new password anyway (a file in ROLE_PASSWORDS_DIR)
     * @param ignored roles not to report (the bootstrap and loading roles)
     */
    public static List<Lockout> find(List<RoleInfo> roles, AuthRules newServer, Set<String> covered,
            Set<String> ignored) {
        List<Lockout> found = new ArrayList<>();
        for (RoleInfo r : roles) {
            if (!r.login() || covered.contains(r.name()) || ignored.contains(r.name())
                    || r.passwordKind().equals("unknown")) {
                continue;
            }
            String method = newServer.methodFor(r.name());
            if (r.passwordKind().equals("none") && !method.equals("trust")) {
                found.add(new Lockout(r.name(), "has no password, and the new server asks for one (" + method + ")"));
            } else if (!AuthRules.accepts(method, r.passwordKind())) {
                found.add(new Lockout(r.name(), "its password is stored as an " + r.passwordKind()
                        + " hash, and the new server's pg_hba demands " + method));
            }
        }
        return found;
    }

    /** How to fix one role later, for the message. */
    public static String howToFix(String role) {
        return "put its password in a file named " + role + " in ROLE_PASSWORDS_DIR and run `pghop passwords`,"
                + " or run \\password " + role + " in psql on the new server";
    }
}
