package dev.pghop.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.pghop.testing.PgServer;
import dev.pghop.testing.PgServers;

/**
 * DUMP_FORMAT=directory end to end: the blog's PG12 cluster dumped as globals.sql plus a pg_dump directory per
 * database, loaded with pg_restore several databases at once; a load killed half-way goes on where it stopped; a
 * changed file is refused by load and only its database is dumped again.
 */
class DirectoryFormatIT {
    private static final String OLD_PASSWORD = "directory-0ld";
    private static final String NEW_PASSWORD = "directory-n3w";
    private static final Set<String> MAINTENANCE = Set.of("postgres", "template1");
    private static final Duration WATCH = Duration.ofSeconds(120);

    @RegisterExtension
    static PgServers servers = new PgServers();
    static PgServer old;

    /** The one dump of the old server the tests share; each test works on its own copy. */
    @TempDir
    static Path dumped;
    static PghopRun firstDump;

    @TempDir
    Path volume;

    @BeforeAll
    static void dumpTheOldServer() {
        old = servers.start(BlogSetup.oldServer(OLD_PASSWORD));
        SampleCluster.fill(old);
        old.execute("postgres", "ALTER DATABASE admin SET work_mem = '3MB'",
                "COMMENT ON DATABASE admin IS 'the admin''s own'",
                "ALTER ROLE app IN DATABASE admin SET work_mem = '5MB'");
        firstDump = dump(dumped).run().exits(0).summaryStartsWith("pghop dump: OK: dumped 6 of 6 databases and the"
                + " globals").says("2 at once", "database my-app dumped");
    }

