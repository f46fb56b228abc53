package dev.pghop.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.pghop.testing.PgServer;
import dev.pghop.testing.PgServers;

/**
 * What `dump` does with a complete dump it finds: it keeps only one of the old server named now, refuses another
 * cluster's before writing anything, and in the directory format dumps the globals on every run, so that parts taken
 * at different times still load, and says which parts it kept from when.
 */
class ExistingDumpIT {
    @RegisterExtension
    static PgServers servers = new PgServers();
    static PgServer serverA;
    static PgServer serverB;

    @TempDir
    Path volume;

    @BeforeAll
    static void startTwoOldServers() {
        serverA = servers.start(BlogSetup.oldServer("existing-a"));
        serverB = servers.start(BlogSetup.oldServer("existing-b"));
        SampleCluster.fill(serverA);
    }

    @Test
    void anotherClustersCompleteDumpIsRefusedNamingWhoseItIs() throws IOException {
        Pghop.dump().dumpPath(volume).source(serverA).run().exits(0);
        Map<String, String> before = hashes(volume);

        Pghop.dump().dumpPath(volume).source(serverB).run().exits(3)
                .summaryStartsWith("pghop dump: FAILED (exit 3, REFUSED)")
                .says("is a complete dump of another cluster: " + serverA.host() + ":" + serverA.port(),
                        "system identifier " + serverA.systemIdentifier(), "s ago",
                        "system identifier " + serverB.systemIdentifier(), "Nothing was written",
                        "run only `pghop load`");

        assertThat(hashes(volume)).isEqualTo(before);
    }

    @Test
    void anotherClustersDirectoryFormatDumpIsRefusedToo() throws IOException {
        directory(Pghop.dump().dumpPath(volume).source(serverA)).run().exits(0);
        Map<String, String> before = hashes(volume);

        directory(Pghop.dump().dumpPath(volume).source(serverB)).run().exits(3)
                .says("is a complete dump of another cluster", "system identifier " + serverA.systemIdentifier());

        assertThat(hashes(volume)).isEqualTo(before);
    }

    @Test
    void aDirectoryFormatRedumpTakesTheGlobalsAgainAndSaysWhichDatabasesItKept() throws IOException {
        directory(Pghop.dump().dumpPath(volume).source(serverA)).run().exits(0);
        serverA.execute("postgres", "CREATE ROLE late_role LOGIN");
        serverA.execute("my-app", "CREATE TABLE public.late_table (id int)", "ALTER TABLE public.late_table OWNER TO"
                + " late_role");
        DumpDirectory.flipOneByte(volume.resolve("databases/my-app/toc.dat"));
        try {
            directory(Pghop.dump().dumpPath(volume).source(serverA)).run().exits(0)
                    .summaryStartsWith("pghop dump: OK: dumped 1 of ").says("and the globals (kept from an earlier"
                            + " run: ", "globals: dumping them again", "Writes made to them since then are not in"
                            + " this dump");
            assertThat(Files.readString(volume.resolve("globals.sql"), StandardCharsets.UTF_8)).contains("late_role");

            PgServer target = servers.start(BlogSetup.newServer("existing-n3w"));
            directory(Pghop.load().dumpPath(volume).target(target)).run().exits(0);
            assertThat(target.value("my-app", "SELECT tableowner FROM pg_tables WHERE tablename = 'late_table'"))
                    .isEqualTo("late_role");
        } finally {
            serverA.execute("my-app", "DROP TABLE public.late_table");
            serverA.execute("postgres", "DROP ROLE late_role");
        }
    }

    private static Pghop directory(Pghop pghop) {
        return pghop.env("DUMP_FORMAT", "directory");
    }

    /** Every file under the volume with its SHA-256, the lock file left out: equal only when nothing changed. */
    private static Map<String, String> hashes(Path dir) throws IOException {
        Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (!file.getFileName().toString().equals(DumpDirectory.LOCK)) {
                    hashes.put(dir.relativize(file).toString(), DumpDirectory.sha256(file));
                }
            }
        }
        return hashes;
    }
}
