package dev.pghop.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import dev.pghop.config.DumpFormat;
import dev.pghop.config.Environment;
import dev.pghop.config.LoadSettings;
import dev.pghop.dump.DirectoryStore;
import dev.pghop.dump.DumpDirectoryLock;
import dev.pghop.dump.DumpManifest;
import dev.pghop.dump.DumpState;
import dev.pghop.dump.DumpStore;
import dev.pghop.load.ClusterLoad;
import dev.pghop.postgres.ClusterInventory;
import dev.pghop.postgres.ClusterInventory.DatabaseInfo;
import dev.pghop.postgres.InventoryReader;
import dev.pghop.postgres.PgVersion;
import dev.pghop.report.Interruption;
import dev.pghop.report.PghopException;
import dev.pghop.report.ResetAdvice;
import dev.pghop.report.Sizes;
import dev.pghop.restore.TargetWrites;
import dev.pghop.script.LoadRules;
import dev.pghop.script.ScriptMap;
import picocli.CommandLine.Command;

@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Loads $PGDUMP_PATH/pg_dumpall.sql into the new, empty server with psql, stopping at the "
                + "first error: the globals, then JOBS psql sessions at once, the databases side by side and the "
                + "table data of a large one in several parts.",
                "The dump's size and CRC-32C are checked against its manifest before the new server is touched. "
                        + "Roles that already exist there are not created again, and the role pghop loads as keeps "
                        + "its own password.",
                "With DUMP_FORMAT=directory: globals.sql, then each database with pg_restore, JOBS at once; a rerun "
                        + "against the same new server goes on where the last one stopped (load-state.json).",
                "Run it in the NEW major's image: its psql must not be older than the new server."})
public class LoadCommand implements Callable<Integer> {
    private static final Logger LOG = Logger.getLogger("pghop");

    private LoadSteps steps;
    private DumpStore store;
    private DirectoryStore directoryStore;
    private ScriptMap map;

    @Override
    public Integer call() throws Exception {
        readInput();
        // A volume mounted read-only cannot be written by a dump either, so there is nothing to lock it against.
        Path dir = store.dumpFile().getParent();
        try (DumpDirectoryLock lock = java.nio.file.Files.isWritable(dir)
                ? DumpDirectoryLock.acquire(dir, "load", Clock.systemUTC()) : null) {
            return steps.settings().format() == DumpFormat.DIRECTORY
                    ? new DirectoryFormatLoad(steps, directoryStore, store).run()
                    : loadPlain();
        }
    }

    private int loadPlain() throws InterruptedException {
        Supplier<ClusterInventory> newServer = InventoryReader.readAhead(steps.target());
        DumpState.Complete dump = requireCompleteDump();
        ClusterInventory facts = newServer.get();
        PgVersion psql = steps.tools().version("psql");
        LOG.infof("new server: PostgreSQL %s; psql %s", facts.versionText(), psql);
        steps.checkBeforeLoading(dump.fromScript() ? steps.source().map(InventoryReader::read)
                : Optional.of(dump.manifest().source()), Optional.ofNullable(dump.manifest())
                        .map(DumpManifest::dumpToolVersion), facts, psql, null);
        LoadRules rules = steps.rules(facts, facts.databases().stream().map(DatabaseInfo::name)
                .collect(Collectors.toSet()), psql, Optional.ofNullable(dump.manifest())
                        .map(DumpManifest::dumpToolVersion));
        Duration took = load(dump, rules, facts);
        return steps.finish(summary(dump, facts, took), rules);
    }

    /** "loaded 428.0 MB from .../pg_dumpall.sql into the new server ... in 9.1 s (47.0 MB/s)". */
    private String summary(DumpState.Complete dump, ClusterInventory facts, Duration took) {
        return "loaded " + Sizes.bytes(dump.bytes()) + " from " + dump.file() + " into the " + steps.target()
                + " (PostgreSQL " + facts.versionText() + ") in " + Sizes.duration(took) + " ("
                + Sizes.rate(dump.bytes(), took) + ")";
    }

    private void readInput() {
        steps = new LoadSteps(LoadSettings.read(Environment.ofProcess()));
        Path dir = steps.settings().dumpDirectory();
        store = new DumpStore(dir, Clock.systemUTC());
        directoryStore = new DirectoryStore(dir, Clock.systemUTC());
    }

    /** The dump, checked against its manifest; its map is read on the way, into {@link #map}. */
    private DumpState.Complete requireCompleteDump() {
        DumpState state;
        try {
            LOG.infof("checking %s against its manifest", store.dumpFile());
            state = store.inspect(in -> map = ScriptMap.of(in));
        } catch (IOException e) {
            throw PghopException.refused("cannot read the dump " + store.dumpFile() + ": " + e.getMessage());
        }
        return switch (state) {
            case DumpState.Complete complete -> complete;
            case DumpState.Absent absent -> throw PghopException.refused(directoryStore.holdsAnyPart()
                    ? "there is no " + DumpStore.DUMP_FILE + " in " + directoryStore.dir() + ", but a directory-format"
                            + " dump (" + DirectoryStore.MANIFEST_FILE + ", " + DirectoryStore.DATABASES_DIR
                            + "/) is there. Set DUMP_FORMAT=directory to load it."
                    : "there is no dump to load: " + store.dumpFile() + " does not exist. Run `pghop dump` first,"
                            + " with the same PGDUMP_PATH volume.");
            case DumpState.Incomplete incomplete -> throw PghopException.refused("the dump in "
                    + store.dumpFile().getParent() + " cannot be trusted: " + incomplete.reason()
                    + ". Nothing was loaded. Run `pghop dump` again: it moves this one aside and dumps afresh.");
        };
    }

    /** @param before what the new server held before the load */
    private Duration load(DumpState.Complete dump, LoadRules rules, ClusterInventory before)
            throws InterruptedException {
        LOG.infof("loading %s (%s) into the %s", dump.file(), Sizes.bytes(dump.bytes()), steps.target());
        Interruption.leaves("the new server may hold a partial load: " + ResetAdvice.before("pghop load"));
        long start = System.nanoTime();
        try {
            Map<String, Duration> phases = new ClusterLoad(steps.programs(),
                    steps.settings().progressInterval(), steps.settings().jobs()).run(dump.file(), dump.bytes(), map,
                            steps.target(), rules, steps.statistics());
            LOG.infof("load phases: %s", phases.entrySet().stream()
                    .map(p -> p.getKey() + " " + Sizes.duration(p.getValue())).collect(Collectors.joining(", ")));
        } catch (IOException e) {
            throw PghopException.loadFailed("while loading into the " + steps.target() + ": " + e.getMessage() + "."
                    + TargetWrites.advice(steps.target(), before, "a partial load", "pghop load"), e);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
