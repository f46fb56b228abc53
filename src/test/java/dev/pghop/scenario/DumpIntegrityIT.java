package dev.pghop.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.pghop.testing.PgServer;
import dev.pghop.testing.PgServers;

/**
 * What `pghop dump` does with what it finds in PGDUMP_PATH: keeps a complete dump, moves anything it cannot trust
 * aside (never deletes it) and dumps again, and publishes nothing when pg_dumpall dies half-way.
 */
class DumpIntegrityIT {
    @RegisterExtension
    static PgServers servers = new PgServers();
    static PgServer old;

    @TempDir
    Path volume;
    DumpDirectory dir;

    @BeforeAll
    static void startTheOldServer() {
        old = servers.start(BlogSetup.oldServer("integrity-0ld"));
        SampleCluster.fill(old);
    }

    @BeforeEach
    void describeTheVolume() {
        dir = new DumpDirectory(volume);
    }

    @Test
    void aSecondDumpKeepsTheCompleteOneUntouched() throws IOException {
        dump().exits(0);
        String sha = DumpDirectory.sha256(dir.dump());
        FileTime modified = Files.getLastModifiedTime(dir.dump());

        dump().exits(0).summaryStartsWith("pghop dump: OK: skipped").says("is a complete dump of this old server ("
                + old.host() + ":" + old.port() + ", PostgreSQL 12", "system identifier", "s ago: writes to the old"
                + " server since then are not in it");

        assertThat(DumpDirectory.sha256(dir.dump())).isEqualTo(sha);
        assertThat(Files.getLastModifiedTime(dir.dump())).isEqualTo(modified);
        assertThat(dir.files()).containsExactly(DumpDirectory.MANIFEST, DumpDirectory.DUMP);
    }

    @Test
    void anEmptyDumpIsMovedAsideAndDumpedAgain() throws IOException {
        Files.createFile(dir.dump());

        dump().exits(0).summaryStartsWith("pghop dump: OK: dumped").says("is empty", "moved it aside");

        assertThat(dir.movedAside(DumpDirectory.DUMP)).singleElement().satisfies(p -> assertThat(p).isEmptyFile());
        assertThatTheDumpIsComplete();
    }

    @Test
    void aTruncatedDumpIsMovedAsideAndDumpedAgain() throws IOException {
        dump().exits(0);
        long size = Files.size(dir.dump());
        try (RandomAccessFile file = new RandomAccessFile(dir.dump().toFile(), "rw")) {
            file.setLength(size / 2);
        }

        dump().exits(0).summaryStartsWith("pghop dump: OK: dumped").says("truncated", "moved it aside");

        assertThat(dir.movedAside(DumpDirectory.DUMP)).singleElement().satisfies(p -> assertThat(p).hasSize(size / 2));
        assertThat(dir.movedAside(DumpDirectory.MANIFEST)).hasSize(1);
        assertThatTheDumpIsComplete();
        assertThat(dir.dump()).hasSize(size);
    }

    @Test
    void aDumpWithOneByteChangedIsMovedAsideAndDumpedAgain() throws IOException {
        dump().exits(0);
        long size = Files.size(dir.dump());
        try (RandomAccessFile file = new RandomAccessFile(dir.dump().toFile(), "rw")) {
            file.seek(size / 2);
            int original = file.read();
            file.seek(size / 2);
            file.write(original ^ 0x01);
        }
        String tampered = DumpDirectory.sha256(dir.dump());

        dump().exits(0).summaryStartsWith("pghop dump: OK: dumped").says("checksum (CRC-32C)", "moved it aside");

        assertThat(dir.movedAside(DumpDirectory.DUMP)).singleElement()
                .satisfies(p -> assertThat(DumpDirectory.sha256(p)).isEqualTo(tampered));
        assertThatTheDumpIsComplete();
    }

