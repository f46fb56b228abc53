package dev.pghop.cli;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import dev.pghop.dump.DirectoryDump;
import dev.pghop.dump.DirectoryState;
import dev.pghop.dump.DirectoryStore;
import dev.pghop.dump.DumpProvenance;
import dev.pghop.postgres.ClusterInventory;
import dev.pghop.postgres.CopyGuard;
import dev.pghop.postgres.PgVersion;
import dev.pghop.report.PghopException;
import dev.pghop.report.Sizes;

/**
 * `pghop dump` with DUMP_FORMAT=directory: skipped when a complete dump is there; else, after the dump's checks,
 * the globals and every database not finished by an earlier run, JOBS at once, and the manifest last.
 */
final class DirectoryFormatDump {
    private static final Logger LOG = Logger.getLogger("pghop");

    private final DumpSteps steps;
    private final DirectoryStore store;

    DirectoryFormatDump(DumpSteps steps, DirectoryStore store) {
        this.steps = steps;
        this.store = store;
    }

    int run() throws InterruptedException {
        DirectoryState state = inspectExistingDump();
        if (state instanceof DirectoryState.Complete complete) {
            return skip(complete);
        }
        PgVersion toolVersion = steps.tools().version("pg_dump");
        ClusterInventory facts = steps.readOldServer("pg_dump", toolVersion);
        steps.checkBeforeWriting(facts, toolVersion);
        if (state instanceof DirectoryState.Incomplete incomplete) {
            LOG.warnf("the dump in %s is not complete: %s. What matches its marker is kept; the rest is moved aside"
                    + " and dumped again", store.dir(), String.join("; ", incomplete.problems()));
        }
        CopyGuard guard = steps.guardCopy("the dump");
        DirectoryDump.Result done = dump(facts, toolVersion);
        return steps.success(summary(facts, done) + guard.afterCopy());
    }

    /** "dumped 2 of 6 databases and the globals ... in 3.1 s to ... (directory format, ...): app 1.2 s, ...". */
    private String summary(ClusterInventory facts, DirectoryDump.Result done) {
        Duration took = Duration.between(done.manifest().startedAt(), done.manifest().finishedAt());
        return "dumped " + done.dumped().size() + " of " + facts.databases().size() + " databases and the globals"
                + keptEarlier(done) + " from the " + steps.source() + " (PostgreSQL " + facts.versionText() + ") in "
                + Sizes.duration(took) + " to " + store.dir() + " (directory format, "
                + Sizes.bytes(done.manifest().bytes()) + " in all)" + done.dumped().entrySet().stream()
                        .map(e -> e.getKey() + " " + Sizes.duration(e.getValue()))
                        .collect(Collectors.joining(", ", done.dumped().isEmpty() ? "" : ": ", ""));
    }

    /**
     * The databases kept from earlier runs, each with its time: this dump then pairs parts taken at different times,
     * and writes made to a kept database since are not in it.
     */
    private String keptEarlier(DirectoryDump.Result done) {
        if (done.kept().isEmpty()) {
            return "";
        }
        Instant now = Instant.now();
        String kept = done.kept().entrySet().stream().map(e -> e.getKey() + " from " + e.getValue() + " ("
                + Sizes.age(Duration.between(e.getValue(), now)) + " ago)").collect(Collectors.joining(", "));
        LOG.warnf("kept databases an earlier run dumped: %s. Writes made to them since then are not in this dump;"
                + " move their parts away (databases/<name> and its .done.json) to dump them afresh", kept);
        return " (kept from an earlier run: " + kept + ")";
    }

    private DirectoryState inspectExistingDump() {
        try {
            return store.inspect();
        } catch (IOException e) {
            throw PghopException.dumpFailed("cannot read the existing dump in " + store.dir() + ": "
                    + e.getMessage(), e);
        }
    }

    private int skip(DirectoryState.Complete complete) {
        String reason = steps.keepExisting("the directory-format dump in " + store.dir() + " ("
                + complete.manifest().databases().size() + " databases, " + Sizes.bytes(complete.manifest().bytes())
                + ", every file matching its marker)", DumpProvenance.of(complete.manifest()));
        return steps.success("skipped: " + reason);
    }

    private DirectoryDump.Result dump(ClusterInventory facts, PgVersion toolVersion) throws InterruptedException {
        int jobs = steps.settings().jobs();
        LOG.infof("dumping the %s into %s, directory format, JOBS=%d", steps.source(), store.dir(), jobs);
        try {
            return new DirectoryDump(steps.programs(), steps.settings().progressInterval(), Clock.systemUTC(),
                    PghopVersion.current()).run(steps.source(), facts, toolVersion, store, jobs);
        } catch (IOException e) {
            throw PghopException.dumpFailed("while dumping the " + steps.source() + ": " + e.getMessage() + ". Each"
                    + " database dumped completely is kept with its marker; run `pghop dump` again once the cause"
                    + " is fixed: it dumps only the rest", e);
        }
    }
}
