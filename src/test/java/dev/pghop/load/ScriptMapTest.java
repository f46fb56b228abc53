package dev.pghop.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.pghop.load.LoadPieces.Kind;
import dev.pghop.load.LoadPieces.Piece;
import dev.pghop.script.DumpFilter;
import dev.pghop.script.LoadRules;
import dev.pghop.script.ScriptMap;
import dev.pghop.script.ScriptMap.Database;

class ScriptMapTest {
    /** Every place pg_dump puts text of the database's users, each holding lines that look like pg_dump's own. */
    private static final String TRAPS = """
            CREATE FUNCTION public.trap() RETURNS text
                LANGUAGE sql
                AS $_$
            --
            -- Database "evil" dump
            --
            \\connect evil
            --
            -- Data for Name: t; Type: TABLE DATA; Schema: public; Owner: admin
            --
            COPY public.t (id) FROM stdin;
            SELECT 'it''s $x$ here'
            $_$;

            COMMENT ON TABLE public.t IS '
            --
            -- Database "evil2" dump
            --
            it''s -- still a literal';

            CREATE TABLE public."odd
            -- Database ""evil3"" dump
            name" (v text DEFAULT E'\\'
            -- Database "evil4" dump
            ');

            /* a comment /* nested
            -- Database "evil5" dump
            */ still a comment
            -- Database "evil6" dump
            */
            CREATE VIEW public.v AS SELECT $tag$
            -- Database "evil7" dump
            $tag$::text AS x, 1 AS "y$";

            """;

    private static String database(String name, String schema, String rows) {
        return """
                --
                -- Database "%1$s" dump
                --

                --
                -- PostgreSQL database dump
                --

                \\restrict K%1$s

                SET client_encoding = 'UTF8';
                SET standard_conforming_strings = on;

                --
                -- Name: %1$s; Type: DATABASE; Schema: -; Owner: admin
                --

                CREATE DATABASE "%1$s" WITH TEMPLATE = template0;

                \\unrestrict K%1$s
                \\connect "%1$s"
                \\restrict K%1$s

                SET statement_timeout = 0;
                SELECT pg_catalog.set_config('search_path', '', false);

                --
                -- Name: t; Type: TABLE; Schema: public; Owner: admin
                --

                SET default_tablespace = '';

                CREATE TABLE public.t (id integer, v text);
                %2$s
                --
                -- Data for Name: t; Type: TABLE DATA; Schema: public; Owner: admin
                --

                COPY public.t (id, v) FROM stdin;
                %3$s\\.


                --
                -- Data for Name: u; Type: TABLE DATA; Schema: public; Owner: admin
                --

                COPY public.u (id) FROM stdin;
                1
                -- Database "evil8" dump
                \\.


                --
                -- Name: t_id_seq; Type: SEQUENCE SET; Schema: public; Owner: admin
                --

                SELECT pg_catalog.setval('public.t_id_seq', 1, false);

                --
                -- Name: t t_pkey; Type: CONSTRAINT; Schema: public; Owner: admin
                --

                ALTER TABLE ONLY public.t ADD CONSTRAINT t_pkey PRIMARY KEY (id);

                --
                -- PostgreSQL database dump complete
                --

                \\unrestrict K%1$s

                """.formatted(name, schema, rows);
    }

    private static final String GLOBALS = """
            --
            -- PostgreSQL database cluster dump
            --

            SET default_transaction_read_only = off;

            CREATE ROLE admin;

            --
            -- Databases
            --

            """;

    @TempDir
    Path dir;

    @Test
    void findsOnlyPgDumpsOwnBordersWhateverTheObjectsHold() throws IOException {
        String script = GLOBALS + database("app", TRAPS, "1\tone\n2\ttwo\n") + database("my \"db\"", "", "3\tx\n");

        ScriptMap map = ScriptMap.of(new ByteArrayInputStream(bytes(script)));

        assertThat(map.databases()).extracting(Database::name).containsExactly("app", "my \"db\"");
        assertThat(text(script, map.globals())).isEqualTo(GLOBALS);
        Database app = map.databases().getFirst();
        assertThat(text(script, app.whole())).isEqualTo(database("app", TRAPS, "1\tone\n2\ttwo\n"));
        assertThat(text(script, app.opening())).startsWith("\\connect \"app\"\n\\restrict Kapp\n")
                .endsWith("set_config('search_path', '', false);\n\n");
        assertThat(text(script, app.tableData())).startsWith("--\n-- Data for Name: t; Type: TABLE DATA;")
                .endsWith("-- Database \"evil8\" dump\n\\.\n\n\n");
        assertThat(app.copies()).hasSize(2);
        assertThat(text(script, app.copies().getFirst().data())).isEqualTo("1\tone\n2\ttwo\n");
        assertThat(app.schemaSettings()).containsExactly("SET default_tablespace = '';");
        assertThat(line(script, app.restLine())).isEqualTo("--");
        assertThat(line(script, app.copies().getFirst().statement().line()))
                .isEqualTo("COPY public.t (id, v) FROM stdin;");
    }

    @Test
    void piecesHoldEveryByteOnceAndCutALargeTableBetweenRows() throws IOException {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            rows.append(i).append("\trow ").append(i).append(" -- Database \"x\" dump\n");
        }
        String script = GLOBALS + database("app", TRAPS, rows.toString()) + database("small", "", "1\ta\n");
        Path file = dir.resolve("pg_dumpall.sql");
        Files.write(file, bytes(script));
        ScriptMap map = ScriptMap.of(Files.newInputStream(file));

        List<Piece> pieces;
        try (FileChannel channel = FileChannel.open(file)) {
            pieces = LoadPieces.of(map, channel, 2, 64 << 10, 32 << 10);
        }

