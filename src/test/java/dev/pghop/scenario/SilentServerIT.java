package dev.pghop.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.pghop.postgres.Keepalives;
import dev.pghop.testing.PgServer;
import dev.pghop.testing.PgServers;
import dev.pghop.testing.SilencedServer;

/**
 * A server that goes silent in the middle of a copy (its packets dropped, no reset: what a lost node or a network
 * partition looks like from the pod) is noticed within a bounded time, and named; a server that is only slow, its
 * sessions waiting longer than that bound for a lock, is not cut off.
 */
class SilentServerIT {
    private static final Duration BOUND = Duration.ofSeconds(120);
    /** Longer than a silent server is waited for: a live one must be waited for all the same. */
    private static final Duration LIVE_WAIT = Keepalives.NOTICED_WITHIN.plusSeconds(15);

    @RegisterExtension
    static PgServers servers = new PgServers();

    @BeforeAll
    static void packetsCanBeDropped() {
        String why = SilencedServer.unavailableBecause();
        assumeTrue(why == null, () -> "the silent-server tests cannot run here: " + why);
    }

    @Test
    void anOldServerThatGoesSilentDuringTheCopyIsNamedWithinAboutAMinute() throws Exception {
        PgServer old = servers.start(BlogSetup.oldServer("silent-0ld").listenAddresses("127.0.0.42"));
        PgServer target = servers.start(BlogSetup.newServer("silent-n3w"));
        old.execute("postgres", "CREATE DATABASE big");
        old.execute("big", "CREATE TABLE public.events (id int, v text)",
                "INSERT INTO public.events SELECT g, repeat(md5(g::text), 3) FROM generate_series(1, 1500000) g");

        Pghop.Running migrate = Pghop.withArgs("migrate").source(old).target(target).env("JOBS", "2").start();
        // The moment: the table's rows stream, and every other session of the copy is done (the schema archive was
        // the last one dumped), so no new connection meets the silence: only the open ones can notice it.
        migrate.awaitLog("--section=post-data", BOUND);
        awaitOnly(old, migrate, "the snapshot's session and the table's COPY",
                "datname = 'big' AND backend_type = 'client backend'", 2);
        ServerSessions.await(old, migrate, 1, "datname = 'big' AND state = 'active' AND query LIKE 'COPY (%'", BOUND);
        PghopRun run;
        long silentFrom;
        try (SilencedServer silenced = SilencedServer.silence(old)) {
            silentFrom = System.nanoTime();
            run = migrate.await();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - silentFrom);

        run.exits(6).summaryStartsWith("pghop migrate: FAILED (exit 6, LOAD_FAILED)")
                .says("talking to the old server admin@127.0.0.42", "stopped answering", "a partial copy", "reset it");
        assertThat(took).as("from the silence to pghop's end\n%s", run.transcript())
                .isLessThan(Keepalives.NOTICED_WITHIN.multipliedBy(3));
    }

    /** Waits, bounded, until exactly {@code count} sessions match {@code where}; pghop must still run meanwhile. */
    private static void awaitOnly(PgServer server, Pghop.Running pghop, String what, String where, int count)
            throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!String.valueOf(count).equals(server.value("postgres", "SELECT count(*) FROM pg_stat_activity WHERE "
                + where))) {
            assertThat(pghop.process().isAlive()).as("pghop is still running").isTrue();
            assertThat(System.nanoTime()).as("only %s on the old server within %s", what, BOUND).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void aLiveSessionWaitingLongerThanTheSilenceBoundIsNotCut() throws Exception {
        PgServer old = servers.start(BlogSetup.oldServer("live-0ld"));
        PgServer target = servers.start(BlogSetup.newServer("live-n3w"));
        old.execute("postgres", "CREATE DATABASE big");
        old.execute("big", "CREATE TABLE public.first (id int, v text)",
                "INSERT INTO public.first SELECT g, repeat(md5(g::text), 3) FROM generate_series(1, 600000) g",
                "CREATE TABLE public.second (id int, v text)",
                "INSERT INTO public.second SELECT g, repeat(md5(g::text), 3) FROM generate_series(1, 100000) g");

        // One lane: second waits for first. A lock asked for meanwhile queues ahead of second's read, which then
        // waits, alive, for as long as the test keeps its request.
        Pghop.Running migrate = Pghop.withArgs("migrate").source(old).target(target).env("JOBS", "1")
                .env("LOCK_WAIT_TIMEOUT", "300").start();
        ServerSessions.await(old, migrate, 1, "datname = 'big' AND state = 'active'"
                + " AND query LIKE 'COPY (SELECT % FROM ONLY public.first)%'", BOUND);
        try (Connection asker = old.connect("big"); Statement s = asker.createStatement()) {
            java.util.concurrent.CompletableFuture<Void> queued = java.util.concurrent.CompletableFuture.runAsync(
                    () -> {
                        try {
                            s.execute("SET lock_timeout = '" + (LIVE_WAIT.toSeconds() + 60) + "s'");
                            s.execute("BEGIN");
                            s.execute("LOCK TABLE public.second IN ACCESS EXCLUSIVE MODE");
                        } catch (java.sql.SQLException e) {
                            // cancelled below, once pghop's read has waited long enough
                        }
                    });
            ServerSessions.await(old, migrate, 1, "datname = 'big' AND wait_event_type = 'Lock'"
                    + " AND query LIKE 'COPY (SELECT % FROM ONLY public.second)%'", BOUND);
            Thread.sleep(LIVE_WAIT.toMillis());
            old.execute("postgres", "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE datname = 'big'"
                    + " AND query LIKE 'LOCK TABLE public.second%'");
            queued.join();
        }

        migrate.await().exits(0);
        Pghop.verify().source(old).target(target).run().exits(0);
    }
}
