package dev.pghop.container;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.containers.Network;

import dev.pghop.scenario.SampleCluster;

/**
 * The servers of the version matrix, on one network: an old server per major (the blog's: md5, superuser admin),
 * started and filled with the sample cluster on first use and shared by every hop from it, since a hop only reads
 * it; a fresh, empty new server for each hop (SCRAM, superuser pg-&lt;major&gt;-admin, as the blog's new one); and
 * for the corpus hops, a fresh old server holding the regression database for each hop.
 * Everything is stopped after the test class.
 */
final class MatrixServers implements AfterAllCallback {
    static final String OLD_ADMIN = "admin";
    static final String OLD_ADMIN_PASSWORD = "Old-admin-7f3e9";
    static final String NEW_ADMIN_PASSWORD = "New-admin-c41d2";

    private final Map<Integer, PostgresInContainer> olds = new TreeMap<>();
    private final List<PostgresInContainer> perHop = new ArrayList<>();
    private Network network;
    private int started;

    synchronized Network network() {
        if (network == null) {
            network = Network.newNetwork();
        }
        return network;
    }

    /** The old server of this major, filled with the sample cluster. */
    synchronized PostgresInContainer old(int major) {
        return olds.computeIfAbsent(major, m -> {
            PostgresInContainer old = PostgresInContainer.md5(m, "old-pg" + m, OLD_ADMIN, OLD_ADMIN_PASSWORD,
                    network());
            try {
                old.start();
                SampleCluster.fill(old);
                return old;
            } catch (RuntimeException e) {
                old.close();
                throw e;
            }
        });
    }

    /** A new, empty server of this major for one hop. */
    synchronized PostgresInContainer freshNew(int major) {
        started++;
        PostgresInContainer target = PostgresInContainer.scram(major, "new-pg" + major + "-" + started,
                newAdmin(major), NEW_ADMIN_PASSWORD, network());
        perHop.add(target);
        return target.start();
    }

    /** An old server of this major holding PostgreSQL's regression database, fresh for one hop, which may fix it. */
    synchronized PostgresInContainer freshRegressionCorpus(int major) {
        started++;
        PostgresInContainer old = PostgresInContainer.regressionCorpus(major, "corpus-pg" + major + "-" + started,
                OLD_ADMIN, OLD_ADMIN_PASSWORD, network());
        perHop.add(old);
        return old.start();
    }

    /** Stops the servers started for the hops so far: a test whose hops are done keeps no idle server running. */
    synchronized void stopPerHop() {
        perHop.forEach(PostgresInContainer::close);
        perHop.clear();
    }

    static String newAdmin(int major) {
        return "pg-" + major + "-admin";
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        try {
            perHop.forEach(PostgresInContainer::close);
            olds.values().forEach(PostgresInContainer::close);
        } finally {
            if (network != null) {
                network.close();
            }
        }
    }
}
