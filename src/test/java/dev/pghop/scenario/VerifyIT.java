package dev.pghop.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.pghop.testing.PgServer;
import dev.pghop.testing.PgServers;
import dev.pghop.verify.Difference;
import dev.pghop.verify.TextReport;

/**
 * `pghop verify` after the blog's upgrade: equal right after the load, then one change at a time on the new server
 * (one per catalog object kind, {@link CatalogKinds}), each reported precisely (database, object, what, old and new
 * value) in the printed table and in the JSON report, with exit 7, and undone before the next. Verify itself changes nothing on either server.
 */
class VerifyIT {
    private static final String OLD_ADMIN_PASSWORD = "Old-verify-3c1a";
    private static final String NEW_ADMIN_PASSWORD = "New-verify-9b2e";
    private static final String INDEX = "app_schema.orders_ordered_at_idx";
    private static final String SEQUENCE = "app_schema.invoice_number_seq";
    private static final String CREATE_INDEX = "CREATE INDEX orders_ordered_at_idx ON app_schema.orders (ordered_at)";

    @RegisterExtension
    static PgServers servers = new PgServers();
    static PgServer old;
    static PgServer target;

    @TempDir
    static Path volume;

    /** A difference the report must hold; a null value matches any (a checksum). */
    record Found(String database, String object, String what, String old, String fresh) {
    }

    @BeforeAll
    static void upgradeTheBlogCluster() {
        old = servers.start(BlogSetup.oldServer(OLD_ADMIN_PASSWORD));
        target = servers.start(BlogSetup.newServer(NEW_ADMIN_PASSWORD));
        SampleCluster.fill(old);
        moreKindsOfObjects(old);
        CatalogKinds.fill(old);
        Pghop.dump().dumpPath(volume).source(old).run().exits(0);
        Pghop.load().dumpPath(volume).target(target).run().exits(0);
    }

    /** Object kinds the sample cluster lacks, so each catalog query of verify meets at least one. */
    private static void moreKindsOfObjects(PgServer server) {
        server.execute("app", CREATE_INDEX,
                "CREATE TYPE app_schema.mood AS ENUM ('sad', 'ok')",
                "CREATE DOMAIN app_schema.positive AS int CHECK (VALUE > 0)",
                "CREATE TYPE app_schema.span AS RANGE (subtype = int4)",
                "CREATE TABLE app_schema.kinds (id int GENERATED ALWAYS AS IDENTITY, m app_schema.mood,"
                        + " p app_schema.positive, twice int GENERATED ALWAYS AS (id * 2) STORED, f float8,"
                        + " at timestamptz, iv interval, b bytea, price money, s app_schema.span)",
                "INSERT INTO app_schema.kinds (m, p, f, at, iv, b, price, s) SELECT 'ok', g, g / 3.0,"
                        + " timestamptz '2024-03-01 12:00+01' + g * interval '1 day', g * interval '1 min',"
                        + " '\\x00ff'::bytea, g, app_schema.span(g, g + 5) FROM generate_series(1, 50) g",
                "ALTER TABLE app_schema.kinds ENABLE ROW LEVEL SECURITY",
                "CREATE POLICY readers_see_some ON app_schema.kinds FOR SELECT TO app_readers USING (id > 10)",
                "CREATE FUNCTION app_schema.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
                "CREATE TRIGGER kinds_touch BEFORE INSERT ON app_schema.kinds FOR EACH ROW"
                        + " EXECUTE FUNCTION app_schema.touch()",
                "CREATE TRIGGER measured AFTER INSERT ON app_schema.measurements FOR EACH ROW"
                        + " EXECUTE FUNCTION app_schema.touch()",
                "CREATE MATERIALIZED VIEW app_schema.orders_per_customer AS SELECT customer_id, count(*)"
                        + " FROM app_schema.orders GROUP BY customer_id",
                "CREATE AGGREGATE app_schema.total(int) (sfunc = int4pl, stype = int)",
                "ALTER DEFAULT PRIVILEGES IN SCHEMA app_schema GRANT SELECT ON TABLES TO app_readers",
                "GRANT SELECT (name) ON app_schema.customers TO ops",
                "CREATE UNLOGGED TABLE app_schema.scratch (a int)", "INSERT INTO app_schema.scratch VALUES (1)",
                "CREATE TABLE app_schema.parent (a int)",
                "CREATE TABLE app_schema.child (b int) INHERITS (app_schema.parent)",
                "INSERT INTO app_schema.child VALUES (1, 2)");
    }

