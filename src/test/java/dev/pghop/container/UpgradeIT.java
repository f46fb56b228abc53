package dev.pghop.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pghop.scenario.ClusterSnapshot;
import dev.pghop.scenario.PghopRun;
import dev.pghop.scenario.SampleCluster;

/**
 * `pghop upgrade` as deployed, on every pair of majors whose server and client programs are here: a server of the
 * old major made the sample cluster on a named volume (the official image's layout, PGDATA in its pgdata directory)
 * and was stopped; the upgrade image of the new major upgrades it in place on that volume; the new major's server
 * then starts on the same volume and PGDATA. It must hold the same roles, memberships, settings, databases, rows,
 * sequences and large objects, let every role log in with its old (md5) password, and keep the configuration:
 * the ALTER SYSTEM setting, the added pg_hba rule, the data checksums (15's cluster has them, 18's initdb would turn
 * them on for the others). Then each transfer mode, once.
 */
@ExtendWith({DockerEngine.class, UpgradeSamples.class})
class UpgradeIT {

    /** An upgrade from one major to a newer one. */
    record Pair(int oldMajor, int newMajor) {
        @Override
        public String toString() {
            return oldMajor + " → " + newMajor;
        }
    }

    static Stream<Pair> pairs() {
        return Stream.of(new Pair(13, 15), new Pair(13, 17), new Pair(13, 18), new Pair(15, 17), new Pair(15, 18),
                new Pair(17, 18));
    }

    @ParameterizedTest(name = "upgrade {0}")
    @MethodSource("pairs")
    void upgradesInPlaceAndTheNewMajorsServerStartsOnTheVolume(Pair pair) throws SQLException {
        UpgradeSamples.Sample sample = UpgradeSamples.of(pair.oldMajor());
        try (ClusterVolume volume = sample.volume().copy("upgrade")) {
            PghopRun run = upgrade(pair.newMajor(), volume).run("upgrade").exits(0)
                    .summaryStartsWith("pghop upgrade: OK").says("RESULT: EQUAL", "TRANSFER=link", "Next steps:");
            if (!TestImages.official()) {
                // Debian's suites of the local bases each have another glibc: every text index sorts anew
                run.says("rebuilding index app_schema.events_kind of database app: its collation's version changed");
            }

            assertThat(volume.list("")).containsExactlyInAnyOrder("pgdata", "pgdata.old-" + pair.oldMajor(),
                    "pgdata.upgrade");
            assertNewServerHolds(sample, pair.newMajor(), volume);
        }
    }

    @Test
    void copyKeepsTheOldClusterWholeSoARollbackPutsItBack() throws SQLException {
        UpgradeSamples.Sample sample = UpgradeSamples.of(13);
        try (ClusterVolume volume = sample.volume().copy("copy")) {
            upgrade(15, volume).env("TRANSFER", "copy").run("upgrade").exits(0).says("TRANSFER=copy",
                    "transfer: Copying user relation files");
            assertNewServerHolds(sample, 15, volume);

            upgrade(15, volume).run("upgrade", "rollback").exits(0)
                    .summaryStartsWith("pghop upgrade: OK: rollback: PGDATA " + ClusterVolume.PGDATA
                            + " holds the PostgreSQL 13 cluster again");
            assertThat(volume.list("")).containsExactlyInAnyOrder("pgdata", "pgdata.rolled-back-15");
            assertOldServerHolds(sample, volume);
        }
    }

