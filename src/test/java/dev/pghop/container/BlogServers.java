package dev.pghop.container;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.containers.Network;
import org.testcontainers.lifecycle.Startables;

import dev.pghop.scenario.ClusterSnapshot;
import dev.pghop.scenario.SampleCluster;

/**
 * The blog post's two servers in containers on one network, for the test class that registers this: postgres:12
 * with md5 (superuser admin), filled with the sample cluster, and an empty postgres:14 with SCRAM (superuser
 * pg-14-admin). Started before the class's tests, stopped after them.
 */
final class BlogServers implements BeforeAllCallback, AfterAllCallback {
    static final int OLD_MAJOR = 12;
    static final int NEW_MAJOR = 14;
    private static final String OLD_ADMIN = "admin";
    private static final String NEW_ADMIN = "pg-14-admin";

    private Network network;
    private OfficialPostgres old;
    private OfficialPostgres target;
    private ClusterSnapshot before;

    @Override
    public void beforeAll(ExtensionContext context) {
        network = Network.newNetwork();
        old = OfficialPostgres.md5(OLD_MAJOR, OLD_ADMIN, "Old-admin-7f3e9", network);
        target = OfficialPostgres.scram(NEW_MAJOR, NEW_ADMIN, "New-admin-c41d2", network);
        Startables.deepStart(old.container(), target.container()).join();
        SampleCluster.fill(old);
        before = ClusterSnapshot.of(old, NEW_ADMIN);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (target != null) {
                target.container().stop();
            }
            if (old != null) {
                old.container().stop();
            }
        } finally {
            if (network != null) {
                network.close();
            }
        }
    }

    /** pghop in the old major's image; given both servers, as the Job's ConfigMap gives every container. */
    PghopInContainer inOldImage() {
        return PghopInContainer.image(OLD_MAJOR, network).source(old).target(target);
    }

    /** pghop in the new major's image; given both servers. */
    PghopInContainer inNewImage() {
        return PghopInContainer.image(NEW_MAJOR, network).source(old).target(target);
    }

    /**
     * The new server holds what the old one held (roles with their password hashes, databases, settings, grants,
     * data), and its own superuser still logs in with its own password and rights. The roles keep their md5 hashes:
     * the postgres:14 image's pg_hba.conf asks for SCRAM, so they log in once their passwords are set again.
     */
    void assertTargetHoldsTheOldCluster() {
        assertThat(ClusterSnapshot.of(target, OLD_ADMIN)).usingRecursiveComparison().isEqualTo(before);
        assertThat(target.value("app", "SELECT count(*) FROM app_schema.orders")).isEqualTo("2000");
        assertThat(target.value("app", "SELECT name FROM app_schema.customers WHERE id = "
                + SampleCluster.NON_ASCII_CUSTOMER_ID)).isEqualTo(SampleCluster.NON_ASCII_NAME);
        assertThat(target.value("postgres", "SELECT rolpassword FROM pg_authid WHERE rolname = 'app'"))
                .startsWith("md5");
        assertThat(target.value("postgres", "SELECT current_user || ' super=' || rolsuper FROM pg_roles"
                + " WHERE rolname = current_user")).as("the new server's superuser, logged in with its own password")
                .isEqualTo(NEW_ADMIN + " super=true");
    }
}