    @Test
    void rightAfterTheUpgradeTheServersAreEqualAndVerifyChangesNothing() throws IOException {
        ClusterSnapshot oldBefore = ClusterSnapshot.of(old);
        ClusterSnapshot newBefore = ClusterSnapshot.of(target);

        PghopRun run = verify().run().exits(0).summaryStartsWith("pghop verify: OK: the new server holds what the old")
                .says("Differences: none", "RESULT: EQUAL");
        neverShowsSecrets(run, volume.resolve("verify-report.json"));
        assertThat(run.output()).as("the progress line counts hstore's version apart, as the report does")
                .containsPattern("database my-app: \\d+ catalog objects compared, 0 difference\\(s\\), 1 expected;");

        JsonNode report = report(volume.resolve("verify-report.json"));
        assertThat(report.path("equal").asBoolean()).isTrue();
        assertThat(report.path("differences")).isEmpty();
        assertThat(report.path("compared").path("tables").asInt()).isEqualTo(14);
        assertThat(report.path("compared").path("rows").asLong()).isEqualTo(4204 + 50 + 500 + 1 + 1 + 1);
        String newAdmin = target.superuser();
        assertMatch(run, found(report.path("expected")),
                new Found(null, "role " + newAdmin, "exists", "no", "yes"),
                new Found("app", "subscription app_feed", "enabled", "true", "false"),
                new Found("my-app", "extension hstore", "version", "1.6",
                        target.value("my-app", "SELECT extversion FROM pg_extension WHERE extname = 'hstore'")),
                new Found(newAdmin, "database " + newAdmin, "exists", "no", "yes"),
                new Found("postgres", "database postgres", "owner", "admin", newAdmin),
                new Found("postgres", "database postgres", "privileges", "{=Tc/admin,admin=CTc/admin}", null),
                new Found("template1", "database template1", "owner", "admin", newAdmin),
                new Found("template1", "database template1", "privileges", "{=c/admin,admin=CTc/admin}", null));
        assertThat(run.stdout()).contains("expected: the new server's own bootstrap superuser");
        assertThat(ClusterSnapshot.of(old)).usingRecursiveComparison().isEqualTo(oldBefore);
        assertThat(ClusterSnapshot.of(target)).usingRecursiveComparison().isEqualTo(newBefore);
    }

    @Test
    void aDeletedRowIsReported() throws IOException {
        whileChanged("reports", "DELETE FROM public.daily_visits WHERE day = '2023-01-02'",
                List.of("INSERT INTO public.daily_visits VALUES ('2023-01-02', 37)"),
                () -> verifyFinds(new Found("reports", "table public.daily_visits", "content checksum", null, null),
                        new Found("reports", "table public.daily_visits", "rows", "1000", "999")));
    }

    @Test
    void aChangedValueIsFoundByChecksumsNotByCounts() throws IOException {
        whileChanged("app", "UPDATE app_schema.orders SET amount = amount + 0.01 WHERE id = 42",
                List.of("UPDATE app_schema.orders SET amount = amount - 0.01 WHERE id = 42"), () -> {
                    verify().env("VERIFY_DATA", "counts").run().exits(0).says("Differences: none",
                            "counts only: no value was compared", "The rows' values were NOT compared")
                            .summaryStartsWith("pghop verify: OK: the new server holds the old one's catalog and row"
                                    + " counts; the rows' values were not compared (VERIFY_DATA=counts)");
                    verifyFinds(new Found("app", "table app_schema.orders", "content checksum", null, null));
                });
    }

