package dev.pghop.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.pghop.config.Env;
import dev.pghop.config.PghopEnv;
import dev.pghop.config.PghopEnv.Var;
import dev.pghop.dump.DumpState;
import dev.pghop.dump.DumpStore;
import dev.pghop.load.Analyze;
import dev.pghop.load.ClusterLoad;
import dev.pghop.load.LoadRules;
import dev.pghop.passwords.PasswordStep;
import dev.pghop.plan.Finding;
import dev.pghop.plan.Preflight;
import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.ClusterInventory;
import dev.pghop.postgres.ClusterInventory.DatabaseInfo;
import dev.pghop.postgres.ClusterInventory.RoleInfo;
import dev.pghop.postgres.InventoryReader;
import dev.pghop.postgres.PgVersion;
import dev.pghop.process.PgTools;
import dev.pghop.report.Outcome;
import dev.pghop.report.PghopException;
import dev.pghop.report.Sizes;
import picocli.CommandLine.Command;

@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Loads $PGDUMP_PATH/pg_dumpall.sql into the new, empty server with psql, stopping at the "
                + "first error.",
                "The dump's size and SHA-256 are checked against its manifest before the new server is touched. "
                        + "Roles that already exist there are not created again, and the role pghop loads as keeps "
                        + "its own password."})
public class LoadCommand implements Callable<Integer> {
    private static final Logger LOG = Logger.getLogger("pghop");

    @Inject
    PghopEnv rawEnv;

    private Env env;
    private DumpStore store;
    private Endpoint target;
    private Optional<Endpoint> source;
    private PgTools tools;
    private boolean loadIntoNonEmpty;
    private Optional<Path> rolePasswordsDir;

    @Override
    public Integer call() throws Exception {
        readInput();
        DumpState.Complete dump = requireCompleteDump();
        ClusterInventory facts = InventoryReader.read(target);
        PgVersion psql = tools.version("psql");
        LOG.infof("new server: PostgreSQL %s; psql %s", facts.versionText(), psql);
        checkBeforeLoading(dump, facts, psql);
        LoadRules rules = new LoadRules(facts.roles().stream().map(RoleInfo::name).collect(Collectors.toSet()),
                facts.databases().stream().map(DatabaseInfo::name).collect(Collectors.toSet()), target.user(),
                new LoadRules.Options(!psql.understandsRestrict(), env.flag(Var.DROP_ROLE_PASSWORDS),
                        grantorsRefused(dump, facts)));
        Duration took = load(dump, rules);
        rules.notes().forEach(note -> LOG.info("load: " + note));
        Duration analyze = new Analyze(tools).afterLoad(env.flag(Var.ANALYZE), target, env.jobs());
        PasswordStep.Result passwords = PasswordStep.run(target, rolePasswordsDir);
        String loaded = "loaded " + Sizes.bytes(dump.bytes()) + " from " + dump.file() + " into the " + target
                + " (PostgreSQL " + facts.versionText() + ") in " + Sizes.duration(took) + " ("
                + Sizes.rate(dump.bytes(), took) + "); analyze " + Sizes.duration(analyze) + "; "
                + passwords.summary();
        if (!passwords.failures().isEmpty()) {
            throw PghopException.passwordsFailed(loaded);
        }
        Outcome.success(env.terminationLog(), "load", loaded);
        return 0;
    }

    private void readInput() {
        env = new Env(rawEnv);
        Path dir = env.dumpDirectory(false);
        target = env.target();
        source = env.sourceIfSet();
        loadIntoNonEmpty = env.flag(Var.LOAD_INTO_NON_EMPTY);
        env.flag(Var.DROP_ROLE_PASSWORDS);
        rolePasswordsDir = env.rolePasswordsDirectory();
        env.flag(Var.ANALYZE);
        env.jobs();
        env.loadSettings();
        tools = new PgTools(env.binDirectory());
        env.progressInterval();
        store = new DumpStore(dir, Clock.systemUTC());
    }

    private DumpState.Complete requireCompleteDump() {
        DumpState state;
        try {
            LOG.infof("checking %s against its manifest", store.dumpFile());
            state = store.inspect();
        } catch (IOException e) {
            throw PghopException.refused("cannot read the dump " + store.dumpFile() + ": " + e.getMessage());
        }
        return switch (state) {
            case DumpState.Complete complete -> complete;
            case DumpState.Absent absent -> throw PghopException.refused("there is no dump to load: "
                    + store.dumpFile() + " does not exist. Run `pghop dump` first, with the same PGDUMP_PATH volume.");
            case DumpState.Incomplete incomplete -> throw PghopException.refused("the dump in "
                    + store.dumpFile().getParent() + " cannot be trusted: " + incomplete.reason()
                    + ". Nothing was loaded. Run `pghop dump` again: it moves this one aside and dumps afresh.");
        };
    }

    /**
     * Whether the new server (16+) would refuse the dump's GRANTED BY: a pg_dumpall older than 16 wrote it, or an
     * unknown one (a dump written without pghop).
     */
    private static boolean grantorsRefused(DumpState.Complete dump, ClusterInventory fresh) {
        return fresh.version().major() >= 16
                && (dump.fromScript() || dump.manifest().dumpToolVersion().major() < 16);
    }

    /**
     * The new server against the old cluster as the manifest recorded it (identity, versions, extensions, locales),
     * and the load side's own checks; refuses on a blocker before anything is written.
     */
    private void checkBeforeLoading(DumpState.Complete dump, ClusterInventory fresh, PgVersion psql) {
        List<Finding> findings = new ArrayList<>(Preflight.loadSide(fresh, psql, loadIntoNonEmpty));
        Optional<ClusterInventory> old = dump.fromScript() ? source.map(InventoryReader::read)
                : Optional.of(dump.manifest().source());
        old.ifPresentOrElse(o -> findings.addAll(Preflight.between(o, fresh)), () -> findings.add(Finding.warning(
                "old cluster", "the dump has no manifest (it was written without pghop), so the new server cannot be"
                        + " checked against the old cluster (identity, versions, extensions, locales). Set PG_HOST,"
                        + " PG_USER and PG_PASS here to check against the live old server")));
        if (!dump.fromScript()) {
            findings.addAll(Preflight.dumpedWith(dump.manifest().dumpToolVersion(), dump.manifest().source(), fresh));
        }
        Preflight.enforce("load", findings);
    }

    private Duration load(DumpState.Complete dump, LoadRules rules) throws InterruptedException {
        LOG.infof("loading %s (%s) into the %s", dump.file(), Sizes.bytes(dump.bytes()), target);
        long start = System.nanoTime();
        try {
            Map<String, Duration> phases = new ClusterLoad(tools, env.loadSettings(), env.progressInterval())
                    .run(dump.file(), dump.bytes(), target, rules);
            LOG.infof("load phases: %s", phases.entrySet().stream()
                    .map(p -> p.getKey() + " " + Sizes.duration(p.getValue())).collect(Collectors.joining(", ")));
        } catch (IOException e) {
            throw PghopException.loadFailed("while loading into the " + target + ": " + e.getMessage()
                    + ". The new server now holds a partial load: reset it before retrying (scale its Deployment"
                    + " to 0, recreate its PVC, scale back to 1).", e);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
