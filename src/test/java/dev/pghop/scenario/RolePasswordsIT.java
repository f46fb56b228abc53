package dev.pghop.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.pghop.testing.PgServer;
import dev.pghop.testing.PgServers;

/**
 * The blog's md5 roles on a SCRAM server: without passwords pghop names every role that will be locked out (and
 * each really is); with ROLE_PASSWORDS_DIR each gets a SCRAM verifier and logs in with its old password.
 */
class RolePasswordsIT {
    private static final String OLD_PASSWORD = "roles-0ld-admin";
    private static final String NEW_PASSWORD = "roles-n3w-admin";
    /** A role whose password holds the characters the old script's .pgpass broke on. */
    private static final String LEGACY = "legacy";
    private static final String LEGACY_PASSWORD = "le:gacy\\pw *x";

    @RegisterExtension
    static PgServers servers = new PgServers();
    static PgServer old;
    @TempDir
    static Path volume;

    @TempDir
    Path secrets;

    @BeforeAll
    static void dumpTheBlogsOldServer() {
        old = servers.start(BlogSetup.oldServer(OLD_PASSWORD));
        SampleCluster.fill(old);
        old.execute("postgres", "CREATE ROLE " + LEGACY + " LOGIN PASSWORD '" + LEGACY_PASSWORD + "'");
        Pghop.dump().dumpPath(volume).source(old).run().exits(0);
    }

    @Test
    void withoutPasswordsEveryLockedOutRoleIsNamedAndReallyLockedOut() throws SQLException {
        PgServer target = servers.start(BlogSetup.newServer(NEW_PASSWORD));

        Pghop.withArgs("plan").source(old).target(target).run().exits(0)
                .says("[WARNING] role logins", "app (its password is stored as an md5 hash, and the new server's"
                        + " pg_hba demands scram-sha-256)", "reporter (", LEGACY + " (", "ops (has no password");
        Pghop.load().dumpPath(volume).target(target).run().exits(0)
                .says("role app cannot log in to the new server", "role reporter cannot log in",
                        "role legacy cannot log in", "\\password app")
                .summaryStartsWith("pghop load: OK").says("role(s) still cannot log in");

        assertLoginRefused(target, "app", SampleCluster.APP_PASSWORD);
        assertLoginRefused(target, "reporter", SampleCluster.REPORTER_PASSWORD);
        assertLoginRefused(target, LEGACY, LEGACY_PASSWORD);
    }

    @Test
    void withPasswordsEachRoleLogsInWithItsOldPasswordStoredAsScram() throws IOException, SQLException {
        PgServer target = servers.start(BlogSetup.newServer(NEW_PASSWORD));
        Files.writeString(secrets.resolve("app"), SampleCluster.APP_PASSWORD);
        Files.writeString(secrets.resolve("reporter"), SampleCluster.REPORTER_PASSWORD + "\n");
        Files.writeString(secrets.resolve(LEGACY), LEGACY_PASSWORD + "\n");

        PghopRun run = Pghop.load().dumpPath(volume).target(target).env("ROLE_PASSWORDS_DIR", secrets).run().exits(0)
                .summaryStartsWith("pghop load: OK").says("3 role password(s) set and proven",
                        "role app: SCRAM-SHA-256 password set; login proven");
        for (String secret : new String[] {SampleCluster.APP_PASSWORD, SampleCluster.REPORTER_PASSWORD,
            LEGACY_PASSWORD}) {
            run.neverShows(secret);
        }

        assertLogsIn(target, "app", SampleCluster.APP_PASSWORD);
        assertLogsIn(target, "reporter", SampleCluster.REPORTER_PASSWORD);
        assertLogsIn(target, LEGACY, LEGACY_PASSWORD);
        assertThat(target.rows("postgres", "SELECT rolname FROM pg_authid WHERE rolname IN ('app', 'reporter', '"
                + LEGACY + "') AND rolpassword LIKE 'SCRAM-SHA-256$%' ORDER BY 1"))
                .containsExactly(java.util.List.of("app"), java.util.List.of(LEGACY), java.util.List.of("reporter"));

        Pghop.verify().source(old).target(target).env("ROLE_PASSWORDS_DIR", secrets).run().exits(0)
                .says("role app", "given a new SCRAM-SHA-256 password from ROLE_PASSWORDS_DIR")
                .summaryStartsWith("pghop verify: OK");
        Pghop.verify().source(old).target(target).run().exits(7)
                .says("role app", "password", "md5 hash, fingerprint", "SCRAM-SHA-256 hash, fingerprint");
    }