        assertThat(pieces).extracting(Piece::kind).containsExactly(Kind.GLOBALS, Kind.SCHEMA, Kind.TABLE_DATA,
                Kind.TABLE_DATA, Kind.TABLE_DATA, Kind.TABLE_DATA, Kind.REST, Kind.DATABASE);
        long next = 0;
        for (Piece piece : pieces) {
            assertThat(piece.main().from()).as("piece %s", piece).isEqualTo(next);
            next = piece.main().to();
        }
        assertThat(next).isEqualTo(bytes(script).length);
        List<String> loadedRows = new ArrayList<>();
        for (Piece piece : pieces.subList(2, 6)) {
            String sent = sent(script, piece);
            assertThat(sent).startsWith("\\restrict Kapp\n").contains("COPY public.t (id, v) FROM stdin;\n");
            String data = sent.substring(sent.indexOf("FROM stdin;\n") + "FROM stdin;\n".length());
            data = data.substring(0, data.indexOf("\\.\n"));
            loadedRows.addAll(data.lines().toList());
        }
        assertThat(loadedRows).containsExactlyElementsOf(rows.toString().lines().toList());
        // the small table after the large one opens the rest instead of a session of its own
        assertThat(sent(script, pieces.get(6))).contains("SET default_tablespace = '';\n")
                .contains("COPY public.u (id) FROM stdin;\n1\n")
                .contains("ALTER TABLE ONLY public.t ADD CONSTRAINT t_pkey").doesNotContain("\\connect");
        assertThat(pieces.get(6).waitsFor()).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
        assertThat(pieces.get(7).waitsFor()).containsExactly(0);
    }

    @Test
    void oneJobKeepsEachDatabaseWhole() throws IOException {
        String script = GLOBALS + database("app", "", "1\ta\n".repeat(50_000));
        Path file = dir.resolve("pg_dumpall.sql");
        Files.write(file, bytes(script));
        ScriptMap map = ScriptMap.of(Files.newInputStream(file));

        try (FileChannel channel = FileChannel.open(file)) {
            assertThat(LoadPieces.of(map, channel, 1, 1024, 1024)).extracting(Piece::kind)
                    .containsExactly(Kind.GLOBALS, Kind.DATABASE);
        }
    }

    @Test
    void followsBackslashEscapesWhereStandardConformingStringsAreOff() throws IOException {
        String app = database("app", "", "1\ta\n").replace("SET standard_conforming_strings = on;",
                "SET standard_conforming_strings = off;");
        String trap = "COMMENT ON TABLE public.t IS 'it\\'s\n--\n-- Database \"evil\" dump\n--\n';\n"
                + "SELECT $1, a$b$c FROM x;\n";
        String script = GLOBALS + app.replace("CREATE TABLE public.t (id integer, v text);",
                "CREATE TABLE public.t (id integer, v text);\n" + trap) + database("next", "", "2\tb\n");

        ScriptMap map = ScriptMap.of(new ByteArrayInputStream(bytes(script)));

        assertThat(map.databases()).extracting(Database::name).containsExactly("app", "next");
        assertThat(map.databases().getFirst().copies()).hasSize(2);
    }

    @Test
    void findsTheEndOfCopyDataWhereverTheReadsEnd() throws IOException {
        String rows = "\\N\tnull first\n\\\\.\tan escaped backslash, then a period\n.\tx\n\\.x\tnot the end\n"
                + "CREATE ROLE \"app\";\n";
        String script = GLOBALS + database("app", "", rows) + database("next", "", "1\ta\n");
        ScriptMap whole = ScriptMap.of(new ByteArrayInputStream(bytes(script)));

        for (int step = 1; step <= 9; step++) {
            int each = step;
            ScriptMap trickled = ScriptMap.of(new java.io.FilterInputStream(new ByteArrayInputStream(bytes(script))) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return super.read(b, off, Math.min(len, each));
                }
            });
            assertThat(trickled.databases()).as("read %d bytes at a time", step).isEqualTo(whole.databases());
        }
        assertThat(text(script, whole.databases().getFirst().copies().getFirst().data())).isEqualTo(rows);
    }

    @Test
    void aScriptWithoutDatabasesIsOnePiece() throws IOException {
        String script = "SET client_encoding = 'UTF8';\nCREATE TABLE t (id int);\n";

        ScriptMap map = ScriptMap.of(new ByteArrayInputStream(bytes(script)));

        assertThat(map.databases()).isEmpty();
        assertThat(text(script, map.globals())).isEqualTo(script);
    }

    @Test
    void theFilterRewritesNoLineInsideALiteralOrBody() throws IOException {
        String body = """
                CREATE FUNCTION public.f() RETURNS void LANGUAGE sql AS $$
                --
                -- Name: app; Type: DATABASE; Schema: -; Owner: admin
                --
                CREATE DATABASE app WITH TEMPLATE = template0;
                $$;
                """;
        LoadRules rules = new LoadRules(java.util.Set.of(), java.util.Set.of("app"), "admin", LoadRules.Options.NONE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        DumpFilter.forDatabase(rules).filter(new ByteArrayInputStream(bytes(body)), out);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(body);
    }

    private static String sent(String script, Piece piece) {
        return new String(piece.prefix(), StandardCharsets.UTF_8) + text(script, piece.main())
                + new String(piece.suffix(), StandardCharsets.UTF_8);
    }

    private static String text(String script, ScriptMap.Range range) {
        byte[] all = bytes(script);
        return new String(all, (int) range.from(), (int) range.bytes(), StandardCharsets.UTF_8);
    }

    private static String line(String script, long n) {
        return script.lines().skip(n - 1).findFirst().orElseThrow();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
