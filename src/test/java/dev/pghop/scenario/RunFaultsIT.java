package dev.pghop.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.pghop.testing.PgServer;
import dev.pghop.testing.PgServers;

/**
 * What a Job meets besides bad input: a second run on the same volume, a pghop killed with SIGKILL (a node lost, an
 * OOM kill) and one stopped with SIGTERM (the pod deleted, its deadline passed), each at a chosen moment: while
 * pg_dumpall waits on a lock the test holds, or pg_restore on one it holds on the new server. Nothing may be lost,
 * no child may outlive pghop, and no password may outlive the next run.
 */
class RunFaultsIT {
    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final Path TMP = Path.of("/tmp");

    @RegisterExtension
    static PgServers servers = new PgServers();
    static PgServer old;

    @TempDir
    Path volume;

    @BeforeAll
    static void startTheOldServer() {
        old = servers.start(BlogSetup.oldServer("faults-0ld"));
        SampleCluster.fill(old);
        // A large object in the postgres database, which the directory-format load restores into the existing
        // database: the test can hold its catalog locked on the new server and so stop pg_restore there.
        old.execute("postgres", "SELECT lo_from_bytea(0, 'pghop')");
    }

    @Test
    void aSecondRunOnTheSameVolumeIsRefusedNamingTheFirstAndTheFirstFinishes() throws Exception {
        try (DumpBlocker blocker = DumpBlocker.lockPartitionedParent(old, "app", "app_schema.measurements")) {
            Pghop.Running first = dump().start();
            blocker.awaitBlockedDumpall(volume.resolve(DumpDirectory.PARTIAL), BOUND);

            dump().run().exits(3).summaryStartsWith("pghop dump: FAILED (exit 3, REFUSED)")
                    .says("another pghop run is using PGDUMP_PATH=" + volume, "pghop dump, pid "
                            + first.process().pid(), "Nothing was changed");
            assertThat(new DumpDirectory(volume).movedAside(DumpDirectory.PARTIAL)).isEmpty();

            blocker.release();
            first.await().exits(0).summaryStartsWith("pghop dump: OK: dumped");
        }
        assertThat(new DumpDirectory(volume).files()).containsExactly(DumpDirectory.MANIFEST, DumpDirectory.DUMP);
    }

    @Test
    void aDumpKilledWithSigkillTakesItsChildrenWithItAndLeavesNoPasswordPastTheNextRun() throws Exception {
        try (DumpBlocker blocker = DumpBlocker.lockPartitionedParent(old, "app", "app_schema.measurements")) {
            Pghop.Running killed = dump().start();
            ProcessHandle dumpall = blocker.awaitBlockedDumpall(volume.resolve(DumpDirectory.PARTIAL), BOUND);
            long pid = killed.process().pid();
            assertThat(passwordDirsOf(pid)).as("the killed pghop's password file, while pg_dumpall runs").hasSize(1);

            killed.process().destroyForcibly();
            killed.await();

            assertThat(dumpall.onExit().completeOnTimeout(null, BOUND.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)
                    .join()).as("pg_dumpall ended after pghop was killed").isNotNull();
            blocker.release();
            awaitNoSessionOf(old, "pghop");

            PghopRun next = dump().run().exits(0).says("removed 1 password file(s) left by a pghop that was killed");
            assertThat(passwordDirsOf(pid)).as(next.transcript()).isEmpty();
        }
        assertThat(new DumpDirectory(volume).movedAside(DumpDirectory.PARTIAL)).hasSize(1);
    }

    @Test
    void aDumpStoppedWithSigtermSaysWhatItLeftAndExits143() throws Exception {
        PghopRun stopped;
        try (DumpBlocker blocker = DumpBlocker.lockPartitionedParent(old, "app", "app_schema.measurements")) {
            Pghop.Running running = dump().start();
            ProcessHandle dumpall = blocker.awaitBlockedDumpall(volume.resolve(DumpDirectory.PARTIAL), BOUND);

            running.process().destroy();
            stopped = running.await();
            assertThat(dumpall.isAlive()).as("pg_dumpall after pghop was stopped").isFalse();
        }

        stopped.exits(143).summaryStartsWith("pghop dump: INTERRUPTED (exit 143, INTERRUPTED): stopped by a signal")
                .says("its client programs were stopped", "nothing half-renamed");
        assertThat(new DumpDirectory(volume).files()).doesNotContain(DumpDirectory.DUMP, DumpDirectory.MANIFEST);
        dump().run().exits(0).summaryStartsWith("pghop dump: OK: dumped");
    }

    @Test
    void aDirectoryLoadKilledWithSigkillLeavesNoPgRestoreWritingToTheNewServer() throws Exception {
        Pghop.dump().dumpPath(volume).source(old).env("DUMP_FORMAT", "directory").run().exits(0);
        PgServer target = servers.start(BlogSetup.newServer("faults-n3w"));
        Pghop.Running killed = Pghop.load().dumpPath(volume).target(target).env("DUMP_FORMAT", "directory")
                .env("JOBS", "1").start();
        killed.awaitLog("pg_restore job(s) each, largest first", BOUND);
        try (Connection locker = target.connect("postgres"); Statement lock = locker.createStatement()) {
            locker.setAutoCommit(false);
            lock.execute("LOCK TABLE pg_catalog.pg_largeobject_metadata IN ACCESS EXCLUSIVE MODE");
            ProcessHandle pgRestore = awaitProcess(killed.process(), p -> p.info().command()
                    .map(c -> c.endsWith("/pg_restore")).orElse(false) && waitsForALock(target));

            killed.process().destroyForcibly();
            killed.await();

            assertThat(pgRestore.onExit().completeOnTimeout(null, BOUND.toSeconds(),
                    java.util.concurrent.TimeUnit.SECONDS).join()).as("pg_restore ended after pghop was killed")
                    .isNotNull();
            locker.rollback();
        }
        awaitNoSessionOf(target, "pghop");
    }

    private Pghop dump() {
        return Pghop.dump().dumpPath(volume).source(old).env("PROGRESS_INTERVAL", "1");
    }

    /** The private password directories of the pghop with this process ID. */
    private static List<Path> passwordDirsOf(long pid) throws IOException {
        try (Stream<Path> entries = Files.list(TMP)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("pghop-" + pid + "-")).toList();
        }
    }

    /** A process under {@code root} that matches, within the bound; fails when none comes. */
    private static ProcessHandle awaitProcess(Process root, Predicate<ProcessHandle> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (System.nanoTime() < deadline) {
            var found = root.descendants().filter(wanted).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no such process under pghop within " + BOUND.toSeconds() + " s");
    }

    private static boolean waitsForALock(PgServer server) {
        return !server.rows("postgres", "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock'").isEmpty();
    }

    /** No session of this application is left on the server, within the bound. */
    private static void awaitNoSessionOf(PgServer server, String application) throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        String query = "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + application + "'";
        while (System.nanoTime() < deadline) {
            if ("0".equals(server.value("postgres", query))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("sessions of " + application + " still on " + server + " after "
                + BOUND.toSeconds() + " s: " + server.rows("postgres", "SELECT pid, state, query FROM"
                        + " pg_stat_activity WHERE application_name = '" + application + "'"));
    }
}
