package dev.pghop.passwords;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.pghop.passwords.AuthRules.HostRule;
import dev.pghop.postgres.ClusterInventory.RoleInfo;

class LockoutsTest {
    private static final List<RoleInfo> ROLES = List.of(new RoleInfo("app", false, true, "md5"),
            new RoleInfo("modern", false, true, "scram-sha-256"), new RoleInfo("ops", false, true, "none"),
            new RoleInfo("group", false, false, "none"), new RoleInfo("admin", true, true, "md5"));

    @Test
    void theOfficialImagesScramRuleLocksOutMd5HashesAndRolesWithoutPassword() {
        AuthRules image = rules(new HostRule(List.of("all"), "scram-sha-256"));

        assertThat(Lockouts.find(ROLES, image, Set.of(), Set.of("admin"))).extracting(Lockouts.Lockout::role)
                .containsExactly("app", "ops");
        assertThat(Lockouts.find(ROLES, image, Set.of(), Set.of("admin")).get(0).reason())
                .isEqualTo("its password is stored as an md5 hash, and the new server's pg_hba demands scram-sha-256");
    }

    @Test
    void anMd5RuleStillAcceptsMd5HashesAndTheFirstMatchingRuleDecides() {
        AuthRules mixed = rules(new HostRule(List.of("app"), "md5"), new HostRule(List.of("all"), "scram-sha-256"));

        assertThat(mixed.methodFor("app")).isEqualTo("md5");
        assertThat(mixed.methodFor("ops")).isEqualTo("scram-sha-256");
        assertThat(Lockouts.find(ROLES, mixed, Set.of(), Set.of("admin"))).extracting(Lockouts.Lockout::role)
                .containsExactly("ops");
        assertThat(Lockouts.find(ROLES, rules(new HostRule(List.of("all"), "trust")), Set.of(), Set.of()))
                .isEmpty();
    }

    @Test
    void rolesGivenAPasswordAreNotReported() {
        AuthRules image = rules(new HostRule(List.of("all"), "scram-sha-256"));

        assertThat(Lockouts.find(ROLES, image, Set.of("app", "ops"), Set.of("admin"))).isEmpty();
    }

    @Test
    void unreadableRulesFallBackToPasswordEncryption() {
        assertThat(new AuthRules("scram-sha-256", Optional.empty()).methodFor("app")).isEqualTo("scram-sha-256");
        assertThat(new AuthRules("md5", Optional.empty()).methodFor("app")).isEqualTo("md5");
    }

    private static AuthRules rules(HostRule... rules) {
        return new AuthRules("scram-sha-256", Optional.of(List.of(rules)));
    }
}