    @Test
    void whenPgdataIsTheVolumesRootTheNewClusterIsMadeInsideItAndARollbackPutsTheOldOneBack() throws SQLException {
        UpgradeSamples.Sample sample = UpgradeSamples.of(13);
        try (ClusterVolume volume = sample.volume().copyWithClusterAtRoot("inside")) {
            upgrade(15, volume).env("PGDATA", ClusterVolume.MOUNT).run("plan").exits(0)
                    .says("PGDATA is its volume's root, so the new cluster is made inside it");
            upgrade(15, volume).env("PGDATA", ClusterVolume.MOUNT).env("TRANSFER", "copy").run("upgrade").exits(0)
                    .says("making the new cluster in " + ClusterVolume.MOUNT + "/.pghop-new-15");
            assertThat(volume.list("")).contains("PG_VERSION", "base", ".pghop-old-13", ".pghop-upgrade")
                    .doesNotContain(".pghop-new-15");
            assertNewServerHolds(sample, 15, volume, ClusterVolume.MOUNT);

            upgrade(15, volume).env("PGDATA", ClusterVolume.MOUNT).run("upgrade", "rollback").exits(0);
            assertThat(volume.list("")).contains("PG_VERSION", ".pghop-rolled-back-15")
                    .doesNotContain(".pghop-old-13", ".pghop-upgrade");
            assertOldServerHolds(sample, volume, ClusterVolume.MOUNT);
        }
    }

    @Test
    void rolePasswordsGivenAreStoredAsScramAndProven(@TempDir Path passwords) throws Exception {
        UpgradeSamples.Sample sample = UpgradeSamples.of(15);
        Files.writeString(passwords.resolve("app"), "New-app-pw-5d1\n");
        try (ClusterVolume volume = sample.volume().copy("passwords")) {
            upgrade(17, volume).rolePasswords(TestImages.openToContainers(passwords)).run("upgrade").exits(0)
                    .says("1 role password(s) set and proven");
            try (VolumeServer server = VolumeServer.existing(17, volume)) {
                assertThat(server.value("postgres", "SELECT left(rolpassword, 13) FROM pg_authid"
                        + " WHERE rolname = 'app'")).isEqualTo("SCRAM-SHA-256");
                assertLogsIn(server, "app", "New-app-pw-5d1");
                assertLogsIn(server, "reporter", SampleCluster.REPORTER_PASSWORD);
            }
        }
    }

    @Test
    void copyFileRangeInto17WithEveryRowProven() throws SQLException {
        UpgradeSamples.Sample sample = UpgradeSamples.of(15);
        try (ClusterVolume volume = sample.volume().copy("copy-file-range")) {
            upgrade(17, volume).env("TRANSFER", "copy-file-range").env("VERIFY_DATA", "checksums").run("upgrade")
                    .exits(0).says("TRANSFER=copy-file-range", "counts and checksums", "RESULT: EQUAL: the new server"
                            + " holds what the old one held")
                    .summaryStartsWith("pghop upgrade: OK").says("tables' rows (checksums)");
            assertNewServerHolds(sample, 17, volume);
        }
    }

    @Test
    void swapInto18LeavesNoWayBackAndSaysSo() throws SQLException {
        UpgradeSamples.Sample sample = UpgradeSamples.of(17);
        try (ClusterVolume volume = sample.volume().copy("swap")) {
            upgrade(18, volume).env("TRANSFER", "swap").run("upgrade").exits(0).says("TRANSFER=swap",
                    "no way back: the old cluster's files are moved into the new one");
            assertNewServerHolds(sample, 18, volume);

            upgrade(18, volume).run("upgrade", "rollback").exits(3).says("TRANSFER=swap moved its files into the new"
                    + " cluster", "Nothing was changed");
            assertNewServerHolds(sample, 18, volume);
        }
    }

