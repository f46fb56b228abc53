package dev.pghop.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pghop.scenario.ArrivedValues;
import dev.pghop.scenario.ClusterSnapshot;
import dev.pghop.scenario.SampleCluster;

/**
 * Every version pair as deployed: the blog's Job layout (`dump` in the old major's image with that major's own
 * pg_dumpall, `load` and `verify` in the new major's image, sharing a volume), `migrate` in the new major's image,
 * and once the directory format. An old major whose image has no client programs (12, 14 and 16 on the local bases)
 * is dumped with the new major's image. Each hop must end with `verify` exit 0 and the new server holding the
 * sample cluster's roles, memberships, settings, rows and large objects, with the given roles logging in.
 */
@ExtendWith(DockerEngine.class)
class VersionMatrixIT {
    private static final Set<String> ROLES_WITH_PASSWORD_FILES = Set.of("app", "reporter");

    @RegisterExtension
    static MatrixServers servers = new MatrixServers();

    @TempDir
    Path volume;
    @TempDir
    Path rolePasswords;

    /** An upgrade from one major to a newer one. */
    record Pair(int oldMajor, int newMajor) {
        /** The image whose pg_dumpall dumps: the old major's when it has client programs, else the new one's. */
        int dumpImage() {
            return TestImages.majorsWithClients().contains(oldMajor) ? oldMajor : newMajor;
        }

        @Override
        public String toString() {
            return oldMajor + " → " + newMajor + (dumpImage() == oldMajor ? "" : " (dumped by " + newMajor + "'s tools)");
        }
    }

    static Stream<Pair> pairs() {
        List<Pair> pairs = new ArrayList<>();
        for (int old : List.of(13, 15, 17)) {
            for (int target : List.of(15, 17, 18)) {
                if (target > old) {
                    pairs.add(new Pair(old, target));
                }
            }
        }
        pairs.addAll(List.of(new Pair(12, 15), new Pair(14, 17), new Pair(16, 18)));
        if (TestImages.official()) {
            pairs.add(new Pair(12, 14));
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "dump, load, verify: {0}")
    @MethodSource("pairs")
    void dumpInTheOldImageThenLoadAndVerifyInTheNewOne(Pair pair) throws Exception {
        hopWithDumpAndLoad(pair, "plain");
    }

    @ParameterizedTest(name = "migrate, verify: {0}")
    @MethodSource("pairs")
    void migrateInTheNewImage(Pair pair) throws Exception {
        PostgresInContainer old = servers.old(pair.oldMajor());
        PostgresInContainer target = servers.freshNew(pair.newMajor());
        ClusterSnapshot before = snapshotOfOld(old, target);

        inImage(pair.newMajor(), old, target).rolePasswords(passwordFiles()).run("migrate").exits(0)
                .summaryStartsWith("pghop migrate: OK");
        inImage(pair.newMajor(), old, target).rolePasswords(rolePasswords).run("verify").exits(0)
                .summaryStartsWith("pghop verify: OK");

        assertTargetHoldsTheOldCluster(old, target, before);
    }

    @Test
    void directoryFormatFromTheOldestToTheNewest() throws Exception {
        hopWithDumpAndLoad(new Pair(13, 18), "directory");
    }

    private void hopWithDumpAndLoad(Pair pair, String format) throws Exception {
        PostgresInContainer old = servers.old(pair.oldMajor());
        PostgresInContainer target = servers.freshNew(pair.newMajor());
        ClusterSnapshot before = snapshotOfOld(old, target);

        inImage(pair.dumpImage(), old, target).dumpVolume(volume).env("DUMP_FORMAT", format).run("dump").exits(0)
                .summaryStartsWith("pghop dump: OK");
        inImage(pair.newMajor(), old, target).dumpVolume(volume).env("DUMP_FORMAT", format)
                .rolePasswords(passwordFiles()).run("load").exits(0).summaryStartsWith("pghop load: OK");
        inImage(pair.newMajor(), old, target).dumpVolume(volume).rolePasswords(rolePasswords).run("verify")
                .exits(0).summaryStartsWith("pghop verify: OK");

        assertTargetHoldsTheOldCluster(old, target, before);
        assertThat(volume.resolve("verify-report.json")).isRegularFile();
    }

    private PghopInContainer inImage(int major, PostgresInContainer old, PostgresInContainer target) {
        return PghopInContainer.image(major, servers.network()).source(old).target(target);
    }

    private static ClusterSnapshot snapshotOfOld(PostgresInContainer old, PostgresInContainer target) {
        return comparable(ClusterSnapshot.of(old, target.superuser()), old, target);
    }

    /** Without the passwords ROLE_PASSWORDS_DIR replaced, and MAINTAIN where only the new server has it. */
    private static ClusterSnapshot comparable(ClusterSnapshot snapshot, PostgresInContainer old,
            PostgresInContainer target) {
        ClusterSnapshot comparable = snapshot.withoutPasswordsOf(ROLES_WITH_PASSWORD_FILES);
        return old.major() < 17 && target.major() >= 17 ? comparable.withoutMaintainPrivilege() : comparable;
    }

    /** The passwords of the sample cluster's login roles, as a mounted Secret holds them (world-readable files). */
    private Path passwordFiles() throws IOException {
        Files.writeString(rolePasswords.resolve("app"), SampleCluster.APP_PASSWORD);
        Files.writeString(rolePasswords.resolve("reporter"), SampleCluster.REPORTER_PASSWORD + "\n");
        return TestImages.openToContainers(rolePasswords);
    }

    private static void assertTargetHoldsTheOldCluster(PostgresInContainer old, PostgresInContainer target,
            ClusterSnapshot before) throws SQLException {
        assertThat(comparable(ClusterSnapshot.of(target, MatrixServers.OLD_ADMIN), old, target))
                .usingRecursiveComparison().isEqualTo(before);
        assertLogsIn(target, "app", SampleCluster.APP_PASSWORD);
        assertLogsIn(target, "reporter", SampleCluster.REPORTER_PASSWORD);
        assertThat(target.value("postgres", "SELECT current_user || ' super=' || rolsuper FROM pg_roles"
                + " WHERE rolname = current_user")).as("the new server's superuser, logged in with its own password")
                .isEqualTo(target.superuser() + " super=true");
        ArrivedValues.statisticsGathered(target);
        ArrivedValues.check(old, target);
    }

    private static void assertLogsIn(PostgresInContainer server, String role, String password) throws SQLException {
        try (Connection connection = server.connect("postgres", role, password)) {
            assertThat(connection.isValid(5)).as("%s logs in to %s", role, server).isTrue();
        }
    }
}
