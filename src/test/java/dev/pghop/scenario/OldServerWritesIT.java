package dev.pghop.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.pghop.testing.PgServer;
import dev.pghop.testing.PgServers;

/**
 * Applications that keep writing to the old server while it is copied. By default pghop leaves the old server
 * untouched, but names the other sessions before the copy and counts what they wrote during it; with
 * FENCE_OLD_WRITES=true it makes the old cluster read-only first, so no write can be lost.
 */
class OldServerWritesIT {
    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final int WRITES = 50;
    private static final String LIFT = "ALTER SYSTEM RESET default_transaction_read_only";

    @RegisterExtension
    static PgServers servers = new PgServers();
    static PgServer old;

    @TempDir
    Path volume;

    @BeforeAll
    static void startTheOldServer() {
        old = servers.start(BlogSetup.oldServer("writes-0ld"));
        SampleCluster.fill(old);
    }

    @Test
    void writesDuringTheDumpAreCountedAndNamedAsMissing() throws Exception {
        Pghop.Running dump;
        try (Connection app = old.connect("app");
                DumpBlocker blocker = DumpBlocker.lockPartitionedParent(old, "app", "app_schema.measurements")) {
            Pghop.withArgs("plan").source(old).target(servers.start(BlogSetup.newServer("writes-n3w"))).run()
                    .exits(0).says("[WARNING] other sessions", "other session(s) are connected to the old server",
                            "FENCE_OLD_WRITES=true");
            dump = Pghop.dump().dumpPath(volume).source(old).env("PROGRESS_INTERVAL", "1").start();
            blocker.awaitBlockedDumpall(volume.resolve(DumpDirectory.PARTIAL), BOUND);
            try (Statement s = app.createStatement()) {
                for (int i = 0; i < WRITES; i++) {
                    s.execute("INSERT INTO app_schema.orders (customer_id, amount, ordered_at)"
                            + " VALUES (1, 1, now())");
                }
            }
            dump.awaitLog("no data has moved for", BOUND);
            blocker.release();
        }
        PghopRun done = dump.await().exits(0).says("other session(s) are connected to the old server");

        assertThat(writeTransactions(done.terminationMessage())).as(done.transcript()).isGreaterThanOrEqualTo(WRITES);
        assertThat(done.terminationMessage()).contains("WARNING: others wrote to the old server while the dump ran",
                "will not be on the new server");
        PgServer target = servers.start(BlogSetup.newServer("writes-n3w"));
        Pghop.load().dumpPath(volume).target(target).run().exits(0);
        assertThat(target.value("app", "SELECT count(*) FROM app_schema.orders"))
                .as("the rows written after app's snapshot are not on the new server").isEqualTo("2000");
        assertThat(old.value("app", "SELECT count(*) FROM app_schema.orders")).isEqualTo(String.valueOf(2000 + WRITES));
        old.execute("app", "DELETE FROM app_schema.orders WHERE id > 2000");
    }

    @Test
    void aWriteTransactionOpenBeforeTheDumpThatCommitsDuringItIsCounted() throws Exception {
        // No autovacuum: its ANALYZE would write statistics in transactions of its own, counted too.
        PgServer quiet = servers.start(BlogSetup.oldServer("writes-0ld").setting("autovacuum", "off"));
        quiet.execute("postgres", "CREATE TABLE public.t (a int)", "CREATE TABLE public.p (a int) PARTITION BY RANGE (a)");
        Pghop.Running dump;
        try (Connection writer = quiet.connect("postgres"); Statement open = writer.createStatement();
                DumpBlocker blocker = DumpBlocker.lockPartitionedParent(quiet, "postgres", "public.p")) {
            writer.setAutoCommit(false);
            open.execute("INSERT INTO public.t VALUES (1)");
            dump = Pghop.dump().dumpPath(volume).source(quiet).start();
            blocker.awaitBlockedDumpall(volume.resolve(DumpDirectory.PARTIAL), BOUND);
            // Its transaction ID was given before the dump began: only its commit happens meanwhile.
            writer.commit();
            blocker.release();
        }
        PghopRun done = dump.await().exits(0);

        assertThat(writeTransactions(done.terminationMessage())).as(done.transcript()).isEqualTo(1);
        assertThat(done.terminationMessage()).contains("WARNING: others wrote to the old server while the dump ran");
    }