    @Test
    void autoClonesOnAVolumeThatMakesReflinksAndTheOldClusterStaysWhole(@TempDir Path work) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "a btrfs volume is mounted through a loop device,"
                + " which needs root");
        UpgradeSamples.Sample sample = UpgradeSamples.of(13);
        Path image = work.resolve("btrfs.img");
        Path mount = Files.createDirectory(work.resolve("btrfs"));
        try {
            makeBtrfs(image);
            try (ClusterVolume volume = ClusterVolume.btrfs("clone", image, mount)) {
                volume.copyFrom(sample.volume());
                volume.giveToContainersUser();
                upgrade(15, volume).run("upgrade").exits(0).says("TRANSFER=clone",
                        "auto: clone: the volume makes reflinks");
                assertNewServerHolds(sample, 15, volume);

                upgrade(15, volume).run("upgrade", "rollback").exits(0);
                assertOldServerHolds(sample, volume);
            }
        } finally {
            Files.deleteIfExists(image);
        }
    }

    @Test
    void dropOldRemovesTheKeptClusterAndTheNewOneStaysWhole() throws SQLException {
        UpgradeSamples.Sample sample = UpgradeSamples.of(13);
        try (ClusterVolume volume = sample.volume().copy("drop-old")) {
            volume.shell("chmod 2770 " + ClusterVolume.PGDATA);
            upgrade(17, volume).run("upgrade").exits(0).says("was rwxrwx---, which PostgreSQL refuses",
                    "made it rwx------");
            upgrade(17, volume).run("upgrade", "rollback").exits(3).says("TRANSFER=link made its files the new"
                    + " cluster's too", "Nothing was changed");

            upgrade(17, volume).run("upgrade", "drop-old").exits(0)
                    .summaryStartsWith("pghop upgrade: OK: drop-old: removed the PostgreSQL 13 cluster kept in "
                            + ClusterVolume.PGDATA + ".old-13");
            assertThat(volume.list("")).containsExactlyInAnyOrder("pgdata", "pgdata.upgrade");
            assertThat(volume.list("pgdata.upgrade")).as("the proof stays").containsExactly(
                    "verify-report-13-to-17.json");
            assertNewServerHolds(sample, 17, volume);

            upgrade(17, volume).run("upgrade").exits(0).says("already holds this image's major");
        }
    }

    @Test
    void seventeensColumnStampsAreTakenOffForEighteenAndARollbackPutsThemBack() throws SQLException {
        UpgradeSamples.Sample sample = UpgradeSamples.of(17);
        String stamps = "SELECT count(*) FROM pg_attribute a, unnest(a.attoptions) o WHERE a.attrelid >= 16384"
                + " AND o LIKE 'pg\\_attver=%'";
        try (ClusterVolume volume = sample.volume().copy("stamps")) {
            String before;
            try (VolumeServer old = VolumeServer.existing(17, volume)) {
                before = old.value("app", stamps);
                old.stopCleanly();
            }
            assertThat(before).as("PostgreSQL 17.12 stamps the columns it makes").isNotEqualTo("0");

            upgrade(18, volume).env("TRANSFER", "copy").run("upgrade").exits(0)
                    .says("carry pg_attver, the stamp PostgreSQL 17.12 keeps on every column");
            assertNewServerHolds(sample, 18, volume);

            upgrade(18, volume).run("upgrade", "rollback").exits(0);
            try (VolumeServer old = VolumeServer.existing(17, volume)) {
                assertThat(old.value("app", stamps)).as("the stamps, put back").isEqualTo(before);
            }
            assertOldServerHolds(sample, volume);
        }
    }

    /** The upgrade image of {@code major} on the volume, as the Job runs it: the old server's PGDATA. */
    static PghopInContainer upgrade(int major, ClusterVolume volume) {
        return PghopInContainer.upgradeImage(major).volume(volume, ClusterVolume.MOUNT)
                .env("PGDATA", ClusterVolume.PGDATA).env("PROGRESS_INTERVAL", "1");
    }

    /**
     * The new major's server, started on the volume as the changed Deployment would start it, holds what the old
     * cluster held, lets its roles in with their old passwords, and kept its configuration.
     */
    static void assertNewServerHolds(UpgradeSamples.Sample sample, int major, ClusterVolume volume)
            throws SQLException {
        assertNewServerHolds(sample, major, volume, ClusterVolume.PGDATA);
    }

    static void assertNewServerHolds(UpgradeSamples.Sample sample, int major, ClusterVolume volume, String pgdata)
            throws SQLException {
        try (VolumeServer server = VolumeServer.existing(major, volume, pgdata)) {
            assertThat(server.value("postgres", "SHOW server_version_num")).startsWith(String.valueOf(major));
            assertThat(comparable(ClusterSnapshot.of(server, VolumeServer.ADMIN), sample.major(), major))
                    .usingRecursiveComparison().isEqualTo(comparable(sample.before(), sample.major(), major));
            assertLogsIn(server, "app", SampleCluster.APP_PASSWORD);
            assertLogsIn(server, "reporter", SampleCluster.REPORTER_PASSWORD);
            assertThat(server.value("postgres", "SELECT setting FROM pg_settings WHERE name = 'work_mem'"))
                    .as("work_mem from the old postgresql.auto.conf, in kB")
                    .isEqualTo(String.valueOf(Integer.parseInt(UpgradeSamples.AUTO_CONF_WORK_MEM.replace("MB", ""))
                            * 1024));
            assertThat(server.value("postgres", "SELECT count(*) FROM pg_hba_file_rules WHERE address = '"
                    + UpgradeSamples.HBA_ADDRESS + "'")).as("the rule added to the old pg_hba.conf").isEqualTo("1");
            assertThat(server.value("postgres", "SHOW data_checksums")).as("data checksums as the old cluster had")
                    .isEqualTo(sample.checksums() ? "on" : "off");
            assertThat(server.value("app", "SELECT count(*) FROM pg_stats WHERE schemaname = 'app_schema'"
                    + " AND tablename = 'events'")).as("the first statistics pass").isNotEqualTo("0");
            assertThat(server.value("app", "SELECT count(*) FROM app_schema.events WHERE kind = 'kind 42'"))
                    .as("a lookup through the text index, rebuilt where glibc's version changed")
                    .isEqualTo(String.valueOf(UpgradeSamples.LARGE_TABLE_ROWS / 97
                            + (UpgradeSamples.LARGE_TABLE_ROWS % 97 >= 42 ? 1 : 0)));
        }
    }

    /** The old major's server starts again on the volume, and holds what it held. */
    static void assertOldServerHolds(UpgradeSamples.Sample sample, ClusterVolume volume) throws SQLException {
        assertOldServerHolds(sample, volume, ClusterVolume.PGDATA);
    }

    static void assertOldServerHolds(UpgradeSamples.Sample sample, ClusterVolume volume, String pgdata)
            throws SQLException {
        try (VolumeServer server = VolumeServer.existing(sample.major(), volume, pgdata)) {
            assertThat(ClusterSnapshot.of(server, VolumeServer.ADMIN)).usingRecursiveComparison()
                    .isEqualTo(sample.before());
            assertLogsIn(server, "app", SampleCluster.APP_PASSWORD);
        }
    }

    /**
     * Without MAINTAIN where only the new server has it (PostgreSQL 17 gives it to an owner's ALL), and with views
     * printed alike across 16, which leaves out the table names columns do not need.
     */
    private static ClusterSnapshot comparable(ClusterSnapshot snapshot, int oldMajor, int newMajor) {
        ClusterSnapshot alike = oldMajor < 16 && newMajor >= 16 ? snapshot.withViewColumnsUnqualified() : snapshot;
        return oldMajor < 17 && newMajor >= 17 ? alike.withoutMaintainPrivilege() : alike;
    }

    private static void assertLogsIn(VolumeServer server, String role, String password) throws SQLException {
        try (Connection connection = server.connect("postgres", role, password)) {
            assertThat(connection.isValid(5)).as("%s logs in to %s", role, server).isTrue();
        }
    }

    /** A 600 MB btrfs filesystem in a file, for a volume that makes reflinks. */
    private static void makeBtrfs(Path image) throws IOException, InterruptedException {
        Process truncate = new ProcessBuilder("truncate", "-s", "600M", image.toString()).inheritIO().start();
        assertThat(truncate.waitFor()).isZero();
        Process mkfs = new ProcessBuilder("mkfs.btrfs", "-q", "-f", image.toString()).redirectErrorStream(true)
                .start();
        String output = new String(mkfs.getInputStream().readAllBytes());
        assertThat(mkfs.waitFor()).as("mkfs.btrfs (bin/setup installs btrfs-progs): " + output).isZero();
    }
}
