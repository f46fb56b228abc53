package dev.pghop.container;

import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.pghop.scenario.ClusterSnapshot;
import dev.pghop.scenario.SampleCluster;

/**
 * The old clusters the in-place upgrade tests start from, one volume per old major, made on first use and copied for
 * each upgrade: the sample cluster (md5 roles in a group role, settings, an extension, a large object, sequences, a
 * partitioned table, a view), plus a materialized view, one larger table with a text index and many small ones, a
 * setting made with ALTER SYSTEM (postgresql.auto.conf) and a rule added to pg_hba.conf. The 15 cluster has data
 * checksums, the others not. Each is stopped cleanly, as the old Deployment scaled to 0, and its snapshot taken
 * before. Shared by the test classes that register this extension, and removed when the test run ends.
 */
final class UpgradeSamples implements BeforeAllCallback {
    /** What ALTER SYSTEM sets in the sample's postgresql.auto.conf. */
    static final String AUTO_CONF_WORK_MEM = "12MB";
    /** The network of the rule added to the sample's pg_hba.conf. */
    static final String HBA_ADDRESS = "10.99.0.0";
    static final int LARGE_TABLE_ROWS = 200_000;
    static final int SMALL_TABLES = 150;

    /** An old cluster on its volume, and what it held when it was stopped. */
    record Sample(int major, ClusterVolume volume, ClusterSnapshot before, boolean checksums) {
    }

    private static final Map<Integer, Sample> SAMPLES = new TreeMap<>();

    static Sample of(int major) {
        synchronized (SAMPLES) {
            return SAMPLES.computeIfAbsent(major, UpgradeSamples::make);
        }
    }

    /** Removes the volumes when the whole test run ends, not after each class: the next class reuses them. */
    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).computeIfAbsent(UpgradeSamples.class,
                key -> (AutoCloseable) UpgradeSamples::removeAll);
    }

    private static void removeAll() {
        synchronized (SAMPLES) {
            SAMPLES.values().forEach(s -> s.volume().close());
            SAMPLES.clear();
        }
    }

    private static Sample make(int major) {
        ClusterVolume volume = ClusterVolume.create("sample-" + major);
        boolean checksums = major == 15;
        VolumeServer server = VolumeServer.initialize(major, volume, checksums ? "--data-checksums" : "");
        try {
            SampleCluster.fill(server);
            server.execute("app",
                    "CREATE MATERIALIZED VIEW app_schema.order_totals AS SELECT customer_id, sum(amount) AS total"
                            + " FROM app_schema.orders GROUP BY customer_id",
                    "CREATE TABLE app_schema.events (id bigint PRIMARY KEY, kind text NOT NULL, payload text)",
                    "INSERT INTO app_schema.events SELECT g, 'kind ' || (g % 97), repeat('x', g % 50)"
                            + " FROM generate_series(1, " + LARGE_TABLE_ROWS + ") g",
                    "CREATE INDEX events_kind ON app_schema.events (kind)",
                    "DO $$ BEGIN FOR i IN 1.." + SMALL_TABLES + " LOOP"
                            + " EXECUTE format('CREATE TABLE app_schema.small_%s (id int PRIMARY KEY, v text)', i);"
                            + " EXECUTE format('INSERT INTO app_schema.small_%s VALUES (%s, ''row %s'')', i, i, i);"
                            + " END LOOP; END $$");
            server.execute("postgres", "ALTER SYSTEM SET work_mem = '" + AUTO_CONF_WORK_MEM + "'");
            ClusterSnapshot before = ClusterSnapshot.of(server, VolumeServer.ADMIN);
            server.stopCleanly();
            volume.shell("echo 'host reports reporter " + HBA_ADDRESS + "/16 md5' >> " + ClusterVolume.PGDATA
                    + "/pg_hba.conf");
            return new Sample(major, volume, before, checksums);
        } catch (RuntimeException e) {
            server.close();
            volume.close();
            throw e;
        }
    }
}
