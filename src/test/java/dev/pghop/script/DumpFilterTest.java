package dev.pghop.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.pghop.postgres.PgVersion;

class DumpFilterTest {
    private static final String GLOBALS = """
            --
            -- PostgreSQL database cluster dump
            --

            \\restrict abc

            SET default_transaction_read_only = off;

            CREATE ROLE "admin";
            ALTER ROLE "admin" WITH SUPERUSER INHERIT CREATEROLE CREATEDB LOGIN PASSWORD 'md5aaaa';
            CREATE ROLE "app";
            ALTER ROLE "app" WITH NOSUPERUSER INHERIT LOGIN PASSWORD 'md5bbbb';
            CREATE ROLE "pg-15-admin";
            ALTER ROLE "pg-15-admin" WITH SUPERUSER LOGIN PASSWORD 'SCRAM-SHA-256$4096:xx';
            ALTER ROLE "app" SET "work_mem" TO '8MB';
            GRANT "grp" TO "app" WITH ADMIN OPTION GRANTED BY "admin";

            \\unrestrict abc

            \\connect template1

            --
            -- Name: my-app; Type: DATABASE; Schema: -; Owner: admin
            --

            CREATE DATABASE "my-app" WITH TEMPLATE = template0 ENCODING = 'UTF8';

            ALTER DATABASE "my-app" OWNER TO "admin";

            \\connect -reuse-previous=on "dbname='my-app'"

            --
            -- Name: t; Type: TABLE; Schema: public; Owner: admin
            --

            COPY "public"."t" ("id", "v") FROM stdin;
            1	CREATE ROLE "app";
            2	CREATE DATABASE "my-app" WITH TEMPLATE = template0;
            \\.

            CREATE DATABASE "my-app" WITH TEMPLATE = template0;
            """;

    @Test
    void skipsExistingRolesAndKeepsTheLoadersOwnAttributes() throws IOException {
        String out = filter(GLOBALS, rules(Set.of("app", "pg-15-admin"), Set.of(), "pg-15-admin", false));

        assertThat(out).contains("CREATE ROLE \"admin\";")
                .contains("-- pghop: role \"app\" already exists on the new server; not created")
                .contains("ALTER ROLE \"app\" WITH NOSUPERUSER INHERIT LOGIN PASSWORD 'md5bbbb';")
                .doesNotContain("ALTER ROLE \"pg-15-admin\" WITH")
                .doesNotContain("SCRAM-SHA-256$4096:xx")
                .contains("ALTER ROLE \"app\" SET \"work_mem\" TO '8MB';");
    }

    @Test
    void keepsLineNumbersSoPsqlErrorsPointIntoTheDumpFile() throws IOException {
        String out = filter(GLOBALS, rules(Set.of("admin", "app"), Set.of("my-app"), "admin", true));

        assertThat(out.lines().count()).isEqualTo(GLOBALS.lines().count());
        assertThat(out.lines().toList().get(9)).startsWith("-- pghop: role \"admin\" loads this dump");
    }

    @Test
    void neverRewritesCopyDataNorStatementsOutsideTheirSection() throws IOException {
        String out = filter(GLOBALS, rules(Set.of("app"), Set.of("my-app"), "admin", false));

        assertThat(out).contains("1\tCREATE ROLE \"app\";\n2\tCREATE DATABASE \"my-app\" WITH TEMPLATE = template0;\n")
                .contains("-- pghop: database \"my-app\" already exists on the new server; not created")
                .contains("ALTER DATABASE \"my-app\" OWNER TO \"admin\";")
                .endsWith("\\.\n\nCREATE DATABASE \"my-app\" WITH TEMPLATE = template0;\n");
    }

    @Test
    void dropsRestrictLinesOnlyForAPsqlThatPredatesThem() throws IOException {
        assertThat(filter(GLOBALS, rules(Set.of(), Set.of(), "x", false))).contains("\\restrict abc\n")
                .contains("\\unrestrict abc\n");
        assertThat(filter(GLOBALS, rules(Set.of(), Set.of(), "x", true))).doesNotContain("\\restrict abc")
                .doesNotContain("\\unrestrict abc");
    }

