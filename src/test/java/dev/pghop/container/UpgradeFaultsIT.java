package dev.pghop.container;

import static dev.pghop.container.UpgradeIT.assertNewServerHolds;
import static dev.pghop.container.UpgradeIT.assertOldServerHolds;
import static dev.pghop.container.UpgradeIT.upgrade;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.pghop.testing.BoundedProcess;

/**
 * `pghop upgrade` killed with SIGKILL (a lost node) at chosen moments, then run again: the rerun goes on, or starts
 * over from an old cluster it put back as it was, and ends with the same cluster as an upgrade never killed; a
 * rollback instead brings the old major's server back on its data. And what it refuses before writing: a server
 * still running on the data, link across two volumes, an extension the new image lacks, a setting the new major
 * removed; with what `plan` says of the same, changing nothing.
 */
@ExtendWith({DockerEngine.class, UpgradeSamples.class})
class UpgradeFaultsIT {

    @ParameterizedTest(name = "killed at {0}, then run again")
    @ValueSource(strings = {"transfer", "transferred", "finishing", "swap"})
    void aRerunAfterAKillGoesOnOrStartsOverAndEndsWithTheSameCluster(String moment) throws SQLException {
        UpgradeSamples.Sample sample = UpgradeSamples.of(13);
        try (ClusterVolume volume = sample.volume().copy("killed-" + moment)) {
            upgrade(15, volume).killedAt(moment, "upgrade").exits(137).says("paused at " + moment);

            upgrade(15, volume).run("upgrade").exits(0).summaryStartsWith("pghop upgrade: OK")
                    .says("an earlier run of this upgrade (PostgreSQL 13 to 15, TRANSFER=link");
            assertThat(volume.list("")).containsExactlyInAnyOrder("pgdata", "pgdata.old-13", "pgdata.upgrade");
            assertNewServerHolds(sample, 15, volume);
        }
    }

    @Test
    void killedBetweenTheMovesOfASwapInsideTheVolumesRootTheRerunFinishesIt() throws SQLException {
        UpgradeSamples.Sample sample = UpgradeSamples.of(13);
        try (ClusterVolume volume = sample.volume().copyWithClusterAtRoot("killed-inside")) {
            upgrade(15, volume).env("PGDATA", ClusterVolume.MOUNT).killedAt("swap", "upgrade").exits(137);
            assertThat(volume.list("")).as("the old cluster's entries moved away, the new one's not yet up")
                    .containsExactlyInAnyOrder(".pghop-new-15", ".pghop-old-13", ".pghop-upgrade");

            upgrade(15, volume).env("PGDATA", ClusterVolume.MOUNT).run("upgrade").exits(0);
            assertNewServerHolds(sample, 15, volume, ClusterVolume.MOUNT);
            upgrade(15, volume).env("PGDATA", ClusterVolume.MOUNT).run("upgrade", "drop-old").exits(0);
            assertThat(volume.list("")).contains("PG_VERSION", ".pghop-upgrade").doesNotContain(".pghop-old-13");
        }
    }

    @Test
    void killedInTheMiddleOfTheMovesInsideTheVolumesRootThenRolledBackTheOldServerStartsOnItsData()
            throws SQLException {
        UpgradeSamples.Sample sample = UpgradeSamples.of(13);
        try (ClusterVolume volume = sample.volume().copyWithClusterAtRoot("killed-mid-move")) {
            upgrade(15, volume).env("PGDATA", ClusterVolume.MOUNT).env("TRANSFER", "copy")
                    .killedAt("moving-entries", "upgrade").exits(137);
            assertThat(volume.list(".pghop-old-13")).as("one entry of the old cluster moved, the others not yet")
                    .hasSize(1);

            upgrade(15, volume).env("PGDATA", ClusterVolume.MOUNT).run("upgrade", "rollback").exits(0)
                    .says("finishing its moves first");
            assertThat(volume.list("")).contains("PG_VERSION", "base", ".pghop-rolled-back-15")
                    .doesNotContain(".pghop-old-13", ".pghop-new-15", ".pghop-upgrade");
            assertOldServerHolds(sample, volume, ClusterVolume.MOUNT);
        }
    }

