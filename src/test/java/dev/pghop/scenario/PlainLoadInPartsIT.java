package dev.pghop.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.pghop.testing.PgServer;
import dev.pghop.testing.PgServers;

/**
 * The plain format's load runs the dump in parts side by side: the databases beside each other, a large table's rows
 * in several sessions. What arrives must be what left, whatever text the objects hold, and a part that fails stops
 * the others at once.
 */
class PlainLoadInPartsIT {
    private static final Duration BOUND = Duration.ofMinutes(2);
    private static final Pattern PARTS = Pattern.compile("loading the globals and (\\d+) database\\(s\\) in (\\d+)"
            + " part\\(s\\), (\\d+) at once");
    /** pg_dump's own header lines, in the places a user's text goes: none of them may move a border of the load. */
    private static final List<String> TRAPS = List.of("""
            CREATE FUNCTION public.trap() RETURNS text LANGUAGE sql AS $body$
            SELECT '
            --
            -- Database "postgres" dump
            --
            \\connect postgres
            --
            -- Data for Name: big; Type: TABLE DATA; Schema: public; Owner: admin
            --
            COPY public.big (id) FROM stdin;
            '::text
            $body$""", """
            COMMENT ON TABLE public.big IS '
            --
            -- Database "app" dump
            --
            it''s still the comment'""", """
            CREATE TABLE public."odd
            -- Name: x; Type: TABLE DATA; Schema: public; Owner: admin
            name" (v text DEFAULT E'\\'
            -- Database "reports" dump
            ')""", "INSERT INTO public.\"odd\n-- Name: x; Type: TABLE DATA; Schema: public; Owner: admin\nname\""
                    + " VALUES ('--\n-- Database \"app\" dump\n--\n\\connect app\n')");

    @RegisterExtension
    static PgServers servers = new PgServers();
    static PgServer old;

    @TempDir
    static Path volume;

    @BeforeAll
    static void dumpAClusterWithALargeTable() {
        old = servers.start(BlogSetup.oldServer("parts-0ld"));
        SampleCluster.fill(old);
        old.execute("postgres", "CREATE DATABASE big");
        old.execute("big", "CREATE TABLE public.big (id bigint PRIMARY KEY, payload text NOT NULL)",
                // about 75 MB: cut in four parts for two jobs
                "INSERT INTO public.big SELECT g, repeat(md5(g::text), 3) FROM generate_series(1, 700000) g",
                "CREATE INDEX big_payload ON public.big (payload)");
        TRAPS.forEach(sql -> old.execute("big", sql));
        Pghop.dump().dumpPath(volume).source(old).run().exits(0);
    }

    @Test
    void theDatabasesAndALargeTablesRowsLoadSideBySideAndArriveWhole() {
        PgServer target = servers.start(BlogSetup.newServer("parts-n3w"));

        PghopRun load = Pghop.load().dumpPath(volume).source(old).target(target).env("JOBS", "2").run().exits(0)
                .summaryStartsWith("pghop load: OK");

        Matcher parts = PARTS.matcher(load.output());
        assertThat(parts.find()).as("the load says how it cut the dump:\n%s", load.output()).isTrue();
        int databases = Integer.parseInt(parts.group(1));
        assertThat(Integer.parseInt(parts.group(2))).as("table data cut in parts").isGreaterThanOrEqualTo(
                1 + databases + 3);
        assertThat(parts.group(3)).isEqualTo("2");
        Pghop.verify().source(old).target(target).env("VERIFY_DATA", "checksums").run().exits(0)
                .summaryStartsWith("pghop verify: OK");
        assertThat(target.rows("big", "SELECT count(*), count(DISTINCT id), public.trap() LIKE '%COPY public.big%'"
                + " FROM public.big")).containsExactly(List.of("700000", "700000", "t"));
        assertThat(target.rows("big", "SELECT last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL"
                + " FROM pg_stat_user_tables WHERE relname = 'big'")).containsExactly(List.of("t"));
    }

    @Test
    void aPartThatFailsStopsTheOthersAndIsNamed() throws Exception {
        PgServer target = servers.start(BlogSetup.newServer("parts-n3w"));
        Pghop.Running load = Pghop.load().dumpPath(volume).source(old).target(target).env("JOBS", "2").start();
        awaitCopies(target, load, 1, "state = 'active'");
        try (Connection locker = target.connect("big"); Statement lock = locker.createStatement()) {
            // The parts copying now finish; the next two wait behind this lock, each in a session of its own.
            locker.setAutoCommit(false);
            lock.execute("LOCK TABLE public.big IN SHARE MODE");
            List<Long> waiting = awaitCopies(target, load, 2, "wait_event_type = 'Lock'");

            target.execute("postgres", "SELECT pg_terminate_backend(" + waiting.getFirst() + ")");

            load.await().exits(6).summaryStartsWith("pghop load: FAILED (exit 6")
                    .says("while loading table data of database big", "terminat", "reset it",
                            "stopping the psql loading table data of database big: another part of the load failed");
            locker.rollback();
        }
        assertThat(target.rows("big", "SELECT count(*) FROM pg_indexes WHERE tablename = 'big'"))
                .as("the indexes that wait for every part of the data were never built").containsExactly(List.of("0"));
        ServerSessions.awaitNone(target, "application_name LIKE 'pghop%'",
                "no session of the load is left on the new server", BOUND);
    }

    /** The backends of at least {@code count} sessions copying into the large table in that state, once there are. */
    private static List<Long> awaitCopies(PgServer target, Pghop.Running load, int count, String state)
            throws InterruptedException {
        return ServerSessions.await(target, load, count, "datname = 'big' AND query LIKE 'COPY %big%' AND " + state,
                BOUND);
    }
}
