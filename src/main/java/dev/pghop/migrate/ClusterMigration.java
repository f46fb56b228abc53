package dev.pghop.migrate;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import dev.pghop.dump.DumpPrograms;
import dev.pghop.load.Analyze;
import dev.pghop.load.DumpFilter;
import dev.pghop.load.LoadRules;
import dev.pghop.load.LoadSettings;
import dev.pghop.load.PsqlFeed;
import dev.pghop.postgres.ClusterInventory;
import dev.pghop.postgres.ClusterInventory.DatabaseInfo;
import dev.pghop.postgres.Endpoint;
import dev.pghop.process.PgPassFile;
import dev.pghop.process.PgTools;
import dev.pghop.process.ToolProcess;
import dev.pghop.report.Progress;
import dev.pghop.report.Sizes;

/**
 * The whole cluster from the old server to the new one with no dump file. Globals first (pg_dumpall
 * --globals-only, through the load rules), then the databases, largest first: each one's schema, rows (JOBS tables
 * at once), sequences and large objects in one snapshot; its indexes and constraints (pg_restore -j) and statistics
 * are then built while the next database is copied. postgres and template1 already exist on the new server and are
 * loaded into, as pg_dumpall does; every other database is created by its dump.
 */
public final class ClusterMigration {
    private static final Logger LOG = Logger.getLogger("pghop");
    private static final Set<String> PRE_EXISTING = Set.of("postgres", "template1");
    private static final Duration EXIT_AFTER_EOF = Duration.ofSeconds(60);

    private final PgTools tools;
    private final PsqlFeed feed;
    private final LoadSettings settings;
    private final Duration progressInterval;
    private final Optional<Analyze> analyze;

    /** @param analyze rebuilds each database's statistics as soon as it is complete, while others still copy */
    public ClusterMigration(PgTools tools, LoadSettings settings, Duration progressInterval,
            Optional<Analyze> analyze) {
        this.tools = tools;
        this.feed = new PsqlFeed(tools, settings);
        this.settings = settings;
        this.progressInterval = progressInterval;
        this.analyze = analyze;
    }

    /** What moved: the rows' bytes, the time each database spent in each phase, and the globals' time. */
    public record Result(Duration globals, long bytes, List<DatabaseMigration> databases) {
        public String phaseSummary() {
            return databases.stream().map(d -> d.database() + " " + d.phases().entrySet().stream()
                    .map(e -> e.getKey() + " " + Sizes.duration(e.getValue())).collect(Collectors.joining(", ")))
                    .collect(Collectors.joining("; "));
        }
    }

    public Result run(Endpoint source, Endpoint target, ClusterInventory old, LoadRules rules, int jobs)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        copyGlobals(source, target, rules, !old.login().superuser());
        Duration globals = Duration.ofNanos(System.nanoTime() - start);
        LOG.infof("migrate: globals (roles, memberships, settings) done in %s", Sizes.duration(globals));
        AtomicLong bytes = new AtomicLong();
        ExecutorService finishers = Executors.newFixedThreadPool(jobs, daemon("pghop-post-data"));
        DumpStream dumps = new DumpStream(tools, feed);
        TableCopier copier = new TableCopier(jobs, settings, bytes);
        PostData postData = new PostData(tools, settings);
        List<DatabaseMigration> databases = old.databases().stream()
                .sorted(Comparator.comparingLong(DatabaseInfo::sizeBytes).reversed())
                .map(d -> new DatabaseMigration(d.name(), !PRE_EXISTING.contains(d.name()), dumps, copier, postData))
                .toList();
        try (Progress progress = Progress.start("migrate", bytes::get, old.totalDataBytes(), progressInterval,
                () -> databases.stream().filter(d -> !d.step().equals("waiting") && !d.step().equals("done"))
                        .map(d -> d.database() + " " + d.step()).collect(Collectors.joining(", ")))) {
            List<Future<Void>> finishing = new ArrayList<>();
            for (DatabaseMigration db : databases) {
                Path archive = db.copy(source, target, rules);
                LOG.infof("migrate: database %s: schema and rows copied", db.database());
                finishing.add(finishers.submit(() -> finish(db, target, archive, jobs)));
            }
            for (Future<Void> f : finishing) {
                await(f);
            }
        } finally {
            finishers.shutdownNow();
        }
        return new Result(globals, bytes.get(), databases);
    }

    private Void finish(DatabaseMigration db, Endpoint target, Path archive, int jobs)
            throws IOException, InterruptedException {
        db.finish(target, archive, jobs);
        if (analyze.isPresent()) {
            db.record("analyze", analyze.get().database(target, db.database()));
        }
        db.done();
        LOG.infof("migrate: database %s done", db.database());
        return null;
    }

    private void copyGlobals(Endpoint source, Endpoint target, LoadRules rules, boolean withoutRolePasswords)
            throws IOException, InterruptedException {
        try (PgPassFile pass = PgPassFile.create(List.of(source));
                ToolProcess dumpall = DumpPrograms.pgDumpall(tools, source, pass, withoutRolePasswords,
                        "--globals-only")) {
            feed.run(dumpall.stdout(), DumpFilter.forCluster(rules), target, "postgres", "the globals");
            dumpall.awaitSuccess(EXIT_AFTER_EOF);
        }
    }

    private static void await(Future<Void> f) throws IOException, InterruptedException {
        try {
            f.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().getMessage(), e.getCause());
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