    @Test
    void aDroppedIndexIsReported() throws IOException {
        whileChanged("app", "DROP INDEX " + INDEX, List.of(CREATE_INDEX),
                () -> verifyFinds(new Found("app", "index " + INDEX, "exists", "yes", "no")));
    }

    @Test
    void aDroppedMembershipIsReported() throws IOException {
        whileChanged("postgres", "REVOKE app_readers FROM reporter", List.of("GRANT app_readers TO reporter"),
                () -> verifyFinds(new Found(null, "member reporter of app_readers", "exists", "yes", "no")));
    }

    @Test
    void aRemovedDatabaseSettingIsReported() throws IOException {
        whileChanged("postgres", "ALTER DATABASE app RESET search_path",
                List.of("ALTER DATABASE app SET search_path = app_schema, public"),
                () -> verifyFinds(new Found("app", "database app", "settings",
                        "{\"search_path=app_schema, public\"}", "(none)")));
    }

    @Test
    void anAdvancedSequenceIsReported() throws IOException {
        long number = SampleCluster.INVOICE_NUMBER;
        whileChanged("app", "SELECT nextval('" + SEQUENCE + "')",
                List.of("SELECT setval('" + SEQUENCE + "', " + number + ")"),
                () -> verifyFinds(new Found("app", "sequence " + SEQUENCE, "last value", String.valueOf(number),
                        String.valueOf(number + 1))));
    }

    @Test
    void aDeletedLargeObjectIsReported() throws IOException {
        long oid = SampleCluster.LARGE_OBJECT_OID;
        whileChanged("app", "SELECT lo_unlink(" + oid + ")", List.of("SELECT lo_from_bytea(" + oid + ", decode('"
                        + HexFormat.of().formatHex(SampleCluster.largeObject()) + "', 'hex'))",
                "ALTER LARGE OBJECT " + oid + " OWNER TO app",
                "COMMENT ON LARGE OBJECT " + oid + " IS 'the company logo'"),
                () -> verifyFinds(new Found("app", "comment on large object " + oid, "exists", "yes", "no"),
                        new Found("app", "large object " + oid, "exists", "yes", "no"),
                        new Found("app", "large objects", "bytes", String.valueOf(SampleCluster.largeObject().length),
                                "0"),
                        new Found("app", "large objects", "content checksum", null, "0"),
                        new Found("app", "large objects", "count", "1", "0"),
                        new Found("app", "large objects", "owners and privileges checksum", null, "0")));
    }

    @Test
    void aRevokedGrantIsReportedToVerifyReport(@TempDir Path elsewhere) throws IOException {
        Path file = elsewhere.resolve("revoked.json");
        whileChanged("app", "REVOKE USAGE ON SCHEMA app_schema FROM app_readers",
                List.of("GRANT USAGE ON SCHEMA app_schema TO app_readers"), () -> {
                    PghopRun run = Pghop.verify().source(old).target(target).env("VERIFY_REPORT", file).run()
                            .exits(7);
                    assertReported(run, report(file), new Found("app", "schema app_schema", "privileges",
                            "{app=UC/app,app_readers=U/app}", "{app=UC/app}"));
                });
    }

