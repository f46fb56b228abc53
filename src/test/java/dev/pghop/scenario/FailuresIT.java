package dev.pghop.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.pghop.testing.PgServer;
import dev.pghop.testing.PgServers;

/** Failures a user meets, each with its exit code and a message that says what to fix; nothing half-written. */
class FailuresIT {
    private static final String OLD_PASSWORD = "failures-0ld";
    private static final String NEW_PASSWORD = "failures-n3w";

    @RegisterExtension
    static PgServers servers = new PgServers();
    static PgServer old;
    static PgServer target;

    @TempDir
    Path volume;

    @BeforeAll
    static void startServers() {
        old = servers.start(BlogSetup.oldServer(OLD_PASSWORD));
        target = servers.start(BlogSetup.newServer(NEW_PASSWORD));
        SampleCluster.fill(old);
    }

    @Test
    void aWrongSourcePasswordIsAConnectionFailureThatNamesTheVariables() throws IOException {
        Pghop.dump().dumpPath(volume).source(old).env("PG_PASS", "not-" + OLD_PASSWORD).run().exits(4)
                .summaryStartsWith("pghop dump: FAILED (exit 4").says("password authentication failed")
                .says("Check PG_USER and PG_PASS");

        assertThat(new DumpDirectory(volume).files()).isEmpty();
    }

    @Test
    void anUnreachableSourceIsAConnectionFailureThatNamesHostAndPort() throws IOException {
        Pghop.dump().dumpPath(volume).source(old).env("PG_PORT", UnusedPort.find()).run().exits(4)
                .summaryStartsWith("pghop dump: FAILED (exit 4").says("Check PG_HOST and PG_PORT");

        assertThat(new DumpDirectory(volume).files()).isEmpty();
    }

    @Test
    void aWrongTargetPasswordIsAConnectionFailureThatNamesTheVariables() {
        Pghop.dump().dumpPath(volume).source(old).run().exits(0);

        Pghop.load().dumpPath(volume).target(target).env("NEW_PG_PASS", "not-" + NEW_PASSWORD).run().exits(4)
                .summaryStartsWith("pghop load: FAILED (exit 4").says("Check NEW_PG_USER and NEW_PG_PASS");
    }

    @Test
    void aStatementTheNewServerRejectsStopsTheLoadAndIsNamedByItsLine() throws IOException {
        Pghop.dump().dumpPath(volume).source(old).run().exits(0);
        target.execute("postgres", "CREATE TABLE public." + SampleCluster.POSTGRES_DB_TABLE + " (name text)");
        List<String> dump = Files.readAllLines(volume.resolve(DumpDirectory.DUMP), StandardCharsets.UTF_8);
        String table = "\"public\".\"" + SampleCluster.POSTGRES_DB_TABLE + "\"";
        int start = indexOfLineStartingWith(dump, "CREATE TABLE " + table);
        int end = indexOfLineEndingWith(dump, start, ";");

        Pghop.load().dumpPath(volume).target(target).env("LOAD_INTO_NON_EMPTY", "true").run().exits(6)
                .summaryStartsWith("pghop load: FAILED (exit 6")
                .says("line " + (end + 1) + " of the dump", "statement from line " + (start + 1),
                        "relation \"" + SampleCluster.POSTGRES_DB_TABLE + "\" already exists", "reset it");
    }

    @Test
    void aSettingTheNewServerRefusesStopsLoadAndMigrateBeforeAnythingIsWritten() {
        Pghop.dump().dumpPath(volume).source(old).run().exits(0);
        ClusterSnapshot before = ClusterSnapshot.of(target);

        Pghop.load().dumpPath(volume).target(target).env("LOAD_SETTINGS", "no_such_setting=1").run().exits(2)
                .summaryStartsWith("pghop load: FAILED (exit 2, INVALID_INPUT): LOAD_SETTINGS is 'no_such_setting=1',"
                        + " which the new server").says("unrecognized configuration parameter", "LOAD_SETTINGS=none");
        Pghop.load().dumpPath(volume).target(target).env("LOAD_SETTINGS", "work_mem=abc").run().exits(2)
                .says("LOAD_SETTINGS is 'work_mem=abc'", "invalid value for parameter");
        Pghop.withArgs("migrate").source(old).target(target).env("LOAD_SETTINGS", "work_mem=abc").run().exits(2)
                .says("LOAD_SETTINGS is 'work_mem=abc'");

        assertThat(ClusterSnapshot.of(target)).usingRecursiveComparison().isEqualTo(before);
    }

    @Test
    void aHalfLoadedNewServerIsRefusedWithTheResetAloneNotWithALoadIntoItThatWouldFail() {
        Pghop.dump().dumpPath(volume).source(old).run().exits(0);
        PgServer halfLoaded = servers.start(BlogSetup.newServer(NEW_PASSWORD));
        halfLoaded.execute("postgres", "CREATE DATABASE reports");
        halfLoaded.execute("reports", "CREATE TABLE public.daily_visits (day date)");
        Pghop.load().dumpPath(volume).target(halfLoaded).env("LOAD_INTO_NON_EMPTY", "true").run().exits(6)
                .says("relation \"daily_visits\" already exists", "now holds a partial load: reset it");

        PghopRun again = Pghop.load().dumpPath(volume).target(halfLoaded).run().exits(3)
                .says("the new server already holds ", "database app;", "Reset the new server");
        assertThat(again.output()).doesNotContain("LOAD_INTO_NON_EMPTY");
    }

    @Test
    void loadingWithoutADumpIsRefusedBeforeTheServerIsTouched() throws IOException {
        Pghop.load().dumpPath(volume).target(target).run().exits(3)
                .summaryStartsWith("pghop load: FAILED (exit 3").says("there is no dump to load", "pghop dump");

        assertThat(new DumpDirectory(volume).files()).isEmpty();
    }

    private static int indexOfLineStartingWith(List<String> lines, String start) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(start)) {
                return i;
            }
        }
        throw new AssertionError("the dump has no line starting with " + start);
    }

    private static int indexOfLineEndingWith(List<String> lines, int from, String end) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).endsWith(end)) {
                return i;
            }
        }
        throw new AssertionError("the dump has no line ending with " + end + " after line " + (from + 1));
    }
}