    /**
     * The new server's superuser is admin too, as in {@link SameAdminNameIT}: its database admin exists already, and
     * the old one's settings and comment still arrive in it. With JOBS above the number of databases, each
     * pg_restore runs jobs of its own, in the two passes that cannot deadlock.
     */
    @Test
    void theClusterArrivesWholeAndARerunOfTheDumpKeepsIt() throws Exception {
        PgServer target = servers.start(BlogSetup.newServer(BlogSetup.OLD_SUPERUSER, NEW_PASSWORD));
        ClusterSnapshot before = ClusterSnapshot.of(old);
        new DumpDirectory(dumped).copyTo(volume);

        PghopRun load = load(target).env("JOBS", 12).run().exits(0)
                .summaryStartsWith("pghop load: OK: loaded 6 of 6 databases").says("6 at once",
                        "database admin already existed on the new server",
                        "role admin (the loading role) kept its own attributes and password");

        assertThat(ClusterSnapshot.of(target)).usingRecursiveComparison().isEqualTo(before);
        ArrivedValues.check(old, target);
        ArrivedValues.statisticsGathered(target);
        assertThat(target.value("admin", "SHOW work_mem")).isEqualTo("3MB");
        assertThat(target.value("postgres", "SELECT shobj_description(oid, 'pg_database') FROM pg_database"
                + " WHERE datname = 'admin'")).isEqualTo("the admin's own");
        try (Connection login = target.connect("postgres", "admin", NEW_PASSWORD)) {
            assertThat(login.isValid(5)).as("the new admin logs in with its own password").isTrue();
        }
        dump(volume).run().exits(0).summaryStartsWith("pghop dump: OK: skipped")
                .says("the directory-format dump in " + volume, "is a complete dump of this old server");
        assertThat(Files.getPosixFilePermissions(dumped.resolve("globals.sql")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(new DumpDirectory(dumped).files()).containsExactly("databases", "globals.done.json",
                "globals.sql", "pghop-directory.json");
        assertThat(dumped.resolve("databases/my-app.done.json")).isNotEmptyFile();
        for (PghopRun run : List.of(firstDump, load)) {
            run.neverShows(OLD_PASSWORD).neverShows(NEW_PASSWORD).neverShows(SampleCluster.APP_PASSWORD)
                    .neverShows(SampleCluster.REPORTER_PASSWORD);
        }
    }

    @Test
    void aLoadKilledAfterItsFirstDatabaseGoesOnWithoutLoadingThatOneAgain() throws Exception {
        PgServer target = servers.start(BlogSetup.newServer(NEW_PASSWORD));
        ClusterSnapshot before = ClusterSnapshot.of(old, target.superuser());
        new DumpDirectory(dumped).copyTo(volume);

        Pghop.Running running = load(target).env("JOBS", 1).start();
        awaitADatabaseDone(running);
        running.killWholeTree();
        PghopRun killed = running.await();
        Map<String, String> recorded = loadState();
        String done = recorded.entrySet().stream().filter(e -> e.getValue().equals("done"))
                .map(Map.Entry::getKey).filter(name -> !MAINTENANCE.contains(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no created database was done when pghop was killed: "
                        + recorded + "\n" + killed.transcript()));
        String oid = databaseOid(target, done);

        PghopRun rerun = load(target).env("JOBS", 1).run().exits(0).summaryStartsWith("pghop load: OK")
                .says("resuming the load recorded in load-state.json", "database " + done
                        + ": loaded by an earlier run (load-state.json); skipped");
        recorded.entrySet().stream().filter(e -> e.getValue().equals("started") && !MAINTENANCE.contains(e.getKey()))
                .forEach(e -> rerun.says("database " + e.getKey() + ": the earlier run stopped while loading it;"
                        + " dropping it to load it again"));

        assertThat(databaseOid(target, done)).as("the oid of database %s, loaded by the killed run", done)
                .isEqualTo(oid);
        assertThat(loadState().values()).containsOnly("done").hasSize(6);
        assertThat(ClusterSnapshot.of(target, old.superuser())).usingRecursiveComparison().isEqualTo(before);
        ArrivedValues.check(old, target);
    }

    @Test
    void aChangedFileIsRefusedByLoadAndOnlyItsDatabaseIsDumpedAgain() throws IOException {
        new DumpDirectory(dumped).copyTo(volume);
        Path toc = volume.resolve("databases/reports/toc.dat");
        DumpDirectory.flipOneByte(toc);
        String tampered = DumpDirectory.sha256(toc);
        Map<String, String> otherMarkers = markersBut("reports.done.json");
        Pghop unreachableTarget = Pghop.load().dumpPath(volume).env("NEW_PG_HOST", "127.0.0.1")
                .env("NEW_PG_PORT", UnusedPort.find()).env("NEW_PG_USER", "nobody").env("NEW_PG_PASS", "unused");

        unreachableTarget.env("DUMP_FORMAT", "directory").run().exits(3)
                .summaryStartsWith("pghop load: FAILED (exit 3, REFUSED)")
                .says("database reports: the SHA-256 of toc.dat", "Nothing was loaded");
        unreachableTarget.env("DUMP_FORMAT", "plain").run().exits(3).says("Set DUMP_FORMAT=directory");
        dump(volume).run().exits(0)
                .summaryStartsWith("pghop dump: OK: dumped 1 of 6 databases and the globals (kept from an earlier run:"
                        + " admin from ").says("database reports cannot be trusted",
                        "database app: finished by an earlier run", "globals: dumping them again");

        Path databases = volume.resolve("databases");
        assertThat(new DumpDirectory(databases).movedAside("reports")).singleElement()
                .satisfies(aside -> assertThat(DumpDirectory.sha256(aside.resolve("toc.dat"))).isEqualTo(tampered));
        assertThat(new DumpDirectory(databases).movedAside("reports.done.json")).hasSize(1);
        assertThat(markersBut("reports.done.json")).as("the other databases' markers").isEqualTo(otherMarkers);
        assertThat(volume.resolve("pghop-directory.json")).isNotEmptyFile();
    }

    @Test
    void untrustedGlobalsAreDeletedNotKeptAsideWithTheirPasswordHashes() throws IOException {
        new DumpDirectory(dumped).copyTo(volume);
        DumpDirectory.flipOneByte(volume.resolve("globals.sql"));

        dump(volume).run().exits(0).says("globals cannot be trusted", "deleted them (they hold password hashes");

        assertThat(new DumpDirectory(volume).movedAside("globals.sql")).isEmpty();
        assertThat(new DumpDirectory(volume).movedAside("globals.done.json")).isEmpty();
        assertThat(volume.resolve("globals.sql")).isNotEmptyFile();
    }

    private static Pghop dump(Path dir) {
        return Pghop.dump().dumpPath(dir).source(old).env("DUMP_FORMAT", "directory").env("JOBS", 2);
    }

    private Pghop load(PgServer target) {
        return Pghop.load().dumpPath(volume).target(target).env("DUMP_FORMAT", "directory");
    }

    /** Polls load-state.json until a database is recorded done; fails if pghop ends first. */
    private void awaitADatabaseDone(Pghop.Running running) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(WATCH);
        while (Instant.now().isBefore(deadline)) {
            if (!running.process().isAlive()) {
                throw new AssertionError("pghop ended before the test could kill it\n" + running.await());
            }
            if (Files.exists(volume.resolve("load-state.json")) && loadState().containsValue("done")) {
                return;
            }
            Thread.sleep(20);
        }
        running.killWholeTree();
        throw new AssertionError("no database was done within " + WATCH.toSeconds() + " s\n" + running.await());
    }

    /** Each database in load-state.json with what it says of it: started or done. */
    private Map<String, String> loadState() throws IOException {
        JsonNode state = new ObjectMapper().readTree(volume.resolve("load-state.json").toFile());
        Map<String, String> databases = new TreeMap<>();
        state.path("databases").properties().forEach(e -> databases.put(e.getKey(), e.getValue().asText()));
        return databases;
    }

    /** The content of every completion marker under databases/ but one, by file name. */
    private Map<String, String> markersBut(String excluded) throws IOException {
        Map<String, String> markers = new TreeMap<>();
        List<String> names = new ArrayList<>(new DumpDirectory(volume.resolve("databases")).files());
        for (String name : names) {
            if (name.endsWith(".done.json") && !name.equals(excluded)) {
                markers.put(name, Files.readString(volume.resolve("databases").resolve(name)));
            }
        }
        return markers;
    }

    private static String databaseOid(PgServer server, String database) {
        return server.value("postgres", "SELECT oid FROM pg_database WHERE datname = '" + database + "'");
    }
}
