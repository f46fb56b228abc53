package dev.pghop.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The new cluster's initdb repeats what pg_upgrade requires of the old one, and no more. */
class NewClusterTest {
    private static final Path DIR = Path.of("/data/pgdata.new-18");

    @Test
    void eighteenIsToldNoChecksumsWhenTheOldClusterHasNone() {
        List<String> args = NewCluster.initdbArgs(DIR, 18, "admin", locale("c", null), disk(false, 16, false));

        assertThat(args).contains("--pgdata=" + DIR, "--username=admin", "--encoding=UTF8", "--lc-collate=en_US.utf8",
                "--lc-ctype=en_US.utf8", "--locale-provider=libc", "--no-data-checksums")
                .doesNotContain("--data-checksums", "--allow-group-access").noneMatch(a -> a.startsWith("--wal-segsize"));
    }

    @Test
    void checksumsSegmentSizeGroupAccessAndIcuAreRepeated() {
        List<String> args = NewCluster.initdbArgs(DIR, 17, "admin", locale("i", "und"), disk(true, 64, true));

        assertThat(args).contains("--data-checksums", "--wal-segsize=64", "--allow-group-access",
                "--locale-provider=icu", "--icu-locale=und");
    }

    @Test
    void fourteenIsNotToldALocaleProvider() {
        assertThat(NewCluster.initdbArgs(DIR, 14, "admin", locale("c", null), disk(false, 16, false)))
                .noneMatch(a -> a.startsWith("--locale-provider"));
    }

    @Test
    void aLibraryOfSharedPreloadLibrariesIsFoundAsPostgreSQLWouldLoadIt() {
        NewCluster fresh = new NewCluster(null, Optional.of("2.36"), Map.of("und", "153.120"),
                Path.of("/usr/lib/postgresql/15/lib"), java.util.Set.of("pg_stat_statements.so", "auto_explain.so"));

        assertThat(fresh.hasLibrary("pg_stat_statements")).isTrue();
        assertThat(fresh.hasLibrary(" $libdir/auto_explain")).isTrue();
        assertThat(fresh.hasLibrary("pg_cron")).isFalse();
        assertThat(fresh.versionOf("c", "en_US.utf8")).contains("2.36");
        assertThat(fresh.versionOf("i", "de-DE")).as("an ICU locale without a collation of its own: the root's")
                .contains("153.120");
    }

    private static OldCluster.InitdbLocale locale(String provider, String locale) {
        return new OldCluster.InitdbLocale("UTF8", "en_US.utf8", "en_US.utf8", provider, locale);
    }

    private static DataDirectory disk(boolean checksums, int walMegabytes, boolean groupAccess) {
        ControlData control = ControlData.parse("Database cluster state: shut down\nData page checksum version: "
                + (checksums ? 1 : 0) + "\nBytes per WAL segment: " + ((long) walMegabytes << 20) + "\n");
        return new DataDirectory(Path.of("/data/pgdata"), 13, Optional.empty(), control, List.of(), Optional.empty(),
                List.of(), groupAccess);
    }
}
