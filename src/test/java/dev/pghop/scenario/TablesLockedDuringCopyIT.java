package dev.pghop.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.pghop.testing.PgServer;
import dev.pghop.testing.PgServers;

/**
 * `migrate` holds every table it copies locked (ACCESS SHARE) from before its snapshot until its copy ends: a TRUNCATE
 * or a rewriting ALTER TABLE on the old server meanwhile waits, instead of emptying or changing a table whose rows
 * the snapshot still holds. A table another session keeps locked is named, not waited for without end.
 */
class TablesLockedDuringCopyIT {
    private static final Duration BOUND = Duration.ofSeconds(120);
    private static final int ROWS = 300_000;

    @RegisterExtension
    static PgServers servers = new PgServers();

    @Test
    void aTruncateOrAlterTableDuringTheCopyWaitsAndTheTablesArriveWhole() throws Exception {
        PgServer old = servers.start(BlogSetup.oldServer("locks-0ld"));
        PgServer target = servers.start(BlogSetup.newServer("locks-n3w"));
        old.execute("postgres", "CREATE DATABASE big");
        old.execute("big", "CREATE TABLE public.t1 (id int, v text)",
                "INSERT INTO public.t1 SELECT g, repeat(md5(g::text), 3) FROM generate_series(1, 1000000) g",
                "CREATE TABLE public.t4 (id int, v text)",
                "INSERT INTO public.t4 SELECT g, md5(g::text) FROM generate_series(1, " + ROWS + ") g",
                "CREATE TABLE public.t5 (id int, v text)",
                "INSERT INTO public.t5 SELECT g, md5(g::text) FROM generate_series(1, " + ROWS + ") g");

        // One lane: t4 and t5 wait for t1, the largest, whose copy is the moment to act at.
        Pghop.Running migrate = Pghop.withArgs("migrate").source(old).target(target).env("JOBS", "1").start();
        ServerSessions.await(old, migrate, 1, "datname = 'big' AND state = 'active'"
                + " AND query LIKE 'COPY (SELECT % FROM ONLY public.t1)%'", BOUND);
        CompletableFuture<SQLException> truncate = CompletableFuture.supplyAsync(
                () -> refusal(old, "TRUNCATE public.t4"));
        CompletableFuture<SQLException> alter = CompletableFuture.supplyAsync(
                () -> refusal(old, "ALTER TABLE public.t5 ALTER COLUMN id TYPE bigint"));

        assertThat(java.util.stream.Stream.of(truncate.join(), alter.join())
                .map(e -> e == null ? "ran at once" : e.getSQLState()).toList())
                .as("both waited for the copy's lock, and gave up (55P03: lock timeout)")
                .containsExactly("55P03", "55P03");
        migrate.await().exits(0);
        assertThat(target.value("big", "SELECT count(*) FROM public.t4")).isEqualTo(String.valueOf(ROWS));
        assertThat(target.value("big", "SELECT format_type(atttypid, NULL) FROM pg_attribute"
                + " WHERE attrelid = 'public.t5'::regclass AND attname = 'id'")).isEqualTo("integer");
        Pghop.verify().source(old).target(target).run().exits(0);
    }

    @Test
    void aTableSomeoneElseKeepsLockedIsNamedAfterTheLockWait() throws Exception {
        PgServer old = servers.start(BlogSetup.oldServer("locks-0ld"));
        PgServer target = servers.start(BlogSetup.newServer("locks-n3w"));
        for (String database : List.of("big1", "big2")) {
            old.execute("postgres", "CREATE DATABASE " + database);
            old.execute(database, "CREATE TABLE public.t (id int, v text)", "INSERT INTO public.t SELECT g,"
                    + " repeat(md5(g::text), 3) FROM generate_series(1, " + (database.equals("big1") ? 900_000
                            : 200_000) + ") g");
        }

        // One database at a time, the largest first: big2's turn comes while the test holds its table.
        Pghop.Running migrate = Pghop.withArgs("migrate").source(old).target(target).env("JOBS", "1")
                .env("LOCK_WAIT_TIMEOUT", "3").start();
        ServerSessions.await(old, migrate, 1, "datname = 'big1' AND state = 'active' AND query LIKE 'COPY (%'",
                BOUND);
        try (Connection holder = old.connect("big2"); Statement lock = holder.createStatement()) {
            holder.setAutoCommit(false);
            lock.execute("LOCK TABLE public.t IN ACCESS EXCLUSIVE MODE");

            migrate.await().exits(6).summaryStartsWith("pghop migrate: FAILED (exit 6, LOAD_FAILED)")
                    .says("a table of database big2 stayed locked by another session for longer than"
                            + " LOCK_WAIT_TIMEOUT (3 s)", "public.t locked by pid", "LOCK TABLE public.t",
                            "raise LOCK_WAIT_TIMEOUT", "reset it");
            holder.rollback();
        }
    }

    /** The error a statement ends with when it cannot get its lock within 3 s, or null when it ran. */
    private static SQLException refusal(PgServer server, String sql) {
        try (Connection c = server.connect("big"); Statement s = c.createStatement()) {
            s.execute("SET lock_timeout = '3s'");
            s.execute(sql);
            return null;
        } catch (SQLException e) {
            return e;
        }
    }
}
