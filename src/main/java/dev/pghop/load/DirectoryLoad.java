package dev.pghop.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import dev.pghop.dump.DirectoryManifest;
import dev.pghop.dump.DirectoryManifest.DatabaseEntry;
import dev.pghop.dump.DirectoryStore;
import dev.pghop.postgres.ClusterInventory.DatabaseInfo;
import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.PgVersion;
import dev.pghop.process.ClientPrograms;
import dev.pghop.process.ParallelJobs;
import dev.pghop.report.Progress;
import dev.pghop.report.Sizes;
import dev.pghop.restore.PsqlFeed;
import dev.pghop.script.DumpFilter;
import dev.pghop.script.LoadRules;

/**
 * The directory format's load: globals.sql through the load rules into psql, then every database with pg_restore,
 * JOBS databases at once, largest first. Each step is recorded in load-state.json as it starts and ends, so a rerun
 * against the same server skips what is done and loads again only what was cut short.
 */
public final class DirectoryLoad {
    private static final Logger LOG = Logger.getLogger("pghop");

    private final ClientPrograms programs;
    private final Duration progressInterval;

    public DirectoryLoad(ClientPrograms programs, Duration progressInterval) {
        this.programs = programs;
        this.progressInterval = progressInterval;
    }

    /**
     * What the run did.
     *
     * @param globals how long the globals took; null when an earlier run had loaded them
     * @param loaded time each database loaded by this run took, in the order they finished
     * @param skipped databases an earlier run had loaded
     */
    public record Result(Duration globals, Map<String, Duration> loaded, List<String> skipped) {
    }

    /** Each database restored goes to {@code statistics} at once. */
    public Result run(DirectoryStore store, DirectoryManifest manifest, Endpoint target, PgVersion targetVersion,
            LoadRules rules, LoadState state, int jobs, BackgroundAnalyze statistics)
            throws IOException, InterruptedException {
        Duration globals = state.globalsDone() ? null : loadGlobals(store, target, rules, state);
        List<DatabaseEntry> largestFirst = manifest.databases().stream().sorted(Comparator.comparingLong(
                (DatabaseEntry d) -> manifest.source().database(d.name()).map(DatabaseInfo::sizeBytes).orElse(0L))
                .reversed()).toList();
        List<String> skipped = largestFirst.stream().map(DatabaseEntry::name).filter(state::isDone).toList();
        skipped.forEach(name -> LOG.infof("database %s: loaded by an earlier run (%s); skipped", name,
                LoadState.FILE));
        List<DatabaseEntry> pending = largestFirst.stream().filter(d -> !state.isDone(d.name())).toList();
        DatabaseRestore restore = new DatabaseRestore(programs, target, targetVersion, rules,
                state.preExisting());
        return new Result(globals, loadDatabases(store, restore, pending, state, jobs, statistics), skipped);
    }

    private Duration loadGlobals(DirectoryStore store, Endpoint target, LoadRules rules, LoadState state)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        LOG.infof("loading %s (roles, memberships, role settings) into the %s", DirectoryStore.GLOBALS_FILE, target);
        try (InputStream in = Files.newInputStream(store.globals().content())) {
            new PsqlFeed(programs).run(in, DumpFilter.forCluster(rules), target, "postgres",
                    DirectoryStore.GLOBALS_FILE);
        }
        state.markGlobalsDone();
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** min(JOBS, databases) at once, each pg_restore with JOBS / that many jobs of its own. */
    private Map<String, Duration> loadDatabases(DirectoryStore store, DatabaseRestore restore,
            List<DatabaseEntry> pending, LoadState state, int jobs, BackgroundAnalyze statistics)
            throws IOException, InterruptedException {
        if (pending.isEmpty()) {
            return Map.of();
        }
        int atOnce = Math.min(jobs, pending.size());
        int each = Math.max(1, jobs / atOnce);
        LOG.infof("loading %d databases, %d at once with %d pg_restore job(s) each, largest first: %s",
                pending.size(), atOnce, each, pending.stream().map(DatabaseEntry::name)
                        .collect(Collectors.joining(", ")));
        Map<String, Duration> times = new ConcurrentHashMap<>();
        Set<String> running = ConcurrentHashMap.newKeySet();
        AtomicLong bytesDone = new AtomicLong();
        List<ParallelJobs.Job<String>> work = pending.stream().<ParallelJobs.Job<String>>map(d -> () -> {
            boolean again = state.isStarted(d.name());
            state.markStarted(d.name());
            running.add(d.name());
            long start = System.nanoTime();
            restore.run(d.name(), store.database(d.name()).content(), again, each);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            state.markDone(d.name());
            statistics.loaded(d.name());
            running.remove(d.name());
            bytesDone.addAndGet(d.bytes());
            times.put(d.name(), took);
            LOG.infof("database %s loaded in %s", d.name(), Sizes.duration(took));
            return d.name();
        }).toList();
        try (Progress progress = Progress.start("load", bytesDone::get, pending.stream()
                .mapToLong(DatabaseEntry::bytes).sum(), progressInterval, () -> times.size() + " of "
                        + pending.size() + " databases done" + (running.isEmpty() ? "" : ", loading "
                                + running.stream().sorted().collect(Collectors.joining(", "))))) {
            List<String> finished = ParallelJobs.run("pghop-database", atOnce, work);
            Map<String, Duration> inOrder = new java.util.LinkedHashMap<>();
            finished.forEach(name -> inOrder.put(name, times.get(name)));
            return inOrder;
        }
    }
}