    @Test
    void theFenceIsRefusedWhileAPreparedTransactionOrARoleCouldWritePastIt() throws Exception {
        PgServer server = servers.start(BlogSetup.oldServer("fence-0ld").setting("max_prepared_transactions", "2"));
        server.execute("postgres", "CREATE TABLE public.t (a int)", "CREATE ROLE app LOGIN",
                "ALTER ROLE app SET default_transaction_read_only = off");
        try (Connection preparer = server.connect("postgres"); Statement s = preparer.createStatement()) {
            preparer.setAutoCommit(false);
            s.execute("INSERT INTO public.t VALUES (1)");
            s.execute("PREPARE TRANSACTION 'app-tx-1'");
        }
        try {
            Pghop.withArgs("plan").source(server).target(servers.start(BlogSetup.newServer("fence-n3w")))
                    .env("FENCE_OLD_WRITES", "true").run().exits(3)
                    .says("[BLOCKER] write fence", "prepared transaction 'app-tx-1'", "role app sets"
                            + " default_transaction_read_only off", "ALTER ROLE app RESET default_transaction_read_only");
            Pghop.dump().dumpPath(volume).source(server).env("FENCE_OLD_WRITES", "true").run().exits(3)
                    .says("prepared transaction 'app-tx-1'", "COMMIT PREPARED or ROLLBACK PREPARED it first",
                            "role app sets default_transaction_read_only off");
            assertThat(server.value("postgres", "SHOW default_transaction_read_only")).isEqualTo("off");
            assertThat(new DumpDirectory(volume).files()).isEmpty();
        } finally {
            server.execute("postgres", "ROLLBACK PREPARED 'app-tx-1'");
        }
    }

    @Test
    void theFenceEndsOpenWriteTransactionsAndKeepsTheOldServerReadOnlyUntilLifted() throws Exception {
        try (Connection writer = old.connect("app"); Statement open = writer.createStatement()) {
            writer.setAutoCommit(false);
            open.execute("INSERT INTO app_schema.orders (customer_id, amount, ordered_at) VALUES (1, 1, now())");

            Pghop.dump().dumpPath(volume).source(old).env("FENCE_OLD_WRITES", "true").run().exits(0)
                    .says("FENCE_OLD_WRITES: the old server", "is now read-only for every new transaction",
                            "ended the sessions with a transaction open: pid")
                    .summaryStartsWith("pghop dump: OK: dumped")
                    .says("the old server stays read-only (FENCE_OLD_WRITES=true): lift it with " + LIFT);

            assertThatThrownBy(writer::commit).as("the open write transaction was ended with its session")
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> old.execute("app", "INSERT INTO app_schema.orders (customer_id, amount,"
                    + " ordered_at) VALUES (1, 1, now())")).hasMessageContaining("read-only transaction");
        } finally {
            old.execute("postgres", LIFT, "SELECT pg_reload_conf()");
        }
        assertThat(old.value("app", "SELECT count(*) FROM app_schema.orders")).isEqualTo("2000");
        awaitWritable(old);
    }

    @Test
    void theFenceNeedsASuperuserAndRefusesBeforeWriting() {
        old.execute("postgres", "CREATE ROLE fence_reader LOGIN PASSWORD 'fence-r3ader'");
        try {
            Pghop.dump().dumpPath(volume).source(old).env("PG_USER", "fence_reader").env("PG_PASS", "fence-r3ader")
                    .env("FENCE_OLD_WRITES", "true").run().exits(3)
                    .says("FENCE_OLD_WRITES=true needs PG_USER (fence_reader) to be a superuser");
            assertThat(old.value("postgres", "SHOW default_transaction_read_only")).isEqualTo("off");
        } finally {
            old.execute("postgres", "DROP ROLE fence_reader");
        }
    }

    private static long writeTransactions(String summary) {
        Matcher m = Pattern.compile("ran: (\\d+) write transaction\\(s\\)").matcher(summary);
        assertThat(m.find()).as("the summary counts the write transactions: %s", summary).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** After the fence is lifted, a new session may write again (the reload reaches it within the bound). */
    private static void awaitWritable(PgServer server) throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (System.nanoTime() < deadline) {
            if ("off".equals(server.value("postgres", "SHOW default_transaction_read_only"))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the old server stayed read-only after the fence was lifted");
    }
}
