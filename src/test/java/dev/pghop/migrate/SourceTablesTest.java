package dev.pghop.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.pghop.postgres.ExtensionConfigFilter;

class SourceTablesTest {
    private static final long LARGE = 100L << 20;

    @Test
    void eachRangeOfAConfigurationTableKeepsTheExtensionsWholeFilter() {
        SourceTables.Table cfg = new SourceTables.Table("public.cfg", "id, kind", LARGE,
                Optional.of(new ExtensionConfigFilter("WHERE kind = 'a' OR kind = 'b'")), true, 1000);

        List<SourceTables.Part> parts = SourceTables.parts(List.of(cfg), 64L << 20, 2, true);

        assertThat(parts).extracting(SourceTables.Part::copyOut).containsExactlyInAnyOrder(
                "COPY (SELECT id, kind FROM ONLY public.cfg WHERE (kind = 'a' OR kind = 'b') AND (ctid >="
                        + " '(0,0)'::pg_catalog.tid AND ctid < '(500,0)'::pg_catalog.tid)) TO STDOUT (FORMAT binary)",
                "COPY (SELECT id, kind FROM ONLY public.cfg WHERE (kind = 'a' OR kind = 'b') AND (ctid >="
                        + " '(500,0)'::pg_catalog.tid)) TO STDOUT (FORMAT binary)");
        assertThat(parts).noneMatch(SourceTables.Part::canFreeze);
    }

    @Test
    void aConfigurationTableIsNeverFrozenNorSplitWhenItsFilterIsNoWhereClause() {
        SourceTables.Table odd = new SourceTables.Table("public.cfg", "id", LARGE,
                Optional.of(new ExtensionConfigFilter("ORDER BY id")), false, 1000);
        SourceTables.Table plain = new SourceTables.Table("public.t", "id", LARGE, Optional.empty(), false, 1000);

        assertThat(SourceTables.parts(List.of(odd), 64L << 20, 2, true)).singleElement()
                .satisfies(p -> assertThat(p.copyOut()).isEqualTo("COPY (SELECT id FROM ONLY public.cfg ORDER BY id)"
                        + " TO STDOUT")).satisfies(p -> assertThat(p.canFreeze()).isFalse());
        assertThat(SourceTables.parts(List.of(plain), LARGE, 2, true)).singleElement()
                .satisfies(p -> assertThat(p.canFreeze()).isTrue());
    }
}
