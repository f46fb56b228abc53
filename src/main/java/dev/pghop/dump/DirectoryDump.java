package dev.pghop.dump;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import dev.pghop.postgres.ClusterInventory;
import dev.pghop.postgres.ClusterInventory.DatabaseInfo;
import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.PgVersion;
import dev.pghop.process.ClientPrograms;
import dev.pghop.process.ParallelJobs;
import dev.pghop.process.PgPassFile;
import dev.pghop.process.ToolFailedException;
import dev.pghop.process.ToolProcess;
import dev.pghop.report.Progress;
import dev.pghop.report.Sizes;

/**
 * The directory format's dump: the globals with pg_dumpall --globals-only into globals.sql, then every database with
 * pg_dump --format=directory into its own directory, several at once, largest first. Each part gets its completion
 * marker once it is on disk. A database an earlier run finished is kept, and said so with its time; one that cannot
 * be trusted is moved aside and dumped again. The globals are dumped on every run: they are small, and roles or
 * grants made since an earlier run would otherwise be missing under the databases dumped now. The manifest, written
 * last, makes the dump complete.
 */
public final class DirectoryDump {
    private static final Logger LOG = Logger.getLogger("pghop");
    /** pg_dumpall and pg_dump create these databases' contents, not the databases (they exist everywhere). */
    private static final Set<String> PRE_EXISTING = Set.of("postgres", "template1");
    private static final Duration EXIT_AFTER_EOF = Duration.ofSeconds(60);
    /** Dumping even a large database takes hours; a week bounds a server that hangs. */
    private static final Duration DATABASE_BOUND = Duration.ofDays(7);

    private final ClientPrograms programs;
    private final Duration progressInterval;
    private final Clock clock;
    private final String pghopVersion;

    public DirectoryDump(ClientPrograms programs, Duration progressInterval, Clock clock, String pghopVersion) {
        this.programs = programs;
        this.progressInterval = progressInterval;
        this.clock = clock;
        this.pghopVersion = pghopVersion;
    }

    /**
     * What the run did.
     *
     * @param dumped time each database dumped by this run took
     * @param kept databases finished by an earlier run, with when that run dumped them
     */
    public record Result(DirectoryManifest manifest, Map<String, Duration> dumped, Map<String, Instant> kept) {
    }

    /** Dumps every part not finished yet; on failure the finished parts stay, each with its marker. */
    public Result run(Endpoint source, ClusterInventory old, PgVersion toolVersion, DirectoryStore store, int jobs)
            throws IOException, InterruptedException {
        Instant started = clock.instant();
        String suffix = store.failedSuffix();
        store.moveAsideManifest().ifPresent(m -> LOG.warnf("moved the manifest aside to %s: it no longer matches"
                + " what is there", m));
        PartMarker globals = dumpGlobals(source, old, store.globals(), toolVersion);
        Map<String, PartMarker> done = new ConcurrentHashMap<>();
        List<String> pending = new ArrayList<>();
        for (DatabaseInfo db : old.databases().stream()
                .sorted(Comparator.comparingLong(DatabaseInfo::sizeBytes).reversed()).toList()) {
            PartMarker earlier = keptOrNull(store.database(db.name()), suffix, old, toolVersion);
            if (earlier != null) {
                done.put(db.name(), earlier);
            } else {
                pending.add(db.name());
            }
        }
        Map<String, Instant> finishedEarlier = new java.util.TreeMap<>();
        done.forEach((name, marker) -> finishedEarlier.put(name, marker.finishedAt()));
        Map<String, Duration> dumped = dumpDatabases(source, old, toolVersion, store, pending, jobs, done);
        List<DirectoryManifest.DatabaseEntry> entries = old.databases().stream()
                .map(d -> new DirectoryManifest.DatabaseEntry(d.name(), DirectoryStore.directoryName(d.name()),
                        done.get(d.name()).bytes())).toList();
        DirectoryManifest manifest = new DirectoryManifest(source.address(), old, toolVersion,
                globals.files().get(0), entries, started, clock.instant(), pghopVersion);
        store.publish(manifest);
        return new Result(manifest, dumped, finishedEarlier);
    }

    /**
     * The marker of a part an earlier run finished, when it belongs with this dump; null after moving a part that
     * cannot be trusted, or that comes from another cluster or pg_dump major, aside.
     */
    private static PartMarker keptOrNull(DumpPart part, String suffix, ClusterInventory old, PgVersion toolVersion)
            throws IOException {
        PartState state = part.state();
        if (state instanceof PartState.Done done) {
            Optional<String> foreign = done.marker().foreignTo(old.systemIdentifier(), toolVersion);
            if (foreign.isEmpty()) {
                LOG.infof("%s: finished by an earlier run (%d file(s), %s, each matching its marker); kept",
                        part.label(), done.marker().files().size(), Sizes.bytes(done.marker().bytes()));
                return done.marker();
            }
            state = new PartState.Untrusted(foreign.get());
        }
        if (state instanceof PartState.Untrusted untrusted) {
            LOG.warnf("%s cannot be trusted: %s; moved it aside to %s and dumping it again", part.label(),
                    untrusted.reason(), part.moveAside(suffix));
        }
        return null;
    }