    @Test
    void aTablespaceCrossesAndTheNewMajorsPartOfItGoesWithEachRunThatIsUndone() throws SQLException {
        UpgradeSamples.Sample sample = UpgradeSamples.of(13);
        try (ClusterVolume volume = sample.volume().copy("tablespace")) {
            volume.shell("mkdir " + ClusterVolume.MOUNT + "/space");
            try (VolumeServer old = VolumeServer.existing(13, volume)) {
                old.execute("app", "CREATE TABLESPACE space LOCATION '" + ClusterVolume.MOUNT + "/space'",
                        "CREATE TABLE in_space TABLESPACE space AS SELECT g AS id FROM generate_series(1, 1000) g");
                old.stopCleanly();
            }
            volume.shell("mkdir " + ClusterVolume.MOUNT + "/space/PG_15_someone_else");
            upgrade(15, volume).run("upgrade").exits(3).says("the new major's part of a tablespace already exists: "
                    + ClusterVolume.MOUNT + "/space/PG_15_someone_else");
            assertThat(volume.list("space")).as("what pghop did not make stays").contains("PG_15_someone_else");
            volume.shell("rmdir " + ClusterVolume.MOUNT + "/space/PG_15_someone_else");

            upgrade(15, volume).env("TRANSFER", "copy").killedAt("transfer", "upgrade").exits(137);
            assertThat(volume.list("space")).as("pg_upgrade made the new major's part beside the old one's")
                    .anyMatch(name -> name.startsWith("PG_15_")).hasSize(2);
            upgrade(15, volume).run("upgrade", "rollback").exits(0);
            assertThat(volume.list("space")).as("the rollback removed the new major's part")
                    .singleElement().asString().startsWith("PG_13_");

            upgrade(15, volume).env("TRANSFER", "copy").killedAt("transfer", "upgrade").exits(137);
            upgrade(15, volume).run("upgrade").exits(0).says("removing the new cluster's part of a tablespace",
                    "RESULT: EQUAL");
            try (VolumeServer server = VolumeServer.existing(15, volume)) {
                assertThat(server.value("app", "SELECT count(*) FROM in_space")).isEqualTo("1000");
                assertThat(server.value("app", "SELECT tablespace FROM pg_tables WHERE tablename = 'in_space'"))
                        .isEqualTo("space");
                server.stopCleanly();
            }
            upgrade(15, volume).run("upgrade", "drop-old").exits(0).says("its part of 1 tablespace(s)");
            assertThat(volume.list("space")).singleElement().asString().startsWith("PG_15_");
        }
    }

    @Test
    void killedDuringTheLinkTransferThenRolledBackTheOldMajorsServerStartsOnItsData() throws SQLException {
        UpgradeSamples.Sample sample = UpgradeSamples.of(13);
        try (ClusterVolume volume = sample.volume().copy("killed-rollback")) {
            upgrade(15, volume).killedAt("transfer", "upgrade").exits(137);
            assertThat(volume.exists("pgdata/global/pg_control.old") && !volume.exists("pgdata/global/pg_control"))
                    .as("pg_upgrade --link renamed the old pg_control").isTrue();

            upgrade(15, volume).run("upgrade", "rollback").exits(0).summaryStartsWith("pghop upgrade: OK: rollback");
            assertThat(volume.list("")).containsExactly("pgdata");
            assertOldServerHolds(sample, volume);
        }
    }

    @Test
    void aFailedStepOfACopyUpgradeIsRolledBackAndTheOldServerStarts(@TempDir Path passwords) throws Exception {
        UpgradeSamples.Sample sample = UpgradeSamples.of(13);
        Files.writeString(passwords.resolve("nobody"), "no-such-role-9f2");
        try (ClusterVolume volume = sample.volume().copy("failed-step")) {
            upgrade(15, volume).env("TRANSFER", "copy").rolePasswords(TestImages.openToContainers(passwords))
                    .run("upgrade").exits(8).says("nobody").says("Fix the files in ROLE_PASSWORDS_DIR");
            assertThat(volume.list("")).as("the new cluster did not take PGDATA's place")
                    .containsExactlyInAnyOrder("pgdata", "pgdata.new-15", "pgdata.upgrade");

            upgrade(15, volume).run("upgrade", "rollback").exits(0);
            assertThat(volume.list("")).containsExactly("pgdata");
            assertOldServerHolds(sample, volume);
        }
    }

