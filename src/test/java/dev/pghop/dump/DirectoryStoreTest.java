package dev.pghop.dump;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.pghop.postgres.Inventories;
import dev.pghop.postgres.PgVersion;

/** The directory format's markers and manifest: what makes a part finished, and what makes the whole dump complete. */
class DirectoryStoreTest {
    private static final PgVersion PG_DUMP = new PgVersion(15, 18);
    private static final String SOURCE = Inventories.oldServer().systemIdentifier();

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-24T08:15:00Z"), ZoneOffset.UTC);

    @Test
    void aDatabaseNameBecomesOneSafeFileName() {
        assertThat(DirectoryStore.directoryName("my-app_2")).isEqualTo("my-app_2");
        assertThat(DirectoryStore.directoryName("..")).isEqualTo("%2E%2E");
        assertThat(DirectoryStore.directoryName("a/b c")).isEqualTo("a%2Fb%20c");
        assertThat(DirectoryStore.directoryName("café")).isEqualTo("caf%C3%A9");
        assertThat(DirectoryStore.directoryName("a%2E")).isNotEqualTo(DirectoryStore.directoryName("a."));
    }

    @Test
    void aFinishedPartStaysDoneUntilAFileChanges() throws IOException {
        DumpPart app = databaseWith("app", "toc.dat", "the table of contents", "3340.dat.gz", "rows");

        assertThat(app.state()).isInstanceOfSatisfying(PartState.Done.class,
                d -> assertThat(d.marker().files()).extracting(PartMarker.FileEntry::name)
                        .containsExactly("3340.dat.gz", "toc.dat"));

        flipOneByte(app.content().resolve("toc.dat"));
        assertThat(app.state()).isInstanceOfSatisfying(PartState.Untrusted.class, u -> assertThat(u.reason())
                .contains("SHA-256 of toc.dat").contains("changed after it was written"));
    }

    @Test
    void aTruncatedMissingOrAddedFileMakesThePartUntrusted() throws IOException {
        DumpPart app = databaseWith("app", "toc.dat", "the table of contents", "3340.dat.gz", "rows");

        Files.writeString(app.content().resolve("3340.dat.gz"), "ro");
        assertThat(reason(app)).contains("3340.dat.gz holds 2 bytes but its marker says 4");

        Files.delete(app.content().resolve("3340.dat.gz"));
        assertThat(reason(app)).contains("lists 3340.dat.gz, which is missing");

        Files.writeString(app.content().resolve("3340.dat.gz"), "rows");
        Files.writeString(app.content().resolve("9999.dat.gz"), "more");
        assertThat(reason(app)).contains("holds 9999.dat.gz, which its marker does not list");
    }

    @Test
    void aPartWithoutItsMarkerOrWithAnothersIsUntrusted() throws IOException {
        DirectoryStore store = store();
        DumpPart app = databaseWith("app", "toc.dat", "contents");
        DumpPart reports = databaseWith("reports", "toc.dat", "contents");

        Files.copy(app.marker(), reports.marker(), StandardCopyOption.REPLACE_EXISTING);
        assertThat(reason(reports)).contains("describes database app");

        Files.delete(app.marker());
        assertThat(reason(app)).contains("has no completion marker app.done.json");

        assertThat(store.database("absent").state()).isInstanceOf(PartState.Absent.class);
    }

    @Test
    void theDumpIsCompleteOnlyWithItsManifestAndEveryPartMatching() throws IOException {
        DirectoryStore store = store();
        assertThat(store.inspect()).isInstanceOf(DirectoryState.Absent.class);

        PartMarker globals = globalsWith("CREATE ROLE app;\n");
        DumpPart app = databaseWith("app", "toc.dat", "app contents");
        DumpPart postgres = databaseWith("postgres", "toc.dat", "postgres contents");
        assertThat(store.inspect()).isInstanceOfSatisfying(DirectoryState.Incomplete.class,
                i -> assertThat(i.problems()).singleElement().asString().contains("no pghop-directory.json"));

        store.publish(manifest(globals, app, postgres));
        assertThat(store.inspect()).isInstanceOfSatisfying(DirectoryState.Complete.class, c -> {
            assertThat(c.manifest().databases()).extracting(DirectoryManifest.DatabaseEntry::name)
                    .containsExactly("app", "postgres");
            assertThat(c.manifest().source()).usingRecursiveComparison().ignoringFields("locales")
                    .isEqualTo(Inventories.oldServer());
        });

        flipOneByte(postgres.content().resolve("toc.dat"));
        assertThat(store.inspect()).isInstanceOfSatisfying(DirectoryState.Incomplete.class,
                i -> assertThat(i.problems()).singleElement().asString().startsWith("database postgres: "));
    }