    @Test
    void readsUnquotedNamesOfDumpsWrittenWithoutPghop() throws IOException {
        String legacy = "CREATE ROLE admin;\nALTER ROLE admin WITH SUPERUSER PASSWORD 'md5x';\nCREATE ROLE app_1;\n";

        String out = filter(legacy, rules(Set.of("admin", "app_1"), Set.of(), "admin", false));

        assertThat(out).doesNotContain("CREATE ROLE").doesNotContain("md5x").hasLineCount(3);
    }

    @Test
    void passesHugeLinesThroughByteForByteWithAnyReadSize() throws IOException {
        String big = "x".repeat(3 * 1024 * 1024);
        String dump = "COPY \"t\" (\"v\") FROM stdin;\n" + big + "\n\\.\nCREATE ROLE \"app\";\n" + big
                + "CREATE ROLE \"app\";\nno newline at the end";
        byte[] bytes = dump.getBytes(StandardCharsets.UTF_8);
        LoadRules rules = rules(Set.of("app"), Set.of(), "admin", false);

        String whole = filter(new java.io.ByteArrayInputStream(bytes), rules);
        String trickled = filter(new Trickle(new java.io.ByteArrayInputStream(bytes), 7), rules);

        assertThat(trickled).isEqualTo(whole);
        assertThat(whole).hasSize(dump.length() - "CREATE ROLE \"app\";".length()
                + "-- pghop: role \"app\" already exists on the new server; not created".length())
                .endsWith(big + "CREATE ROLE \"app\";\nno newline at the end");
    }

    @Test
    void canLoadEveryRoleWithoutItsOldPasswordKeepingTheRestOfTheLine() throws IOException {
        LoadRules rules = new LoadRules(Set.of(), Set.of(), "pg-15-admin", new LoadRules.Options(false, true, LoadRules.Grantors.KEEP));

        String out = filter(GLOBALS, rules);

        assertThat(out).contains("ALTER ROLE \"admin\" WITH SUPERUSER INHERIT CREATEROLE CREATEDB LOGIN;\n")
                .contains("ALTER ROLE \"app\" WITH NOSUPERUSER INHERIT LOGIN;\n").doesNotContain("md5")
                .contains("ALTER ROLE \"app\" SET \"work_mem\" TO '8MB';");
        assertThat(out.lines().count()).isEqualTo(GLOBALS.lines().count());
        assertThat(rules.notes()).contains("every role was loaded without its old password (DROP_ROLE_PASSWORDS=true)");
    }

    @Test
    void findsEveryNewlineWhereverItFallsInAWord() {
        java.util.Random random = new java.util.Random(42);
        for (int round = 0; round < 2000; round++) {
            byte[] buf = new byte[1 + random.nextInt(40)];
            for (int i = 0; i < buf.length; i++) {
                buf[i] = (byte) (random.nextInt(4) == 0 ? '\n' : random.nextInt(256));
            }
            int from = random.nextInt(buf.length);
            int expected = -1;
            for (int i = from; i < buf.length; i++) {
                if (buf[i] == '\n') {
                    expected = i;
                    break;
                }
            }
            assertThat(DumpFilter.indexOfNewline(buf, from, buf.length)).as("round %d", round).isEqualTo(expected);
        }
    }

    @Test
    void dropsOldGrantorsOnlyWhenAskedAndOnlyInTheRolesSection() throws IOException {
        String dump = GLOBALS + "\nGRANT \"x\" TO \"y\" GRANTED BY \"admin\";\n";
        LoadRules rules = new LoadRules(Set.of(), Set.of(), "pg-17-admin", new LoadRules.Options(false, false, new LoadRules.Grantors(true, null)));

        assertThat(filter(dump, rules)).contains("GRANT \"grp\" TO \"app\" WITH ADMIN OPTION;\n")
                .endsWith("GRANT \"x\" TO \"y\" GRANTED BY \"admin\";\n");
        assertThat(filter(dump, rules(Set.of(), Set.of(), "x", false)))
                .contains("GRANT \"grp\" TO \"app\" WITH ADMIN OPTION GRANTED BY \"admin\";\n");
    }

