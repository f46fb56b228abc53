package dev.pghop.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import org.jboss.logging.Logger;

import dev.pghop.config.DumpFormat;
import dev.pghop.config.DumpSettings;
import dev.pghop.config.Environment;
import dev.pghop.dump.ClusterDump;
import dev.pghop.dump.DirectoryStore;
import dev.pghop.dump.DumpDirectoryLock;
import dev.pghop.dump.DumpManifest;
import dev.pghop.dump.DumpProvenance;
import dev.pghop.dump.DumpState;
import dev.pghop.dump.DumpStore;
import dev.pghop.postgres.ClusterInventory;
import dev.pghop.postgres.CopyGuard;
import dev.pghop.postgres.PgVersion;
import dev.pghop.report.PghopException;
import dev.pghop.report.Sizes;
import picocli.CommandLine.Command;

@Command(name = "dump", mixinStandardHelpOptions = true,
        description = {"Dumps the whole old cluster (roles, databases, data) with pg_dumpall into "
                + "$PGDUMP_PATH/pg_dumpall.sql, with a manifest holding its SHA-256.",
                "A complete dump already there is kept and the dump skipped; an empty, cut-short or altered one is "
                        + "renamed to *.failed-<time> and dumped again.",
                "With DUMP_FORMAT=directory: globals.sql, then each database with pg_dump --format=directory into "
                        + "$PGDUMP_PATH/databases/, JOBS at once; each finished database is kept by a rerun.",
                "Run it in the OLD major's image (pghop:<version>-pg<old major>), as the dump-load Job does: its "
                        + "pg_dumpall must not be older than the old server, nor newer than the new one."})
public class DumpCommand implements Callable<Integer> {
    private static final Logger LOG = Logger.getLogger("pghop");

    private DumpSteps steps;
    private DumpStore store;

    @Override
    public Integer call() throws Exception {
        readInput();
        try (DumpDirectoryLock lock = DumpDirectoryLock.acquire(steps.dir(), "dump", Clock.systemUTC())) {
            return steps.settings().format() == DumpFormat.DIRECTORY
                    ? new DirectoryFormatDump(steps, new DirectoryStore(steps.dir(), Clock.systemUTC())).run()
                    : dumpPlain();
        }
    }

    private int dumpPlain() throws IOException, InterruptedException {
        DumpState state = inspectExistingDump();
        if (state instanceof DumpState.Complete complete) {
            return skip(complete);
        }
        PgVersion toolVersion = steps.tools().version("pg_dumpall");
        ClusterInventory facts = steps.readOldServer("pg_dumpall", toolVersion);
        steps.checkBeforeWriting(facts, toolVersion);
        moveAsideIfIncomplete(state);
        CopyGuard guard = steps.guardCopy("the dump");
        DumpManifest manifest = dump(facts, toolVersion);
        return steps.success(summary(facts, manifest) + guard.afterCopy());
    }

    /** "dumped 428.0 MB from the old server ... in 4.5 s (95.1 MB/s) to .../pg_dumpall.sql, sha256 ...". */
    private String summary(ClusterInventory facts, DumpManifest manifest) {
        Duration took = Duration.between(manifest.startedAt(), manifest.finishedAt());
        return "dumped " + Sizes.bytes(manifest.bytes()) + " from the " + steps.source() + " (PostgreSQL "
                + facts.versionText() + ") in " + Sizes.duration(took) + " (" + Sizes.rate(manifest.bytes(), took)
                + ") to " + store.dumpFile() + ", sha256 " + manifest.sha256();
    }

    private void readInput() {
        steps = new DumpSteps(DumpSettings.read(Environment.ofProcess()));
        store = new DumpStore(steps.dir(), Clock.systemUTC());
    }

    private DumpState inspectExistingDump() {
        try {
            return store.inspect();
        } catch (IOException e) {
            throw PghopException.dumpFailed("cannot read the existing dump in " + store.dumpFile().getParent()
                    + ": " + e.getMessage(), e);
        }
    }

    private int skip(DumpState.Complete complete) throws IOException {
        DumpProvenance provenance = complete.fromScript() ? DumpProvenance.untraced(complete.file())
                : DumpProvenance.of(complete.manifest());
        return steps.success("skipped: " + steps.keepExisting(complete.file() + " (" + Sizes.bytes(complete.bytes())
                + ")", provenance));
    }

    private void moveAsideIfIncomplete(DumpState state) {
        if (state instanceof DumpState.Incomplete incomplete) {
            try {
                List<Path> moved = store.moveAside();
                LOG.warnf("the dump in %s cannot be trusted: %s; moved it aside to %s and dumping again",
                        store.dumpFile().getParent(), incomplete.reason(), moved);
            } catch (IOException e) {
                throw PghopException.dumpFailed("cannot move the untrustworthy dump aside in "
                        + store.dumpFile().getParent() + ": " + e.getMessage(), e);
            }
        }
    }

    private DumpManifest dump(ClusterInventory facts, PgVersion toolVersion) throws InterruptedException {
        LOG.infof("dumping the %s into %s", steps.source(), store.partialFile());
        ClusterDump dump = new ClusterDump(steps.programs(), steps.settings().progressInterval(), Clock.systemUTC(),
                PghopVersion.current());
        try {
            return dump.run(steps.source(), facts, toolVersion, store);
        } catch (IOException e) {
            keepFailedPartial();
            throw PghopException.dumpFailed("while dumping the " + steps.source() + ": " + e.getMessage()
                    + ". The partial dump was kept aside; run `pghop dump` again once the cause is fixed", e);
        }
    }

    private void keepFailedPartial() {
        try {
            LOG.warnf("kept the failed dump for inspection as %s", store.moveAside());
        } catch (IOException e) {
            LOG.warnf("cannot move the failed dump aside: %s", e.getMessage());
        }
    }

}
