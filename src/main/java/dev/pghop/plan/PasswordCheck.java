package dev.pghop.plan;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.pghop.passwords.AuthRules;
import dev.pghop.passwords.Lockouts;
import dev.pghop.passwords.Lockouts.Lockout;
import dev.pghop.postgres.ClusterInventory.RoleInfo;

/**
 * Login roles that will arrive on the new server with a password it will not accept (an md5 hash where pg_hba
 * demands scram-sha-256): a warning, since the load itself works; ROLE_PASSWORDS_DIR fixes them.
 */
final class PasswordCheck {
    private PasswordCheck() {
    }

    static Finding check(List<RoleInfo> oldRoles, AuthRules newServer, Set<String> covered, Set<String> ignored) {
        List<Lockout> lockouts = Lockouts.find(oldRoles, newServer, covered, ignored);
        if (lockouts.isEmpty()) {
            return Finding.ok("role logins", covered.isEmpty() ? "every login role can log in to the new server"
                    : "every login role can log in; " + covered.size() + " get a new password from ROLE_PASSWORDS_DIR");
        }
        return Finding.warning("role logins", lockouts.size() + " login role(s) will NOT be able to log in after the"
                + " load: " + lockouts.stream().map(l -> l.role() + " (" + l.reason() + ")")
                        .collect(Collectors.joining("; "))
                + ". Give each a file with its password in ROLE_PASSWORDS_DIR: pghop then stores it as SCRAM-SHA-256"
                + " and proves the login");
    }
}