    @Test
    void dropsOnlyTheOldBootstrapSuperusersGrantorFromANewerPgDumpall() throws IOException {
        String dump = GLOBALS.replace("GRANTED BY \"admin\";", "GRANTED BY \"admin\";\n"
                + "GRANT \"grp\" TO \"ops\" WITH INHERIT TRUE GRANTED BY \"app\";");
        LoadRules.Grantors grantors = LoadRules.Grantors.choose(new PgVersion(18, 1),
                Optional.of(new PgVersion(17, 6)), Optional.of("admin"));
        LoadRules rules = new LoadRules(Set.of(), Set.of(), "pg-18-admin", new LoadRules.Options(false, false,
                grantors));

        assertThat(filter(dump, rules)).contains("GRANT \"grp\" TO \"app\" WITH ADMIN OPTION;\n")
                .contains("GRANT \"grp\" TO \"ops\" WITH INHERIT TRUE GRANTED BY \"app\";\n");
        assertThat(rules.notes()).anySatisfy(n -> assertThat(n).contains("bootstrap superuser admin"));
        assertThat(LoadRules.Grantors.choose(new PgVersion(15, 4), Optional.of(new PgVersion(15, 4)),
                Optional.of("admin"))).isEqualTo(LoadRules.Grantors.KEEP);
        assertThat(LoadRules.Grantors.choose(new PgVersion(16, 2), Optional.empty(), Optional.of("admin")).all())
                .as("a dump written without pghop: its pg_dumpall is unknown").isTrue();
    }

    @Test
    void leavesOutThePostgres17ColumnStampAndKeepsTheOtherColumnOptions() throws IOException {
        String dump = "\\connect app\n"
                + "ALTER TABLE ONLY public.p ALTER COLUMN id SET (pg_attver=27221088);\n"
                + "ALTER TABLE ONLY public.q ALTER COLUMN a SET (pg_attver=27332528, n_distinct=5);\n"
                + "ALTER TABLE ONLY public.q ALTER COLUMN b SET (n_distinct=-1, pg_attver=27332528);\n"
                + "ALTER TABLE ONLY public.q ALTER COLUMN c SET STATISTICS 500;\n";
        LoadRules rules = rules(Set.of(), Set.of(), "x", false);

        assertThat(filter(dump, rules)).isEqualTo("\\connect app\n"
                + "-- pghop: left out the PostgreSQL 17.12 column option pg_attver\n"
                + "ALTER TABLE ONLY public.q ALTER COLUMN a SET (n_distinct=5);\n"
                + "ALTER TABLE ONLY public.q ALTER COLUMN b SET (n_distinct=-1);\n"
                + "ALTER TABLE ONLY public.q ALTER COLUMN c SET STATISTICS 500;\n");
    }

    @Test
    void mentionsEachRewriteOnceInItsNotes() throws IOException {
        LoadRules rules = rules(Set.of("app"), Set.of("my-app"), "admin", true);
        filter(GLOBALS, rules);

        assertThat(rules.notes()).hasSize(4).anySatisfy(n -> assertThat(n).contains("role app already existed"))
                .anySatisfy(n -> assertThat(n).contains("admin (the loading role) kept its own"))
                .anySatisfy(n -> assertThat(n).contains("database my-app already existed"));
    }

    private static LoadRules rules(Set<String> roles, Set<String> databases, String loader, boolean dropRestrict) {
        return new LoadRules(roles, databases, loader, new LoadRules.Options(dropRestrict, false, LoadRules.Grantors.KEEP));
    }

    private static String filter(String dump, LoadRules rules) throws IOException {
        return filter(new java.io.ByteArrayInputStream(dump.getBytes(StandardCharsets.UTF_8)), rules);
    }

    private static String filter(InputStream in, LoadRules rules) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DumpFilter.forCluster(rules).filter(in, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Hands out at most {@code step} bytes per read, to hit every buffer boundary. */
    private static final class Trickle extends FilterInputStream {
        private final int step;

        Trickle(InputStream in, int step) {
            super(in);
            this.step = step;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, step));
        }
    }
}
