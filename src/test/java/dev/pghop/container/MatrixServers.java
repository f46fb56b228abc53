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
 * it; and a fresh, empty new server for each hop (SCRAM, superuser pg-&lt;major&gt;-admin, as the blog's new one).
 * Everything is stopped after the test class.
 */
final class MatrixServers implements AfterAllCallback {
    static final String OLD_ADMIN = "admin";
    static final String OLD_ADMIN_PASSWORD = "Old-admin-7f3e9";
    static final String NEW_ADMIN_PASSWORD = "New-admin-c41d2";

    private final Map<Integer, PostgresInContainer> olds = new TreeMap<>();
    private final List<PostgresInContainer> news = new ArrayList<>();
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
        news.add(target);
        return target.start();
    }

    static String newAdmin(int major) {
        return "pg-" + major + "-admin";
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        try {
            news.forEach(PostgresInContainer::close);
            olds.values().forEach(PostgresInContainer::close);
        } finally {
            if (network != null) {
                network.close();
            }
        }
    }
}