    @Test
    void aWrongOrMissingFileNamesThatRoleAndTheOthersAreStillDone() throws IOException, SQLException {
        PgServer target = servers.start(BlogSetup.newServer(NEW_PASSWORD));
        Files.writeString(secrets.resolve("app"), SampleCluster.APP_PASSWORD);
        Files.writeString(secrets.resolve("ghost"), "whatever");
        Files.writeString(secrets.resolve(LEGACY), "\n");

        Pghop.load().dumpPath(volume).target(target).env("ROLE_PASSWORDS_DIR", secrets).run().exits(8)
                .summaryStartsWith("pghop load: FAILED (exit 8, PASSWORDS_FAILED)")
                .says("role ghost: there is no role ghost on the new server", "role legacy: its file",
                        "is empty", "2 failed (ghost, legacy)", "role reporter cannot log in to the new server");

        assertLogsIn(target, "app", SampleCluster.APP_PASSWORD);
        assertLoginRefused(target, "reporter", SampleCluster.REPORTER_PASSWORD);
    }

    @Test
    void rolesCanArriveWithoutTheirOldHashesAndBeFixedLater() throws IOException, SQLException {
        PgServer target = servers.start(BlogSetup.newServer(NEW_PASSWORD));
        Files.writeString(secrets.resolve("app"), SampleCluster.APP_PASSWORD);

        Pghop.load().dumpPath(volume).target(target).env("ROLE_PASSWORDS_DIR", secrets)
                .env("DROP_ROLE_PASSWORDS", "true").run().exits(0)
                .says("every role was loaded without its old password", "role reporter cannot log in");
        assertThat(target.value("postgres", "SELECT rolpassword IS NULL FROM pg_authid WHERE rolname = 'reporter'"))
                .isEqualTo("t");
        assertLogsIn(target, "app", SampleCluster.APP_PASSWORD);

        Files.writeString(secrets.resolve("reporter"), SampleCluster.REPORTER_PASSWORD);
        Pghop.withArgs("passwords").target(target).env("ROLE_PASSWORDS_DIR", secrets).run().exits(0)
                .summaryStartsWith("pghop passwords: OK: 2 role password(s) set and proven");
        assertLogsIn(target, "reporter", SampleCluster.REPORTER_PASSWORD);

        Pghop.verify().source(old).target(target).env("ROLE_PASSWORDS_DIR", secrets)
                .env("DROP_ROLE_PASSWORDS", "true").run().exits(0)
                .says("loaded without its old password hash (DROP_ROLE_PASSWORDS=true)");
    }

    @Test
    void aLoginTheServerRefusesBeforeItCompletesProvesNoPassword() throws IOException, SQLException {
        PgServer target = servers.start(BlogSetup.newServer(NEW_PASSWORD));
        Pghop.load().dumpPath(volume).target(target).run().exits(0);
        Files.writeString(secrets.resolve("app"), SampleCluster.APP_PASSWORD);
        // No session of app is let in now: the server says so (53300) whatever the password.
        target.execute("postgres", "ALTER ROLE app CONNECTION LIMIT 0");

        Pghop.withArgs("passwords").target(target).env("ROLE_PASSWORDS_DIR", secrets).run().exits(8)
                .summaryStartsWith("pghop passwords: FAILED (exit 8, PASSWORDS_FAILED)")
                .says("role app: password set, but its login could not be proven", "53300",
                        "run pghop passwords again");

        target.execute("postgres", "ALTER ROLE app CONNECTION LIMIT 20");
        Pghop.withArgs("passwords").target(target).env("ROLE_PASSWORDS_DIR", secrets).run().exits(0)
                .says("role app: SCRAM-SHA-256 password set; login proven");
        assertLogsIn(target, "app", SampleCluster.APP_PASSWORD);
    }

    private static void assertLogsIn(PgServer server, String role, String password) throws SQLException {
        try (Connection c = server.connect("postgres", role, password)) {
            assertThat(c.isValid(5)).isTrue();
        }
    }

    private static void assertLoginRefused(PgServer server, String role, String password) {
        assertThatThrownBy(() -> server.connect("postgres", role, password).close())
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
    }
}
