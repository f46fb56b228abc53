package dev.pghop.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.pghop.config.VerifyMode;

/** The printed report: differences grouped by database, long values cut around where they differ. */
class TextReportTest {

    @Test
    void groupsTheDifferencesByDatabaseAndGivesTheReasonOfExpectedOnes() {
        VerifyReport report = new VerifyReport("admin@old:5432 (PostgreSQL 12.22)", "root@new:5432 (PostgreSQL 15.12)",
                VerifyMode.CHECKSUMS, Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-01-01T00:00:04Z"),
                new VerifyReport.Compared(3, 120, 7, 4204), List.of(
                        Difference.onlyOld(null, "member reporter of app_readers"),
                        Difference.of("app", "table app_schema.customers", "rows", "501", "500"),
                        Difference.onlyNew(null, "role root").expectedBecause("the new server's own superuser")));

        String text = TextReport.render(report);

        assertThat(text).contains("Compared: 120 catalog objects, 3 databases, 7 tables (4204 rows, counts and"
                + " checksums) in 4.0 s")
                .containsPattern("Differences: 2\n  cluster-wide .*\n.*OBJECT +WHAT +OLD +NEW\n"
                        + " +member reporter of app_readers +exists +yes +no\n  database app\n.*\n"
                        + " +table app_schema.customers +rows +501 +500\n")
                .containsPattern("Expected differences: 1\n.*\n.*\n +role root +exists +no +yes\n"
                        + " +expected: the new server's own superuser\n")
                .endsWith("RESULT: DIFFERENT: 2 difference(s).\n");
    }

    @Test
    void countsTheExpectedDifferencesApartAsTheReportDoes() {
        Difference version = Difference.of("my-app", "extension hstore", "version", "1.6", "1.8")
                .expectedBecause("CREATE EXTENSION installs the new server's version");
        Difference rows = Difference.of("my-app", "table t", "rows", "501", "500");

        assertThat(TextReport.counts(List.of(version))).isEqualTo("0 difference(s), 1 expected");
        assertThat(TextReport.counts(List.of(version, rows))).isEqualTo("1 difference(s), 1 expected");
        assertThat(TextReport.counts(List.of())).isEqualTo("0 difference(s), 0 expected");
    }

    @Test
    void longValuesAreCutToTheSameWindowAroundTheirFirstDifference() {
        String common = "CREATE OR REPLACE FUNCTION app_schema.customer_total(p_customer integer)\n RETURNS numeric";
        String[] shown = TextReport.excerpts(common + "\n STABLE", common + "\n VOLATILE");

        assertThat(shown[0]).startsWith("…").endsWith("STABLE").contains("numeric\\n");
        assertThat(shown[1]).startsWith("…").endsWith("VOLATILE");
        assertThat(shown[0].indexOf("numeric")).isEqualTo(shown[1].indexOf("numeric"));
        assertThat(TextReport.excerpts("501", "500")).containsExactly("501", "500");
    }
}
