package dev.pghop.plan;

import static dev.pghop.postgres.Inventories.newServer;
import static dev.pghop.postgres.Inventories.oldServer;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.pghop.plan.Finding.Severity;
import dev.pghop.postgres.ClusterInventory;
import dev.pghop.postgres.ClusterInventory.Hazard;
import dev.pghop.postgres.PgVersion;

class CrossingCheckTest {
    private static final Hazard GENERATED_CHILD = new Hazard("GENERATED_CHILD_OF_PLAIN_COLUMN", "regression",
            "column b of table public.gtest_normal_child (generated; its parent public.gtest_normal's is not)", "",
            "BEGIN; ALTER TABLE public.gtest_normal_child NO INHERIT public.gtest_normal; ...; COMMIT;");
    private static final Hazard REMOVED_SETTING = new Hazard("REMOVED_SETTINGS", null,
            "setting force_parallel_mode of role app", "force_parallel_mode", "ALTER ROLE app RESET force_parallel_mode;");

    @Test
    void anObjectTheNewMajorRefusesIsABlockerNamingItWhyAndItsFix() {
        List<Finding> findings = CrossingCheck.check(old(GENERATED_CHILD), server(17, Set.of()), false);

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.BLOCKER);
            assertThat(f.message()).contains("1 generated columns inheriting from plain ones in the old cluster")
                    .contains("column b of table public.gtest_normal_child").contains("in database regression")
                    .contains("PostgreSQL 16 and later refuse")
                    .contains("in database regression: BEGIN; ALTER TABLE public.gtest_normal_child NO INHERIT")
                    .contains("IGNORE_INCOMPATIBLE=true");
        });
    }

    @Test
    void aNewServerBeforeTheBoundaryTakesItAndGoingOnMakesItAWarning() {
        assertThat(CrossingCheck.check(old(GENERATED_CHILD), server(15, Set.of()), false))
                .singleElement().satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.OK));
        assertThat(CrossingCheck.check(old(GENERATED_CHILD), server(17, Set.of()), true))
                .singleElement().satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.WARNING);
                    assertThat(f.message()).contains("going on");
                });
    }

    @Test
    void aSettingIsJudgedByTheSettingsTheNewServerKnows() {
        assertThat(CrossingCheck.check(old(REMOVED_SETTING), server(16, Set.of("work_mem")), false))
                .singleElement().satisfies(f -> assertThat(f.message()).contains("setting force_parallel_mode of role app")
                        .contains("ALTER ROLE app RESET force_parallel_mode;"));
        assertThat(CrossingCheck.check(old(REMOVED_SETTING), server(15, Set.of("force_parallel_mode")), false))
                .singleElement().satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.OK));
    }

    @Test
    void anExtensionAtAVersionTheNewServerDoesNotOfferIsAWarning() {
        Hazard hstore = new Hazard("EXTENSION_VERSIONS", "app", "extension hstore 1.4", "hstore=1.4",
                "ALTER EXTENSION hstore UPDATE;");
        Hazard current = new Hazard("EXTENSION_VERSIONS", "app", "extension hstore 1.8", "hstore=1.8",
                "ALTER EXTENSION hstore UPDATE;");

        assertThat(CrossingCheck.check(old(hstore), server(17, Set.of()), false)).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.message()).contains("extension hstore 1.4 in database app", "default version instead");
        });
        assertThat(CrossingCheck.check(old(current), server(17, Set.of()), false))
                .singleElement().satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.OK));
    }

    @Test
    void aKindThisPghopDoesNotKnowIsLeftToTheLoad() {
        Hazard future = new Hazard("SOMETHING_NEWER", "app", "thing x", "", "DROP THING x;");

        assertThat(CrossingCheck.check(old(future), server(18, Set.of()), false))
                .singleElement().satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.OK));
    }

    private static ClusterInventory old(Hazard hazard) {
        ClusterInventory o = oldServer();
        return new ClusterInventory(o.version(), o.versionText(), o.systemIdentifier(), o.login(), o.bootstrapRole(),
                o.roles(), o.databases(), o.tablespaces(), o.availableExtensions(), o.locales(), List.of(hazard),
                Set.of(), Set.of(), Set.of());
    }

    private static ClusterInventory server(int major, Set<String> settings) {
        ClusterInventory n = newServer();
        return new ClusterInventory(new PgVersion(major, 1), major + ".1", n.systemIdentifier(), n.login(),
                n.bootstrapRole(), n.roles(), n.databases(), n.tablespaces(), n.availableExtensions(), n.locales(),
                List.of(), settings, Set.of("pglz", "lz4"), Set.of("hstore=1.8", "plpgsql=1.0"));
    }
}