    /**
     * The differences the new server here can be given. Those of a later major (a membership's INHERIT and SET
     * options, 16+, where the host's client programs stop at 15) are planted between servers of 17 and 18 in Docker
     * by {@code container.VerifyMembershipsIT}.
     */
    static List<CatalogKinds.Planted> plantedCatalogDifferences() {
        return CatalogKinds.planted().stream().filter(p -> p.sinceMajor() <= BlogSetup.newMajor()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plantedCatalogDifferences")
    void eachCatalogObjectKindIsCompared(CatalogKinds.Planted planted) throws IOException {
        assertThat(target.major()).as("the new server's major, which " + planted + " needs")
                .isGreaterThanOrEqualTo(planted.sinceMajor());
        whileChanged(planted.database(), planted.change(), planted.undo(), () -> verifyFinds(planted.found()));
    }

    /** A check that reads the report file. */
    interface Check {
        void run() throws IOException;
    }

    /** Makes one change on the new server, runs the check, and undoes the change whatever the check found. */
    private static void whileChanged(String database, String change, List<String> undo, Check check)
            throws IOException {
        target.execute(database, change);
        try {
            check.run();
        } finally {
            target.execute(database, undo.toArray(String[]::new));
        }
    }

    private static Pghop verify() {
        return Pghop.verify().dumpPath(volume).source(old).target(target);
    }

    /** Runs verify, which must exit 7 and report exactly these differences, in this order. */
    private static void verifyFinds(Found... expected) throws IOException {
        PghopRun run = verify().run().exits(7).summaryStartsWith("pghop verify: FAILED (exit 7, VERIFY_FAILED): "
                + expected.length + " difference(s)");
        Path file = volume.resolve("verify-report.json");
        assertReported(run, report(file), expected);
        neverShowsSecrets(run, file);
    }

    /** The user mapping's and the subscription's passwords show neither in the output nor in the JSON report. */
    private static void neverShowsSecrets(PghopRun run, Path reportFile) throws IOException {
        String json = Files.readString(reportFile);
        for (String secret : List.of(CatalogKinds.MAPPING_PASSWORD, CatalogKinds.OTHER_MAPPING_PASSWORD,
                CatalogKinds.FEED_PASSWORD, CatalogKinds.OTHER_FEED_PASSWORD)) {
            run.neverShows(secret);
            assertThat(json).as("verify's JSON report shows a secret").doesNotContain(secret);
        }
    }

    private static void assertReported(PghopRun run, JsonNode report, Found... expected) {
        assertThat(report.path("equal").asBoolean()).isFalse();
        List<Found> found = found(report.path("differences"));
        assertMatch(run, found, expected);
        for (int i = 0; i < expected.length; i++) {
            Found want = expected[i];
            Found got = found.get(i);
            String group = want.database() == null ? "cluster-wide" : "database " + want.database();
            assertThat(printedGroup(run.stdout(), group)).as("the printed table, group " + group + "\n"
                    + run.transcript()).contains(TextReport.printedRow(Difference.of(got.database(), got.object(),
                    got.what(), got.old(), got.fresh())));
        }
    }

    /** The differences are these, in this order; a null value in {@code expected} matches any value. */
    private static void assertMatch(PghopRun run, List<Found> found, Found... expected) {
        assertThat(found).as(run.transcript()).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            Found want = expected[i];
            Found got = found.get(i);
            assertThat(got).as(run.transcript()).isEqualTo(new Found(want.database(), want.object(), want.what(),
                    want.old() == null ? got.old() : want.old(), want.fresh() == null ? got.fresh() : want.fresh()));
            assertThat(got.old()).isNotEqualTo(got.fresh());
        }
    }

    /** The rows printed under one group of the "Differences" table. */
    private static String printedGroup(String stdout, String group) {
        String differences = stdout.substring(stdout.indexOf("\nDifferences: "), stdout.indexOf("\nExpected differences"));
        int start = differences.indexOf("\n  " + group);
        if (start < 0) {
            return "";
        }
        int end = differences.indexOf("\n  ", start + 1);
        while (end >= 0 && differences.startsWith("\n    ", end)) {
            end = differences.indexOf("\n  ", end + 1);
        }
        return end < 0 ? differences.substring(start) : differences.substring(start, end);
    }

    private static JsonNode report(Path file) throws IOException {
        assertThat(file).exists();
        return new ObjectMapper().readTree(Files.readString(file));
    }

    private static List<Found> found(JsonNode differences) {
        List<Found> found = new ArrayList<>();
        differences.forEach(d -> found.add(new Found(d.path("database").isNull() ? null : d.path("database").asText(),
                d.path("object").asText(), d.path("what").asText(), d.path("old").asText(), d.path("new").asText())));
        return found;
    }
}
