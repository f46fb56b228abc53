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
        AuthRules image = rules(HostRule.forAnyClient(List.of("all"), "scram-sha-256"));

        assertThat(Lockouts.find(ROLES, image, Set.of(), Set.of("admin"))).extracting(Lockouts.Lockout::role)
                .containsExactly("app", "ops");
        assertThat(Lockouts.find(ROLES, image, Set.of(), Set.of("admin")).get(0).reason())
                .isEqualTo("its password is stored as an md5 hash, and the new server's pg_hba demands scram-sha-256");
    }

    @Test
    void anMd5RuleStillAcceptsMd5HashesAndTheFirstMatchingRuleDecides() {
        AuthRules mixed = rules(HostRule.forAnyClient(List.of("app"), "md5"),
                HostRule.forAnyClient(List.of("all"), "scram-sha-256"));

        assertThat(mixed.methodFor("app")).isEqualTo("md5");
        assertThat(mixed.methodFor("ops")).isEqualTo("scram-sha-256");
        assertThat(Lockouts.find(ROLES, mixed, Set.of(), Set.of("admin"))).extracting(Lockouts.Lockout::role)
                .containsExactly("ops");
        assertThat(Lockouts.find(ROLES, rules(HostRule.forAnyClient(List.of("all"), "trust")), Set.of(), Set.of()))
                .isEmpty();
    }

    @Test
    void theOfficialImagesLoopbackTrustDecidesOnlyForLoopbackClients() {
        List<HostRule> image = List.of(
                new HostRule("host", List.of("all"), List.of("all"), "127.0.0.1", "255.255.255.255", "trust"),
                new HostRule("host", List.of("all"), List.of("all"), "::1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                        "trust"),
                new HostRule("host", List.of("replication"), List.of("all"), "all", "", "trust"),
                new HostRule("hostgssenc", List.of("all"), List.of("all"), "all", "", "trust"),
                new HostRule("host", List.of("all"), List.of("all"), "all", "", "scram-sha-256"));
        AuthRules fromAPod = new AuthRules("scram-sha-256", Optional.of(image), Optional.of("10.244.1.7"));
        AuthRules fromLoopback = new AuthRules("scram-sha-256", Optional.of(image), Optional.of("127.0.0.1"));

        assertThat(fromAPod.methodFor("app")).isEqualTo("scram-sha-256");
        assertThat(Lockouts.find(ROLES, fromAPod, Set.of(), Set.of("admin"))).extracting(Lockouts.Lockout::role)
                .containsExactly("app", "ops");
        assertThat(fromLoopback.methodFor("app")).isEqualTo("trust");
        assertThat(new AuthRules("scram-sha-256", Optional.of(image), Optional.of("::1")).methodFor("app"))
                .isEqualTo("trust");
    }

    @Test
    void aRuleForThePodNetworkDecidesForClientsInIt() {
        List<HostRule> podNetwork = List.of(
                new HostRule("hostssl", List.of("all"), List.of("all"), "10.0.0.0", "255.0.0.0", "md5"),
                HostRule.forAnyClient(List.of("all"), "scram-sha-256"));

        assertThat(new AuthRules("scram-sha-256", Optional.of(podNetwork), Optional.of("10.244.1.7")).methodFor("app"))
                .isEqualTo("md5");
        assertThat(new AuthRules("scram-sha-256", Optional.of(podNetwork), Optional.of("192.168.1.7"))
                .methodFor("app")).isEqualTo("scram-sha-256");
    }

    @Test
    void rolesGivenAPasswordAreNotReported() {
        AuthRules image = rules(HostRule.forAnyClient(List.of("all"), "scram-sha-256"));

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