    @Test
    void aServerStillRunningOnTheDataIsRefused() {
        UpgradeSamples.Sample sample = UpgradeSamples.of(13);
        try (ClusterVolume volume = sample.volume().copy("running");
                VolumeServer running = VolumeServer.existing(13, volume)) {
            upgrade(15, volume).run("upgrade").exits(3).says("was not shut down cleanly", "Scale the old Deployment"
                    + " to 0", "RECOVER_CRASHED=true");
            assertThat(volume.list("")).containsExactly("pgdata");
            assertThat(running.value("postgres", "SELECT 1")).as("the running server, untouched").isEqualTo("1");
        }
    }

    @Test
    void aClusterLeftAsAfterACrashIsRefusedThenRecoveredWhenAsked() throws SQLException {
        UpgradeSamples.Sample sample = UpgradeSamples.of(13);
        try (ClusterVolume volume = sample.volume().copy("crashed")) {
            VolumeServer.existing(13, volume).close(); // killed, not stopped: the pod of a lost node
            upgrade(15, volume).run("upgrade").exits(3).says("was not shut down cleanly", "RECOVER_CRASHED=true");
            assertThat(volume.list("")).containsExactly("pgdata");

            upgrade(15, volume).env("RECOVER_CRASHED", "true").run("upgrade").exits(0)
                    .says("RECOVER_CRASHED=true, so pghop replays its WAL once");
            assertNewServerHolds(sample, 15, volume);
        }
    }

    @Test
    void aDifferenceBetweenTheRecordAndTheNewClusterEndsTheRunWithSevenBeforeTheSwap() throws SQLException {
        UpgradeSamples.Sample sample = UpgradeSamples.of(13);
        try (ClusterVolume volume = sample.volume().copy("proof")) {
            upgrade(15, volume).env("TRANSFER", "copy").killedAt("transferred", "upgrade").exits(137);
            try (VolumeServer planted = VolumeServer.existing(15, volume, ClusterVolume.PGDATA + ".new-15")) {
                planted.execute("app", "DROP TABLE app_schema.small_7", "SELECT setval('app_schema.invoice_number_seq',"
                        + " 9999)");
                planted.stopCleanly();
            }

            upgrade(15, volume).run("upgrade").exits(7).says("table app_schema.small_7",
                    "app_schema.invoice_number_seq", "PGDATA is unchanged");
            assertThat(volume.list("")).as("no swap").containsExactlyInAnyOrder("pgdata", "pgdata.new-15",
                    "pgdata.upgrade");
            upgrade(15, volume).run("upgrade", "rollback").exits(0);
            assertOldServerHolds(sample, volume);
        }
    }

    @Test
    void linkAcrossTwoVolumesIsRefusedAndAutoCopiesThere() throws SQLException {
        UpgradeSamples.Sample sample = UpgradeSamples.of(13);
        try (ClusterVolume volume = sample.volume().copy("two-volumes");
                ClusterVolume other = ClusterVolume.create("other-volume")) {
            other.giveToContainersUser();
            PghopInContainer toOther = upgrade(15, volume).volume(other, "/var/lib/postgresql/new")
                    .env("NEW_PGDATA", "/var/lib/postgresql/new/pgdata");
            toOther.env("TRANSFER", "link").run("upgrade").exits(3).says("Invalid cross-device link",
                    "Use TRANSFER=copy (or auto)");
            assertThat(volume.list("")).containsExactly("pgdata");

            toOther.env("TRANSFER", "auto").run("upgrade").exits(0).says("auto: copy: the new cluster's place is on"
                    + " another filesystem than PGDATA");
            assertThat(volume.list("")).as("PGDATA stays as it is").containsExactly("pgdata");
            assertThat(other.list("")).containsExactlyInAnyOrder("pgdata", "pgdata.upgrade");
            assertOldServerHolds(sample, volume);
        }
    }

