package dev.pghop.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;

import dev.pghop.testing.SqlServer;

/** Values a user would look at after an upgrade of the {@link SampleCluster}, checked on the new server by hand. */
public final class ArrivedValues {
    private ArrivedValues() {
    }

    /** A few concrete values by hand, so the snapshot comparison cannot pass by comparing two empty clusters. */
    public static void check(SqlServer old, SqlServer target) {
        assertThat(target.value("app", "SELECT name FROM app_schema.customers WHERE id = "
                + SampleCluster.NON_ASCII_CUSTOMER_ID)).isEqualTo(SampleCluster.NON_ASCII_NAME);
        assertThat(target.value("app", "SELECT lo_get(" + SampleCluster.LARGE_OBJECT_OID + ")"))
                .isEqualTo("\\x" + HexFormat.of().formatHex(SampleCluster.largeObject()));
        assertThat(target.value("app", "SELECT count(*) FROM app_schema.orders")).isEqualTo("2000");
        assertThat(target.value("app", "SELECT count(*) FROM app_schema.measurements_2024")).isEqualTo("184");
        assertThat(target.value("app", "SELECT count(*) FROM app_schema.measurements_2025")).isEqualTo("216");
        assertThat(target.value("app", "SELECT app_schema.customer_total(1)"))
                .isEqualTo(old.value("app", "SELECT app_schema.customer_total(1)"));
        assertThat(target.value("my-app", "SELECT attrs -> 'city' FROM public.profiles WHERE id = 1000"))
                .isEqualTo("Zürich");
        assertThat(target.value("app", "SHOW search_path")).isEqualTo("app_schema, public");
        assertThat(target.value("postgres", "SELECT value FROM public.site_settings WHERE name = 'theme'"))
                .isEqualTo("dark");
        assertThat(target.value("app", "SELECT nextval('app_schema.invoice_number_seq')"))
                .isEqualTo(String.valueOf(SampleCluster.INVOICE_NUMBER + 1));
        assertThat(target.value("app", "INSERT INTO app_schema.customers (name) VALUES ('new') RETURNING id"))
                .isEqualTo(String.valueOf(SampleCluster.NON_ASCII_CUSTOMER_ID + 1));
    }

    /**
     * Planner statistics, which a dump does not carry, for a table of each database: those loaded first (beside
     * the load) and the last one (after it).
     */
    public static void statisticsGathered(SqlServer target) {
        for (String[] table : new String[][] {{"app", "app_schema", "customers"}, {"my-app", "public", "profiles"},
            {"reports", "public", "daily_visits"}, {"postgres", "public", SampleCluster.POSTGRES_DB_TABLE}}) {
            assertThat(target.value(table[0], "SELECT count(*) > 0 FROM pg_catalog.pg_stats WHERE schemaname = '"
                    + table[1] + "' AND tablename = '" + table[2] + "'"))
                    .as("statistics of %s.%s in database %s", table[1], table[2], table[0]).isEqualTo("t");
        }
    }
}
