package dev.pghop.migrate;

import java.io.IOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import dev.pghop.postgres.ClusterInventory;
import dev.pghop.postgres.ClusterInventory.DatabaseInfo;
import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.PgVersion;
import dev.pghop.process.ClientPrograms;
import dev.pghop.process.ParallelJobs;
import dev.pghop.process.PgPassFile;
import dev.pghop.process.ToolProcess;
import dev.pghop.report.Progress;
import dev.pghop.report.Sizes;
import dev.pghop.restore.PsqlFeed;
import dev.pghop.restore.Statistics;
import dev.pghop.script.DumpFilter;
import dev.pghop.script.LoadRules;

/**
 * The whole cluster from the old server to the new one with no dump file. Globals first (pg_dumpall
 * --globals-only, through the load rules), then the databases, JOBS at once, largest first: each one's schema, rows
 * (JOBS tables at once, each analyzed as soon as it is in), sequences and large objects in one snapshot, then its
 * indexes and constraints (pg_restore -j). postgres and template1 already exist on the new server and are
 * loaded into, as pg_dumpall does; every other database is created by its dump.
 */
public final class ClusterMigration {
    private static final Logger LOG = Logger.getLogger("pghop");
    private static final Set<String> PRE_EXISTING = Set.of("postgres", "template1");
    private static final Duration EXIT_AFTER_EOF = Duration.ofSeconds(60);
    /** Below this much table data a database is copied as one plain pg_dump stream. */
    private static final long SMALL = 16L << 20;

    private final ClientPrograms programs;
    private final PsqlFeed feed;
    private final Duration progressInterval;
    private final boolean analyze;
    private final PgVersion pgDump;

    /**
     * @param analyze gives the new server its planner statistics: carried by pg_dump 18 and later into a new
     *        server of 18 or later, else gathered for each table as soon as its rows are in
     * @param pgDump the pg_dump that copies, which tells whether it can carry them
     */
    public ClusterMigration(ClientPrograms programs, Duration progressInterval, boolean analyze, PgVersion pgDump) {
        this.pgDump = pgDump;
        this.programs = programs;
        this.feed = new PsqlFeed(programs);
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

    /** @param newServerMajor the new server's major, which tells whether it reports its COPY progress */
    public Result run(Endpoint source, Endpoint target, ClusterInventory old, int newServerMajor, LoadRules rules,
            int jobs) throws IOException, InterruptedException {
        long start = System.nanoTime();
        copyGlobals(source, target, rules, !old.login().superuser());
        Duration globals = Duration.ofNanos(System.nanoTime() - start);
        LOG.infof("migrate: globals (roles, memberships, settings) done in %s", Sizes.duration(globals));
        AtomicLong bytes = new AtomicLong();
        DumpStream dumps = new DumpStream(programs, feed);
        Statistics statistics = Statistics.choose(analyze, Optional.of(pgDump), new PgVersion(newServerMajor, 0));
        if (statistics == Statistics.CARRY) {
            LOG.infof("migrate: pg_dump %s carries the planner statistics; only what they cannot cover is analyzed",
                    pgDump);
        }
        TableCopier copier = new TableCopier(programs, jobs, bytes, statistics.rebuilds(),
                old.version().major() >= 14, statistics != Statistics.CARRY);
        DatabaseMigration.Steps steps = new DatabaseMigration.Steps(dumps, copier, new PostData(programs),
                programs.lockWait());
        List<DatabaseMigration> databases = old.databases().stream()
                .sorted(Comparator.comparingLong(DatabaseInfo::sizeBytes).reversed())
                .map(d -> new DatabaseMigration(d.name(), d.encoding(), !PRE_EXISTING.contains(d.name()), steps))
                .toList();
        Map<String, Long> small = old.databases().stream().filter(d -> d.dataBytes() < SMALL)
                .collect(Collectors.toMap(DatabaseInfo::name, DatabaseInfo::dataBytes));
        List<ParallelJobs.Job<Void>> work = databases.stream().<ParallelJobs.Job<Void>>map(db -> () -> {
            boolean whole = small.containsKey(db.database());
            db.run(source, target, rules, jobs, statistics, whole);
            if (whole) { // its rows went by in one pg_dump stream, not table by table
                bytes.addAndGet(small.get(db.database()));
            }
            LOG.infof("migrate: database %s done", db.database());
            return null;
        }).toList();
        try (CopyProgress copied = new CopyProgress(target, bytes, newServerMajor >= 14);
                Progress progress = Progress.start("migrate", copied, old.totalDataBytes(), progressInterval,
                () -> databases.stream().filter(d -> !d.step().equals("waiting") && !d.step().equals("done"))
                        .map(d -> d.database() + " " + d.step()).collect(Collectors.joining(", ")))) {
            ParallelJobs.run("pghop-database", jobs, work);
        }
        return new Result(globals, bytes.get(), databases);
    }

    private void copyGlobals(Endpoint source, Endpoint target, LoadRules rules, boolean withoutRolePasswords)
            throws IOException, InterruptedException {
        try (PgPassFile pass = PgPassFile.create(List.of(source));
                ToolProcess dumpall = programs.pgDumpall(source, pass, withoutRolePasswords
                        ? List.of("--globals-only", "--no-role-passwords") : List.of("--globals-only"))
                        .stdout(ToolProcess.Stdout.PIPE).start()) {
            feed.run(dumpall.stdout(), DumpFilter.forCluster(rules), target, "postgres", "the globals");
            dumpall.awaitSuccess(EXIT_AFTER_EOF);
        }
    }
}
