package dev.pghop.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.pghop.testing.PgServer;
import dev.pghop.testing.PgServers;

/** `pghop migrate` when a session on the new server fails half-way. */
class MigrateFaultsIT {
    private static final Duration BOUND = Duration.ofSeconds(60);

    @RegisterExtension
    static PgServers servers = new PgServers();

    @Test
    void aKeyBuiltBesideTheIndexesThatFailsStopsPgRestoreAndIsNamed() throws Exception {
        PgServer old = servers.start(BlogSetup.oldServer("faults-0ld"));
        PgServer target = servers.start(BlogSetup.newServer("faults-n3w"));
        old.execute("postgres", "CREATE DATABASE big");
        old.execute("big", "CREATE TABLE public.events (id bigint PRIMARY KEY, v text NOT NULL)",
                "INSERT INTO public.events SELECT g, repeat(md5(g::text), 3) FROM generate_series(1, 400000) g",
                "CREATE INDEX events_v ON public.events (v)");

        Pghop.Running migrate = Pghop.withArgs("migrate").source(old).target(target).env("JOBS", "2").start();
        // The table's copy holds it locked from its TRUNCATE to its COMMIT; a lock asked for now is queued before
        // any index build can ask, and then holds both builds back until they are both waiting.
        awaitSessions(target, migrate, 1, "query LIKE 'COPY public.events%' AND state = 'active'");
        try (Connection locker = target.connect("big"); Statement lock = locker.createStatement()) {
            locker.setAutoCommit(false);
            lock.execute("LOCK TABLE public.events IN ROW EXCLUSIVE MODE");
            awaitSessions(target, migrate, 1, "query LIKE 'CREATE INDEX \"events_v\" %' AND wait_event_type = 'Lock'");
            List<Long> key = awaitSessions(target, migrate, 1,
                    "query LIKE 'CREATE UNIQUE INDEX events_pkey %' AND wait_event_type = 'Lock'");

            target.execute("postgres", "SELECT pg_terminate_backend(" + key.getFirst() + ")");

            migrate.await().exits(6).summaryStartsWith("pghop migrate: FAILED (exit 6")
                    .says("building the unique indexes of the keys of public.events in database big failed",
                            "terminat");
            locker.rollback();
        }
        assertThat(target.rows("big", "SELECT indexname FROM pg_indexes WHERE tablename = 'events'"))
                .as("pg_restore's index build, stopped with the key's").isEmpty();
        ServerSessions.awaitNone(target, "datname = 'big'", "no session of migrate is left on the new server", BOUND);
    }

    @Test
    void aMigrateKilledWithItsSchemaArchiveOnDiskLeavesItPrivateAndTheNextRunDeletesIt() throws Exception {
        PgServer old = servers.start(BlogSetup.oldServer("faults-0ld"));
        PgServer target = servers.start(BlogSetup.newServer("faults-n3w"));
        old.execute("postgres", "CREATE DATABASE big");
        old.execute("big", "CREATE TABLE public.events (id bigint PRIMARY KEY, v text NOT NULL)",
                "INSERT INTO public.events SELECT g, repeat(md5(g::text), 3) FROM generate_series(1, 400000) g",
                "CREATE INDEX events_v ON public.events (v)");

        Pghop.Running migrate = Pghop.withArgs("migrate").source(old).target(target).env("JOBS", "2").start();
        awaitSessions(target, migrate, 1, "query LIKE 'COPY public.events%' AND state = 'active'");
        Path archive;
        try (Connection locker = target.connect("big"); Statement lock = locker.createStatement()) {
            locker.setAutoCommit(false);
            // Granted once the copy commits: the index builds then wait, with the schema archive on disk.
            lock.execute("LOCK TABLE public.events IN ROW EXCLUSIVE MODE");
            awaitSessions(target, migrate, 1, "query LIKE 'CREATE INDEX \"events_v\" %' AND wait_event_type = 'Lock'");
            archive = schemaArchiveOf(migrate.process().pid());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(archive.getParent())))
                    .isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(archive)))
                    .isEqualTo("rw-------");

            migrate.killWholeTree();
            locker.rollback();
        }
        assertThat(archive).as("what a pghop killed with SIGKILL leaves").isNotEmptyFile();

        Pghop.withArgs("plan").source(old).target(target).run()
                .says("removed 1 schema archive(s) left by a pghop that was killed");
        assertThat(archive.getParent()).doesNotExist();
    }

    /** The schema archive a running migrate keeps in its private directory, pghop-PID-schema-*. */
    private static Path schemaArchiveOf(long pid) throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("pghop-" + pid + "-schema-"))
                    .map(p -> p.resolve("schema.dump")).filter(Files::exists).findFirst()
                    .orElseThrow(() -> new AssertionError("no schema archive of pghop " + pid + " on disk"));
        }
    }

    private static List<Long> awaitSessions(PgServer target, Pghop.Running migrate, int count, String condition)
            throws InterruptedException {
        return ServerSessions.await(target, migrate, count, "datname = 'big' AND " + condition, BOUND);
    }
}
