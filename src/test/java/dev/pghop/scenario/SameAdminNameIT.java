package dev.pghop.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.pghop.testing.PgServer;
import dev.pghop.testing.PgServers;

/**
 * Both servers' superuser is called admin, with different passwords: the case where the old script's load replayed
 * the old admin's ALTER ROLE ... PASSWORD and locked the loader out of the new server half-way.
 */
class SameAdminNameIT {
    private static final String OLD_PASSWORD = "old-admin-md5-0a1b";
    private static final String NEW_PASSWORD = "new-admin-scram-9z8y";

    @RegisterExtension
    static PgServers servers = new PgServers();

    @TempDir
    Path volume;

    @Test
    void theLoaderKeepsItsOwnPasswordAndTheDataArrives() throws SQLException {
        PgServer old = servers.start(BlogSetup.oldServer(OLD_PASSWORD));
        PgServer target = servers.start(BlogSetup.newServer(BlogSetup.OLD_SUPERUSER, NEW_PASSWORD));
        SampleCluster.fill(old);
        String newAdminHash = adminPasswordHash(target);

        Pghop.dump().dumpPath(volume).source(old).run().exits(0);
        Pghop.load().dumpPath(volume).target(target).run().exits(0).summaryStartsWith("pghop load: OK")
                .says("role admin (the loading role) kept its own attributes and password");

        try (Connection login = target.connect("postgres", "admin", NEW_PASSWORD)) {
            assertThat(login.isValid(5)).as("the new admin logs in with its own password").isTrue();
        }
        assertThatThrownBy(() -> target.connect("postgres", "admin", OLD_PASSWORD).close())
                .as("the old admin's password does not open the new server")
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
        assertThat(adminPasswordHash(target)).startsWith("SCRAM-SHA-256$").isEqualTo(newAdminHash);
        assertThat(target.value("postgres", "SELECT rolsuper FROM pg_roles WHERE rolname = 'admin'")).isEqualTo("t");
        assertThat(ClusterSnapshot.of(target)).usingRecursiveComparison().isEqualTo(ClusterSnapshot.of(old));
        Pghop.verify().source(old).target(target).run().exits(0)
                .says("role admin", "expected: both servers' bootstrap superuser (created by initdb) is called admin");
        assertThat(target.value("app", "SELECT name FROM app_schema.customers WHERE id = "
                + SampleCluster.NON_ASCII_CUSTOMER_ID)).isEqualTo(SampleCluster.NON_ASCII_NAME);
    }

    private static String adminPasswordHash(PgServer server) {
        return server.value("postgres", "SELECT rolpassword FROM pg_authid WHERE rolname = 'admin'");
    }
}
