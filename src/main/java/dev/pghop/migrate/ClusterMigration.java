package dev.pghop.migrate;

import java.io.IOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import dev.pghop.dump.DumpPrograms;
import dev.pghop.load.DumpFilter;
import dev.pghop.load.LoadRules;
import dev.pghop.load.PsqlFeed;
import dev.pghop.postgres.ClusterInventory;
import dev.pghop.postgres.ClusterInventory.DatabaseInfo;
import dev.pghop.postgres.Endpoint;
import dev.pghop.process.PgPassFile;
import dev.pghop.process.ParallelJobs;
import dev.pghop.process.PgTools;
import dev.pghop.process.ToolProcess;
import dev.pghop.report.Progress;
import dev.pghop.report.Sizes;

/**
 * The whole cluster from the old server to the new one with no dump file: globals first (pg_dumpall
 * --globals-only), then every database as its own pg_dump stream, up to JOBS of them at once, largest first.
 * postgres and template1 already exist on the new server and are loaded into, as pg_dumpall does; every other
 * database is created by its dump.
 */
public final class ClusterMigration {
    private static final Logger LOG = Logger.getLogger("pghop");
    private static final Set<String> PRE_EXISTING = Set.of("postgres", "template1");
    private static final Duration EXIT_AFTER_EOF = Duration.ofSeconds(60);

    private final PgTools tools;
    private final PsqlFeed feed;
    private final Duration progressInterval;

    public ClusterMigration(PgTools tools, PsqlFeed feed, Duration progressInterval) {
        this.tools = tools;
        this.feed = feed;
        this.progressInterval = progressInterval;
    }

    /** What moved: every database's bytes, CRC and phase times, plus the time the globals took. */
    public record Result(Duration globals, List<DatabaseCopy.Result> databases) {
        public long bytes() {
            return databases.stream().mapToLong(DatabaseCopy.Result::bytes).sum();
        }

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
        List<DatabaseCopy> copies = old.databases().stream()
                .sorted(Comparator.comparingLong(DatabaseInfo::sizeBytes).reversed())
                .map(d -> new DatabaseCopy(tools, feed, d.name(), !PRE_EXISTING.contains(d.name()))).toList();
        try (Progress progress = Progress.start("migrate", () -> copies.stream().mapToLong(DatabaseCopy::bytes).sum(),
                old.totalDataBytes(), progressInterval, () -> copies.stream().filter(c -> !c.phase().equals("waiting"))
                        .map(c -> c.database() + " " + c.phase()).collect(Collectors.joining(", ")))) {
            return new Result(globals, copyDatabases(source, target, rules, copies, jobs));
        }
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

    /** Up to {@code jobs} databases at once; the first failure stops the others and is reported. */
    private static List<DatabaseCopy.Result> copyDatabases(Endpoint source, Endpoint target, LoadRules rules,
            List<DatabaseCopy> copies, int jobs) throws IOException, InterruptedException {
        List<ParallelJobs.Job<DatabaseCopy.Result>> work = copies.stream().<ParallelJobs.Job<DatabaseCopy.Result>>map(
                copy -> () -> {
                    DatabaseCopy.Result r = copy.run(source, target, rules);
                    LOG.infof("migrate: database %s done, %s (crc32c %s)", r.database(), Sizes.bytes(r.bytes()),
                            r.crc32c());
                    return r;
                }).toList();
        return ParallelJobs.run("pghop-database", jobs, work);
    }
}