    @Test
    void globalsThatAreNotTheOnesTheManifestNamesAreRefused() throws IOException {
        DirectoryStore store = store();
        PartMarker first = globalsWith("CREATE ROLE app;\n");
        DirectoryManifest manifest = manifest(first, databaseWith("app", "toc.dat", "contents"));
        store.publish(manifest);
        Files.delete(store.globals().content());
        globalsWith("CREATE ROLE other;\n");

        assertThat(store.inspect()).isInstanceOfSatisfying(DirectoryState.Incomplete.class,
                i -> assertThat(i.problems()).singleElement().asString().contains("is not the one"));
    }

    @Test
    void aFinishedPartOfAnotherClusterOrPgDumpMajorDoesNotBelong() throws IOException {
        PartMarker marker = PartMarker.read(databaseWith("app", "toc.dat", "contents").marker());

        assertThat(marker.foreignTo(SOURCE, new PgVersion(15, 20))).isEmpty();
        assertThat(marker.foreignTo(null, PG_DUMP)).as("an old server whose identity is unknown").isEmpty();
        assertThat(marker.foreignTo("7000000000000000099", PG_DUMP)).get().asString()
                .contains("dumped from another cluster");
        assertThat(marker.foreignTo(SOURCE, new PgVersion(16, 4))).get().asString()
                .contains("written by pg_dump 15.18");
    }

    @Test
    void anUntrustedPartMovesAsideWithItsMarkerAndNothingIsLost() throws IOException {
        DumpPart app = databaseWith("app", "toc.dat", "contents");
        flipOneByte(app.content().resolve("toc.dat"));

        List<Path> moved = app.moveAside(store().failedSuffix());

        assertThat(moved).extracting(p -> p.getFileName().toString())
                .containsExactly("app.failed-20261124T081500Z", "app.done.json.failed-20261124T081500Z");
        assertThat(moved.get(0).resolve("toc.dat")).exists();
        assertThat(app.state()).isInstanceOf(PartState.Absent.class);
    }

    private DirectoryStore store() {
        return new DirectoryStore(dir, clock);
    }

    /** A database part as pg_dump would leave it (name, content pairs), finished with its marker. */
    private DumpPart databaseWith(String database, String... files) throws IOException {
        DumpPart part = store().database(database);
        Files.createDirectories(part.content());
        for (int i = 0; i < files.length; i += 2) {
            Files.writeString(part.content().resolve(files[i]), files[i + 1]);
        }
        part.finish(SOURCE, "pg_dump", PG_DUMP, clock.instant(), clock.instant());
        return part;
    }

    private PartMarker globalsWith(String sql) throws IOException {
        DumpPart globals = store().globals();
        Files.writeString(globals.content(), sql);
        return globals.finish(SOURCE, "pg_dumpall", PG_DUMP, clock.instant(), clock.instant());
    }

    private DirectoryManifest manifest(PartMarker globals, DumpPart... databases) throws IOException {
        List<DirectoryManifest.DatabaseEntry> entries = new ArrayList<>();
        for (DumpPart part : databases) {
            entries.add(new DirectoryManifest.DatabaseEntry(part.database(), part.content().getFileName().toString(),
                    PartMarker.read(part.marker()).bytes()));
        }
        return new DirectoryManifest("h:5432", Inventories.oldServer(), PG_DUMP, globals.files().get(0), entries,
                clock.instant(), clock.instant(), "test");
    }

    private static String reason(DumpPart part) throws IOException {
        return ((PartState.Untrusted) part.state()).reason();
    }

    private static void flipOneByte(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            int b = f.read();
            f.seek(0);
            f.write(b ^ 0x01);
        }
    }
}