    @Test
    void anExtensionTheNewImageLacksIsRefusedBeforeAnythingIsWritten() throws Exception {
        UpgradeSamples.Sample sample = UpgradeSamples.of(13);
        String image = imageWithoutHstore();
        try (ClusterVolume volume = sample.volume().copy("no-hstore")) {
            PghopInContainer.inImage(image).volume(volume, ClusterVolume.MOUNT).env("PGDATA", ClusterVolume.PGDATA)
                    .run("upgrade").exits(3).says("database my-app uses hstore", "refused before changing anything");
            assertThat(volume.list("")).containsExactly("pgdata");
            assertOldServerHolds(sample, volume);
        } finally {
            BoundedProcess.run(List.of("docker", "rmi", "-f", image), Path.of("."), java.time.Duration.ofMinutes(1));
        }
    }

    @Test
    void aSettingTheNewMajorRemovedIsNamedThenCarriedAsACommentWhenAsked() throws SQLException {
        UpgradeSamples.Sample sample = UpgradeSamples.of(15);
        try (ClusterVolume volume = sample.volume().copy("removed-setting")) {
            volume.shell("echo \"vacuum_defer_cleanup_age = '0'\" >> " + ClusterVolume.PGDATA
                    + "/postgresql.auto.conf");
            upgrade(17, volume).run("upgrade").exits(3).says("PostgreSQL 17 has no setting vacuum_defer_cleanup_age",
                    "PostgreSQL 16 removed it", "IGNORE_INCOMPATIBLE=true");
            assertThat(volume.list("")).containsExactly("pgdata");

            upgrade(17, volume).env("IGNORE_INCOMPATIBLE", "true").run("upgrade").exits(0);
            assertThat(volume.shell("grep vacuum_defer_cleanup_age " + ClusterVolume.PGDATA + "/postgresql.auto.conf"))
                    .singleElement().asString().startsWith("# pghop: PostgreSQL 17 has no setting"
                            + " vacuum_defer_cleanup_age (carried from PostgreSQL 15");
            assertNewServerHolds(sample, 17, volume);
        }
    }

    @Test
    void planChecksTheSameAndChangesNothing() {
        UpgradeSamples.Sample sample = UpgradeSamples.of(13);
        try (ClusterVolume volume = sample.volume().copy("plan")) {
            upgrade(18, volume).run("plan").exits(0).says("ready to upgrade", "pg_upgrade --check: the clusters are"
                    + " compatible", "collation versions", "pghop plan: OK: no blocker to the in-place upgrade");
            assertThat(volume.list("")).containsExactly("pgdata");
            assertThat(volume.exists("pgdata/global/pg_control")).isTrue();
            assertThat(volume.exists("pgdata/global/pg_control.old")).isFalse();
        }
    }

    /** The upgrade image of 15 with hstore's files removed: an image that lacks an extension the old one has. */
    private static String imageWithoutHstore() throws Exception {
        String image = "pghop-test-no-hstore:" + ProcessHandle.current().pid();
        Path context = Files.createTempDirectory("pghop-no-hstore-");
        try {
            Files.writeString(context.resolve("Dockerfile"), "FROM " + TestImages.upgrade(15) + "\nUSER root\n"
                    + "RUN rm -f /usr/lib/postgresql/15/lib/hstore.so /usr/share/postgresql/15/extension/hstore*\n"
                    + "USER postgres\n");
            BoundedProcess.runChecked(List.of("docker", "build", "-q", "-t", image, context.toString()), context,
                    java.time.Duration.ofMinutes(5));
            return image;
        } finally {
            Files.deleteIfExists(context.resolve("Dockerfile"));
            Files.deleteIfExists(context);
        }
    }
}