    /** What {@code ps} and /proc show of a child pghop started: its arguments, its environment. */
    private void assertNoPasswordIn(ProcessHandle child, String procFile) throws IOException {
        String content = new String(Files.readAllBytes(Path.of("/proc", String.valueOf(child.pid()), procFile)),
                java.nio.charset.StandardCharsets.UTF_8).replace('\0', '\n');
        assertThat(content).as("/proc/<pg_dumpall>/" + procFile).isNotEmpty().doesNotContain(old.password());
    }

    @Test
    void aCompleteDumpWrittenByTheOldScriptIsKeptOnlyWhenTheUserSaysSo() throws IOException {
        ScriptDump.write(old, dir.dump());
        String sha = DumpDirectory.sha256(dir.dump());

        dump().exits(3).summaryStartsWith("pghop dump: FAILED (exit 3, REFUSED)").says("was written without pghop",
                "cannot tell which cluster it comes from", "s ago", "Nothing was written", "KEEP_SCRIPT_DUMP=true");
        assertThat(DumpDirectory.sha256(dir.dump())).isEqualTo(sha);
        assertThat(dir.files()).containsExactly(DumpDirectory.DUMP);

        Pghop.dump().dumpPath(volume).source(old).env("KEEP_SCRIPT_DUMP", "true").run().exits(0)
                .summaryStartsWith("pghop dump: OK: skipped").says("written without pghop and kept"
                        + " (KEEP_SCRIPT_DUMP=true)", "which cluster it holds cannot be checked");
        assertThat(DumpDirectory.sha256(dir.dump())).isEqualTo(sha);
        assertThat(dir.files()).containsExactly(DumpDirectory.DUMP);
    }

    @Test
    void aKilledPgDumpallPublishesNothingAndTheRerunDumpsAgainAndLoads() throws Exception {
        PghopRun killed;
        try (DumpBlocker blocker = DumpBlocker.lockPartitionedParent(old, "app", "app_schema.measurements")) {
            CompletableFuture<PghopRun> running = CompletableFuture.supplyAsync(this::dump);
            ProcessHandle dumpall = blocker.awaitBlockedDumpall(dir.partial(), Duration.ofSeconds(60));
            assertNoPasswordIn(dumpall, "cmdline");
            assertNoPasswordIn(dumpall, "environ");
            dumpall.destroyForcibly();
            blocker.release();
            killed = running.get(Pghop.TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
        }

        killed.exits(5).summaryStartsWith("pghop dump: FAILED (exit 5").says("pg_dumpall was killed by signal 9");
        assertThat(dir.files()).as(killed.transcript()).noneMatch(List.of(DumpDirectory.DUMP, DumpDirectory.PARTIAL,
                DumpDirectory.MANIFEST)::contains);
        List<Path> keptPartial = dir.movedAside(DumpDirectory.PARTIAL);
        assertThat(keptPartial).singleElement().satisfies(p -> assertThat(p).isNotEmptyFile());

        dump().exits(0).summaryStartsWith("pghop dump: OK: dumped");
        assertThatTheDumpIsComplete();
        assertThat(dir.movedAside(DumpDirectory.PARTIAL)).isEqualTo(keptPartial);
        PgServer target = servers.start(BlogSetup.newServer("integrity-n3w"));
        Pghop.load().dumpPath(volume).target(target).run().exits(0);
        assertThat(target.value("app", "SELECT count(*) FROM app_schema.measurements")).isEqualTo("400");
        assertThat(target.value("reports", "SELECT count(*) FROM public.daily_visits")).isEqualTo("1000");
    }

    private PghopRun dump() {
        return Pghop.dump().dumpPath(volume).source(old).run();
    }

    /** The dump and its manifest agree, as `pghop load` will check, and the checksum is computed here. */
    private void assertThatTheDumpIsComplete() throws IOException {
        assertThat(dir.manifestJson().path("sha256").asText()).isEqualTo(DumpDirectory.sha256(dir.dump()));
        assertThat(dir.manifestJson().path("bytes").asLong()).isEqualTo(Files.size(dir.dump()));
        assertThat(dir.partial()).doesNotExist();
    }
}
