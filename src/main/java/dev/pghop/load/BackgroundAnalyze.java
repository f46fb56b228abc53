package dev.pghop.load;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.Queries;
import dev.pghop.postgres.Sessions;
import dev.pghop.report.PghopException;
import dev.pghop.restore.Analyze;
import dev.pghop.restore.Statistics;

/**
 * Rebuilds each database's statistics as soon as the load is done with it, one database at a time beside the load;
 * after the load only the databases not done yet are left. A dump carries no statistics, and applications are slow without them.
 */
public final class BackgroundAnalyze implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("pghop");
    /** The analyses queued beside the load get at most this long to end once the load has ended. */
    private static final Duration BOUND = Duration.ofDays(1);

    private final Analyze analyze;
    private final Endpoint target;
    private final boolean enabled;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pghop-analyze");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> analyzed = ConcurrentHashMap.newKeySet();

    /** Nothing is analyzed where the statistics are left to the user (ANALYZE=false). */
    public BackgroundAnalyze(Analyze analyze, Endpoint target) {
        this.analyze = analyze;
        this.target = target;
        this.enabled = analyze.statistics() != Statistics.SKIP;
    }

    /** The load is done with {@code database}: its statistics are rebuilt next, while the load goes on. */
    public void loaded(String database) {
        if (enabled) {
            worker.execute(() -> {
                try {
                    analyzeIfItHoldsTables(database, 1);
                    analyzed.add(database);
                } catch (PghopException e) {
                    LOG.warnf("statistics of database %s: %s; trying again after the load", database,
                            e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    /**
     * After the load: waits for the analyses queued beside it, then analyzes every database not done yet,
     * {@code jobs} tables at once; returns how long that took, the time statistics added to the load. A failure
     * only warns: the data is complete, and statistics can be rebuilt later.
     */
    public Duration finish(int jobs) throws InterruptedException {
        if (!enabled) {
            return Duration.ZERO;
        }
        long start = System.nanoTime();
        worker.shutdown();
        if (!worker.awaitTermination(BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warnf("rebuilding statistics beside the load is still running after %s; going on", BOUND);
        }
        try {
            List<String> left = databases().stream().filter(d -> !analyzed.contains(d)).toList();
            if (!analyzed.isEmpty()) {
                LOG.infof("statistics rebuilt beside the load: %s%s", String.join(", ", analyzed.stream().sorted()
                        .toList()), left.isEmpty() ? "" : "; now those of " + String.join(", ", left));
            }
            for (String database : left) {
                analyzeIfItHoldsTables(database, jobs);
            }
        } catch (PghopException e) {
            LOG.warnf("rebuilding statistics failed (%s); the data is complete. Run vacuumdb --all"
                    + " --analyze-only against the new server", e.getMessage());
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * A database without tables of its own (the image's superuser database, template1) needs nothing: its
     * catalogs keep the statistics initdb gathered, and analyzing them would cost a second each.
     */
    private void analyzeIfItHoldsTables(String database, int jobs) throws InterruptedException {
        boolean holdsTables;
        try (Connection c = Sessions.open(target, database, true)) {
            holdsTables = "t".equals(Queries.single(c, "SELECT EXISTS (" + Queries.USER_TABLES + ")"));
        } catch (SQLException e) {
            throw PghopException.connectionFailed("while looking for tables in database " + database + " on the "
                    + target + ": " + e.getMessage(), e);
        }
        if (holdsTables) {
            analyze.database(target, database, jobs);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }

    private List<String> databases() {
        try (Connection c = Sessions.openMaintenance(target, true)) {
            return List.copyOf(Queries.column(c, "SELECT datname FROM pg_catalog.pg_database WHERE datallowconn"
                    + " ORDER BY 1"));
        } catch (SQLException e) {
            throw PghopException.connectionFailed("while listing the databases of the " + target + ": "
                    + e.getMessage(), e);
        }
    }
}
