package dev.pghop.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import dev.pghop.dump.DirectoryManifest;
import dev.pghop.dump.DirectoryState;
import dev.pghop.dump.DirectoryStore;
import dev.pghop.dump.DumpStore;
import dev.pghop.load.DirectoryLoad;
import dev.pghop.load.LoadState;
import dev.pghop.postgres.ClusterInventory;
import dev.pghop.postgres.ClusterInventory.DatabaseInfo;
import dev.pghop.postgres.InventoryReader;
import dev.pghop.postgres.PgVersion;
import dev.pghop.report.Interruption;
import dev.pghop.report.PghopException;
import dev.pghop.report.ResetAdvice;
import dev.pghop.report.Sizes;
import dev.pghop.script.LoadRules;

/**
 * `pghop load` with DUMP_FORMAT=directory: the whole dump checked against its manifest and markers, the new server
 * checked, then globals.sql and each database with pg_restore, JOBS at once, every step recorded in load-state.json
 * so that a rerun against the same server goes on where this one stopped.
 */
final class DirectoryFormatLoad {
    private static final Logger LOG = Logger.getLogger("pghop");

    private final LoadSteps steps;
    private final DirectoryStore store;
    private final DumpStore plainStore;

    DirectoryFormatLoad(LoadSteps steps, DirectoryStore store, DumpStore plainStore) {
        this.steps = steps;
        this.store = store;
        this.plainStore = plainStore;
    }

    int run() throws InterruptedException {
        DirectoryState.Complete dump = requireCompleteDump();
        DirectoryManifest manifest = dump.manifest();
        ClusterInventory fresh = InventoryReader.read(steps.target());
        PgVersion psql = steps.tools().version("psql");
        LOG.infof("new server: PostgreSQL %s; psql %s; pg_restore %s", fresh.versionText(), psql,
                steps.tools().version("pg_restore"));
        LoadState state = LoadState.resumeOrStart(store.dir(), fresh.systemIdentifier(), dump.manifestSha256(),
                fresh.databases().stream().map(DatabaseInfo::name).collect(Collectors.toSet()));
        steps.checkBeforeLoading(Optional.of(manifest.source()), Optional.of(manifest.dumpToolVersion()), fresh,
                psql, state.resumed() ? "resuming the load recorded in " + LoadState.FILE + ": "
                        + state.doneDatabases().size() + " of " + manifest.databases().size() + " databases done"
                        : null);
        LoadRules rules = steps.rules(fresh, state.preExisting(), psql, Optional.of(manifest.dumpToolVersion()));
        Interruption.leaves("the new server holds what this run loaded, recorded in " + LoadState.FILE + ": run"
                + " `pghop load` again to go on where it stopped");
        long start = System.nanoTime();
        DirectoryLoad.Result done = load(manifest, fresh, rules, state);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        return steps.finish(summary(manifest, fresh, done, took), rules);
    }

    /** "loaded 4 of 6 databases (... loaded by an earlier run) from ... into the ... in 9.3 s: globals 0.2 s, ...". */
    private String summary(DirectoryManifest manifest, ClusterInventory fresh, DirectoryLoad.Result done,
            Duration took) {
        return "loaded " + done.loaded().size() + " of " + manifest.databases().size() + " databases"
                + (done.skipped().isEmpty() ? "" : " (" + String.join(", ", done.skipped()) + " loaded by an earlier"
                        + " run)") + " from " + store.dir() + " (directory format, " + Sizes.bytes(manifest.bytes())
                + ") into the " + steps.target() + " (PostgreSQL " + fresh.versionText() + ") in "
                + Sizes.duration(took) + ": globals " + (done.globals() == null ? "loaded by an earlier run"
                        : Sizes.duration(done.globals())) + done.loaded().entrySet().stream()
                                .map(e -> ", " + e.getKey() + " " + Sizes.duration(e.getValue()))
                                .collect(Collectors.joining());
    }

    /** The manifest and every part's marker, each file re-hashed, before the new server is touched. */
    private DirectoryState.Complete requireCompleteDump() {
        DirectoryState state;
        try {
            LOG.infof("checking the dump in %s against its manifest and markers", store.dir());
            state = store.inspect();
        } catch (IOException e) {
            throw PghopException.refused("cannot read the dump in " + store.dir() + ": " + e.getMessage());
        }
        return switch (state) {
            case DirectoryState.Complete complete -> complete;
            case DirectoryState.Absent absent -> throw PghopException.refused(Files.exists(plainStore.dumpFile())
                    ? "DUMP_FORMAT=directory, but " + store.dir() + " holds a plain dump (" + DumpStore.DUMP_FILE
                            + ") and no " + DirectoryStore.MANIFEST_FILE + ". Unset DUMP_FORMAT (or set"
                            + " DUMP_FORMAT=plain) to load it."
                    : "there is no dump to load: " + store.dir() + " holds no " + DirectoryStore.MANIFEST_FILE
                            + ". Run `pghop dump` with DUMP_FORMAT=directory first, with the same PGDUMP_PATH"
                            + " volume.");
            case DirectoryState.Incomplete incomplete -> throw PghopException.refused("the dump in " + store.dir()
                    + " cannot be trusted: " + String.join("; ", incomplete.problems()) + ". Nothing was loaded."
                    + " Run `pghop dump` again with DUMP_FORMAT=directory: it moves what cannot be trusted aside and"
                    + " dumps only that again.");
        };
    }

    private DirectoryLoad.Result load(DirectoryManifest manifest, ClusterInventory fresh, LoadRules rules,
            LoadState state) throws InterruptedException {
        LOG.infof("loading %d databases (%s) from %s into the %s, JOBS=%d", manifest.databases().size(),
                Sizes.bytes(manifest.bytes()), store.dir(), steps.target(), steps.settings().jobs());
        try {
            state.begin(Clock.systemUTC()).ifPresent(moved -> LOG.warnf("moved the earlier %s aside to %s",
                    LoadState.FILE, moved));
            return new DirectoryLoad(steps.programs(), steps.settings().progressInterval())
                    .run(store, manifest, steps.target(), fresh.version(), rules, state, steps.settings().jobs(),
                            steps.statistics());
        } catch (IOException e) {
            throw PghopException.loadFailed("while loading into the " + steps.target() + ": " + e.getMessage()
                    + ". What was loaded completely is recorded in " + state.file() + ": fix the cause and run"
                    + " `pghop load` again to go on from there, or reset the new server (" + ResetAdvice.HOW + ") to"
                    + " start afresh.", e);
        }
    }
}
