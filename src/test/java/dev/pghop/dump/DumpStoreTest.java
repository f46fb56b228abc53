package dev.pghop.dump;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import dev.pghop.postgres.Inventories;
import dev.pghop.postgres.PgVersion;
import org.junit.jupiter.api.io.TempDir;

class DumpStoreTest {
    private static final String SCRIPT_DUMP = "--\n-- PostgreSQL database cluster dump\n--\n\nCREATE ROLE admin;\n\n"
            + "--\n-- PostgreSQL database cluster dump complete\n--\n\n";

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-24T08:15:00Z"), ZoneOffset.UTC);

    @Test
    void anEmptyDirectoryHoldsNoDump() throws IOException {
        assertThat(store().inspect()).isInstanceOf(DumpState.Absent.class);
    }

    @Test
    void aManifestWithoutACrcIsCheckedByItsSha256() throws IOException {
        DumpStore store = store();
        StreamCopy copy = new StreamCopy();
        String sha = copy.copy(new ByteArrayInputStream("SELECT 1;\n".getBytes(StandardCharsets.UTF_8)),
                store.partialFile());
        store.publish(new DumpManifest(DumpStore.DUMP_FILE, copy.bytes(), sha, null, "h:5432", Inventories.oldServer(),
                "pg_dumpall", new PgVersion(15, 18), clock.instant(), clock.instant(), "test"));
        assertThat(store.inspect()).isInstanceOf(DumpState.Complete.class);

        Files.writeString(store.dumpFile(), "SELECT 2;\n");
        assertThat(store.inspect()).isInstanceOfSatisfying(DumpState.Incomplete.class,
                i -> assertThat(i.reason()).contains("its SHA-256 is"));
    }

    @Test
    void aPublishedDumpIsCompleteUntilOneByteChanges() throws IOException {
        DumpStore store = store();
        publish(store, "SELECT 1;\n");

        assertThat(store.inspect()).isInstanceOfSatisfying(DumpState.Complete.class,
                c -> assertThat(c.fromScript()).isFalse());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.dumpFile())))
                .isEqualTo("rw-------");
        assertThat(store.partialFile()).doesNotExist();

        Files.writeString(store.dumpFile(), "SELECT 2;\n");
        assertThat(store.inspect()).isInstanceOfSatisfying(DumpState.Incomplete.class,
                i -> assertThat(i.reason()).contains("checksum (CRC-32C)").contains("changed after it was written"));
    }

    @Test
    void aTruncatedDumpIsCaughtBySize() throws IOException {
        DumpStore store = store();
        publish(store, "SELECT 1;\nSELECT 2;\n");
        Files.writeString(store.dumpFile(), "SELECT 1;\n");

        assertThat(store.inspect()).isInstanceOfSatisfying(DumpState.Incomplete.class,
                i -> assertThat(i.reason()).contains("holds 10 bytes but its manifest says 20"));
    }

    @Test
    void aScriptWrittenDumpCountsOnlyWithPgDumpallsClosingLine() throws IOException {
        DumpStore store = store();
        Files.writeString(store.dumpFile(), SCRIPT_DUMP);
        assertThat(store.inspect()).isInstanceOfSatisfying(DumpState.Complete.class,
                c -> assertThat(c.fromScript()).isTrue());

        Files.writeString(store.dumpFile(), SCRIPT_DUMP.substring(0, 60));
        assertThat(store.inspect()).isInstanceOfSatisfying(DumpState.Incomplete.class,
                i -> assertThat(i.reason()).contains("cut short"));

        Files.writeString(store.dumpFile(), "");
        assertThat(store.inspect()).isInstanceOfSatisfying(DumpState.Incomplete.class,
                i -> assertThat(i.reason()).contains("is empty"));
    }

    @Test
    void leftoversOfAnInterruptedRunAreIncompleteAndMoveAsideWithoutLoss() throws IOException {
        DumpStore store = store();
        Files.writeString(store.partialFile(), "half a dump");
        assertThat(store.inspect()).isInstanceOfSatisfying(DumpState.Incomplete.class,
                i -> assertThat(i.reason()).contains("interrupted"));

        assertThat(store.moveAside()).containsExactly(dir.resolve("pg_dumpall.sql.partial.failed-20261124T081500Z"));
        assertThat(dir.resolve("pg_dumpall.sql.partial.failed-20261124T081500Z")).hasContent("half a dump");
        assertThat(store.inspect()).isInstanceOf(DumpState.Absent.class);
    }

    @Test
    void theManifestKeepsTheOldClustersInventoryForLoadTimeChecks() throws IOException {
        DumpStore store = store();
        publish(store, "SELECT 1;\n");

        DumpManifest read = DumpManifest.read(store.manifestFile());

        assertThat(read.source()).usingRecursiveComparison().ignoringFields("locales")
                .isEqualTo(Inventories.oldServer());
        assertThat(read.dumpToolVersion()).isEqualTo(new PgVersion(15, 18));
    }

    @Test
    void twoFailuresInTheSameSecondKeepBothFiles() throws IOException {
        DumpStore store = store();
        Files.writeString(store.partialFile(), "first");
        store.moveAside();
        Files.writeString(store.partialFile(), "second");
        store.moveAside();

        assertThat(dir.resolve("pg_dumpall.sql.partial.failed-20261124T081500Z")).hasContent("first");
        assertThat(dir.resolve("pg_dumpall.sql.partial.failed-20261124T081500Z-2")).hasContent("second");
    }

    @Test
    void anUnreadableManifestMakesTheDumpUntrusted() throws IOException {
        DumpStore store = store();
        publish(store, "SELECT 1;\n");
        Files.writeString(store.manifestFile(), "{ not json");

        assertThat(store.inspect()).isInstanceOfSatisfying(DumpState.Incomplete.class,
                i -> assertThat(i.reason()).contains("manifest cannot be read"));
    }

    private DumpStore store() {
        return new DumpStore(dir, clock);
    }

    private void publish(DumpStore store, String content) throws IOException {
        StreamCopy copy = new StreamCopy();
        String sha = copy.copy(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), store.partialFile());
        store.publish(new DumpManifest(DumpStore.DUMP_FILE, copy.bytes(), sha, copy.crc32c(), "h:5432",
                Inventories.oldServer(),
                "pg_dumpall", new PgVersion(15, 18), clock.instant(), clock.instant(), "test"));
    }
}
