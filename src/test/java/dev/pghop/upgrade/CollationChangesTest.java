package dev.pghop.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.pghop.postgres.ClusterInventory;
import dev.pghop.postgres.PgVersion;

/** The indexes to rebuild: those whose collation sorts by another version in the new image than it recorded. */
class CollationChangesTest {
    @Test
    void aChangedGlibcVersionNamesTheIndexesAnEqualOneNothingAndAMissingOneIsUnknown() {
        OldCluster old = old(List.of(
                new OldCluster.CollationUse("app", "public.t_name_idx", "default", "c", "en_US.utf8", "2.31"),
                new OldCluster.CollationUse("app", "public.u_name_idx", "default", "c", "en_US.utf8", "2.31"),
                new OldCluster.CollationUse("app", "public.v_icu_idx", "public.\"de-x-icu\"", "i", "de", "153.120"),
                new OldCluster.CollationUse("shop", "public.w_idx", "default", "c", "en_US.utf8", null)));
        NewCluster fresh = new NewCluster(null, Optional.of("2.36"), Map.of("de", "153.120"), Path.of("/lib"),
                Set.of());

        CollationChanges changes = CollationChanges.between(old, fresh);

        assertThat(changes.changed()).singleElement().satisfies(c -> {
            assertThat(c.database()).isEqualTo("app");
            assertThat(c.indexes()).containsExactly("public.t_name_idx", "public.u_name_idx");
            assertThat(c.describe()).contains("glibc 2.31 → 2.36", "2 index(es)");
        });
        assertThat(changes.indexesToRebuild()).isEqualTo(2);
        assertThat(changes.unknown()).singleElement().satisfies(c -> assertThat(c.database()).isEqualTo("shop"));
    }

    @Test
    void cPosixAndTheCDotLocalesSortByCodeAndAreNeverRebuilt() {
        assertThat(List.of("C", "POSIX", "C.UTF-8", "C.utf8")).allMatch(OldCluster::isCLocale);
        assertThat(List.of("en_US.utf8", "de_DE.UTF-8", "Ca_ES")).noneMatch(OldCluster::isCLocale);
    }

    private static OldCluster old(List<OldCluster.CollationUse> uses) {
        ClusterInventory inventory = new ClusterInventory(new PgVersion(13, 22), "13.22", "1",
                new ClusterInventory.Login("admin", true, true, true), "admin", List.of(), List.of(), List.of(),
                Set.of(), Set.of());
        return new OldCluster(inventory, new OldCluster.InitdbLocale("UTF8", "en_US.utf8", "en_US.utf8", "c", null),
                List.of(), uses, "", ColumnStamps.NONE);
    }
}