    /** The globals of now, replacing an earlier run's (they hold password hashes: no copy of them is kept). */
    private PartMarker dumpGlobals(Endpoint source, ClusterInventory old, DumpPart part, PgVersion toolVersion)
            throws IOException, InterruptedException {
        PartState earlier = part.state();
        if (earlier instanceof PartState.Done done) {
            Files.delete(part.marker());
            Files.delete(part.content());
            LOG.infof("globals: dumping them again, in place of those an earlier run dumped at %s: roles and grants"
                    + " may have changed since", done.marker().finishedAt());
        } else if (earlier instanceof PartState.Untrusted untrusted) {
            Files.deleteIfExists(part.marker());
            Files.deleteIfExists(part.content());
            LOG.warnf("globals cannot be trusted: %s; deleted them (they hold password hashes, and nothing in them"
                    + " is kept: they are dumped again now)", untrusted.reason());
        }
        Instant started = clock.instant();
        List<String> options = new ArrayList<>(List.of("--globals-only"));
        if (!old.login().superuser()) {
            options.add("--no-role-passwords");
        }
        try (PgPassFile pass = PgPassFile.create(List.of(source));
                ToolProcess dumpall = programs.pgDumpall(source, pass, options).stdout(ToolProcess.Stdout.PIPE)
                        .start()) {
            new StreamCopy().copyOutput(dumpall, part.content(), EXIT_AFTER_EOF);
        }
        PartMarker marker = part.finish(old.systemIdentifier(), "pg_dumpall", toolVersion, started, clock.instant());
        LOG.infof("globals (roles, memberships, role settings) dumped: %s", Sizes.bytes(marker.bytes()));
        return marker;
    }

    /**
     * min(JOBS, databases) databases at once, each pg_dump with JOBS / that many jobs of its own, so JOBS sessions
     * work on the old server in all.
     */
    private Map<String, Duration> dumpDatabases(Endpoint source, ClusterInventory old, PgVersion toolVersion,
            DirectoryStore store, List<String> pending, int jobs, Map<String, PartMarker> done)
            throws IOException, InterruptedException {
        if (pending.isEmpty()) {
            return Map.of();
        }
        int atOnce = Math.min(jobs, pending.size());
        int each = Math.max(1, jobs / atOnce);
        int total = old.databases().size();
        LOG.infof("dumping %d of %d databases, %d at once with %d pg_dump job(s) each, largest first: %s",
                pending.size(), total, atOnce, each, String.join(", ", pending));
        Files.createDirectories(store.database(pending.get(0)).content().getParent());
        Set<String> running = ConcurrentHashMap.newKeySet();
        Map<String, Duration> times = new ConcurrentHashMap<>();
        List<ParallelJobs.Job<String>> work = pending.stream().<ParallelJobs.Job<String>>map(name -> () -> {
            running.add(name);
            long start = System.nanoTime();
            done.put(name, dumpDatabase(source, old, toolVersion, store.database(name), each));
            times.put(name, Duration.ofNanos(System.nanoTime() - start));
            running.remove(name);
            return name;
        }).toList();
        try (Progress progress = Progress.start("dump", () -> done.values().stream().mapToLong(PartMarker::bytes)
                .sum() + running.stream().mapToLong(n -> store.database(n).bytesOnDisk()).sum(), 0, progressInterval,
                () -> done.size() + " of " + total + " databases done" + (running.isEmpty() ? ""
                        : ", dumping " + running.stream().sorted().collect(Collectors.joining(", ")))
                        + "; the old cluster holds about " + Sizes.bytes(old.totalDataBytes()) + " of table data")
                .warnWhenStalled()) {
            ParallelJobs.run("pghop-database", atOnce, work);
        }
        return times;
    }

    private PartMarker dumpDatabase(Endpoint source, ClusterInventory old, PgVersion toolVersion, DumpPart part,
            int jobs)
            throws IOException, InterruptedException {
        Instant started = clock.instant();
        // Uncompressed: on the few cores of a Job, gzip would cost more time than the disk saves.
        List<String> options = new ArrayList<>(List.of("--format=directory", "--compress=0", "--jobs=" + jobs,
                "--file=" + part.content()));
        if (toolVersion.carriesStatistics()) {
            options.add("--statistics");
        }
        if (!PRE_EXISTING.contains(part.database())) {
            options.add("--create");
        }
        try (PgPassFile pass = PgPassFile.create(List.of(source));
                ToolProcess pgDump = programs.pgDump(source, part.database(), pass, options).start()) {
            pgDump.awaitSuccess(DATABASE_BOUND);
        } catch (ToolFailedException e) {
            throw new IOException(part.label() + ": " + e.getMessage(), e);
        }
        PartMarker marker = part.finish(old.systemIdentifier(), "pg_dump", toolVersion, started, clock.instant());
        LOG.infof("%s dumped: %d file(s), %s", part.label(), marker.files().size(), Sizes.bytes(marker.bytes()));
        return marker;
    }
}
