package dev.pghop.passwords;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import dev.pghop.passwords.Lockouts.Lockout;
import dev.pghop.postgres.ClusterInventory.RoleInfo;
import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.InventoryReader;
import dev.pghop.postgres.Queries;
import dev.pghop.postgres.Sessions;
import dev.pghop.report.PghopException;

/**
 * The last step of a load (and all of `pghop passwords`): set the passwords given in ROLE_PASSWORDS_DIR as
 * SCRAM-SHA-256 and prove each login, then name every login role that still cannot log in, with how to fix it.
 */
public final class PasswordStep {
    private static final Logger LOG = Logger.getLogger("pghop");

    private PasswordStep() {
    }

    /** What the step did: the roles given a password, and the roles still locked out. */
    public record Result(List<PasswordReset.Outcome> outcomes, List<Lockout> lockouts) {
        public List<PasswordReset.Outcome> failures() {
            return outcomes.stream().filter(o -> !o.ok()).toList();
        }

        public String summary() {
            long set = outcomes.stream().filter(PasswordReset.Outcome::ok).count();
            return set + " role password(s) set and proven"
                    + (failures().isEmpty() ? "" : ", " + failures().size() + " failed ("
                            + failures().stream().map(PasswordReset.Outcome::role).collect(Collectors.joining(", "))
                            + ")")
                    + (lockouts.isEmpty() ? "" : ", " + lockouts.size() + " role(s) still cannot log in ("
                            + lockouts.stream().map(Lockout::role).collect(Collectors.joining(", ")) + ")");
        }
    }

    public static Result run(Endpoint target, Optional<Path> passwordsDir) {
        List<PasswordReset.Outcome> outcomes = passwordsDir.map(dir -> reset(target, dir)).orElse(List.of());
        outcomes.forEach(o -> {
            if (o.ok()) {
                LOG.infof("role %s: %s", o.role(), o.detail());
            } else {
                LOG.errorf("role %s: %s", o.role(), o.detail());
            }
        });
        Set<String> covered = outcomes.stream().filter(PasswordReset.Outcome::ok).map(PasswordReset.Outcome::role)
                .collect(Collectors.toSet());
        List<Lockout> lockouts = lockouts(target, covered);
        lockouts.forEach(l -> LOG.warnf("role %s cannot log in to the new server: %s. To fix: %s", l.role(),
                l.reason(), Lockouts.howToFix(l.role())));
        return new Result(outcomes, lockouts);
    }

    private static List<PasswordReset.Outcome> reset(Endpoint target, Path dir) {
        try (RolePasswords given = RolePasswords.read(dir)) {
            LOG.infof("setting %d role password(s) from %s", given.passwords().size() + given.unreadable().size(),
                    dir);
            return PasswordReset.apply(target, given);
        }
    }

    /** Login roles on the new server that its pg_hba will refuse, the bootstrap and loading roles left out. */
    private static List<Lockout> lockouts(Endpoint target, Set<String> covered) {
        try (Connection c = Sessions.openMaintenance(target, true)) {
            boolean superuser = "on".equals(Queries.single(c, "SHOW is_superuser"));
            List<RoleInfo> roles = InventoryReader.roles(c, superuser);
            String bootstrap = Queries.single(c, "SELECT rolname FROM pg_catalog.pg_roles WHERE oid = 10");
            return Lockouts.find(roles, AuthRules.read(c), covered, new HashSet<>(List.of(bootstrap, target.user())));
        } catch (SQLException e) {
            throw PghopException.connectionFailed("while checking which roles can log in to the " + target + ": "
                    + e.getMessage(), e);
        }
    }
}
