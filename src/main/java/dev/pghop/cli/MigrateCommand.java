package dev.pghop.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.pghop.config.Env;
import dev.pghop.config.PghopEnv;
import dev.pghop.config.PghopEnv.Var;
import dev.pghop.load.LoadRules;
import dev.pghop.load.TargetWrites;
import dev.pghop.migrate.ClusterMigration;
import dev.pghop.passwords.PasswordStep;
import dev.pghop.plan.Finding;
import dev.pghop.plan.Preflight;
import dev.pghop.postgres.ClusterInventory;
import dev.pghop.postgres.ClusterInventory.DatabaseInfo;
import dev.pghop.postgres.ClusterInventory.RoleInfo;
import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.InventoryReader;
import dev.pghop.postgres.PgVersion;
import dev.pghop.process.ClientPrograms;
import dev.pghop.process.PgTools;
import dev.pghop.report.Outcome;
import dev.pghop.report.Interruption;
import dev.pghop.report.PghopException;
import dev.pghop.report.Sizes;
import picocli.CommandLine.Command;

@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Copies the old cluster into the new server with no dump file, with the load's checks and "
                + "role rules: globals first, then the databases, JOBS at once, largest first.",
                "A small database is one pg_dump stream into psql. A larger one is copied in one snapshot: its "
                        + "schema, then its tables' rows over COPY (JOBS tables at once, each analyzed as soon as "
                        + "it is in), then its indexes and constraints with pg_restore --jobs.",
                "Run it in the NEW major's image (the newer pg_dump reads the old server). Role passwords from "
                        + "ROLE_PASSWORDS_DIR are set and proven last."})
public class MigrateCommand implements Callable<Integer> {
    private static final Logger LOG = Logger.getLogger("pghop");

    @Inject
    PghopEnv rawEnv;

    private Env env;
    private Endpoint source;
    private Endpoint target;
    private PgTools tools;

    @Override
    public Integer call() throws Exception {
        readInput();
        InventoryReader.Both servers = InventoryReader.readBoth(source, target);
        ClusterInventory old = servers.old();
        ClusterInventory fresh = servers.fresh();
        PgVersion psql = tools.version("psql");
        PgVersion pgDump = tools.version("pg_dump");
        checkBeforeWriting(old, fresh, pgDump, psql);
        LoadRules rules = new LoadRules(names(fresh.roles().stream().map(RoleInfo::name).toList()),
                names(fresh.databases().stream().map(DatabaseInfo::name).toList()), target.user(),
                new LoadRules.Options(!psql.understandsRestrict(), env.flag(Var.DROP_ROLE_PASSWORDS),
                        LoadRules.Grantors.choose(fresh.version(), Optional.of(pgDump),
                                Optional.of(old.bootstrapRole()))));
        Interruption.leaves("the new server may hold a partial copy: reset it before migrating again (scale its"
                + " Deployment to 0, recreate its PVC, scale back to 1)");
        CopyGuard guard = CopyGuard.start(source, env.flag(Var.FENCE_OLD_WRITES), "the migration");
        long start = System.nanoTime();
        ClusterMigration.Result copied = migrate(old, fresh, rules, pgDump);
        rules.notes().forEach(note -> LOG.info("migrate: " + note));
        PasswordStep.Result passwords = PasswordStep.run(target, env.rolePasswordsDirectory());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        String summary = "migrated " + copied.databases().size() + " databases (" + Sizes.bytes(copied.bytes())
                + " of rows) from the " + source + " (PostgreSQL " + old.versionText() + ") to the " + target
                + " (PostgreSQL " + fresh.versionText() + ") in " + Sizes.duration(took) + ": globals "
                + Sizes.duration(copied.globals()) + "; " + copied.phaseSummary() + "; " + passwords.summary()
                + guard.afterCopy();
        if (!passwords.failures().isEmpty()) {
            throw PghopException.passwordsFailed(summary);
        }
        Outcome.success(env.terminationLog(), "migrate", summary);
        return 0;
    }

    private void readInput() {
        env = new Env(rawEnv);
        source = env.source();
        target = env.target();
        tools = new PgTools(env.binDirectory());
        env.jobs();
        env.loadSettings();
        env.flag(Var.ANALYZE);
        env.flag(Var.DROP_ROLE_PASSWORDS);
        env.flag(Var.LOAD_INTO_NON_EMPTY);
        env.flag(Var.FENCE_OLD_WRITES);
        env.flag(Var.IGNORE_INCOMPATIBLE);
        env.rolePasswordsDirectory();
        env.progressInterval();
        env.lockWait();
    }

    /** Every check of plan that concerns a copy with no dump file; refuses on a blocker. */
    private void checkBeforeWriting(ClusterInventory old, ClusterInventory fresh, PgVersion pgDump, PgVersion psql) {
        env.loadSettings().checkOn(target);
        List<Finding> findings = new ArrayList<>(Preflight.between(old, fresh, env.flag(Var.IGNORE_INCOMPATIBLE)));
        findings.addAll(Preflight.dumpSide(old, pgDump, fresh, null));
        findings.addAll(Preflight.loadSide(fresh, psql, env.flag(Var.LOAD_INTO_NON_EMPTY)));
        findings.addAll(CopyGuard.checks(env.flag(Var.FENCE_OLD_WRITES), source, old));
        Preflight.enforce("migrate", findings);
    }

    private ClusterMigration.Result migrate(ClusterInventory old, ClusterInventory fresh, LoadRules rules,
            PgVersion pgDump) throws InterruptedException {
        LOG.infof("migrating %d databases (%s of table data) from the %s to the %s, %d at once",
                old.databases().size(), Sizes.bytes(old.totalDataBytes()), source, target, env.jobs());
        try {
            return new ClusterMigration(ClientPrograms.between(tools, env.lockWait(), env.loadSettings().pgOptions()),
                    env.progressInterval(), env.flag(Var.ANALYZE), pgDump)
                    .run(source, target, old, fresh.version().major(), rules, env.jobs());
        } catch (IOException e) {
            throw PghopException.loadFailed("while migrating from the " + source + " to the " + target + ": "
                    + e.getMessage() + "." + TargetWrites.advice(target, fresh, "a partial copy", "pghop migrate"), e);
        }
    }

    private static java.util.Set<String> names(List<String> list) {
        return list.stream().collect(Collectors.toSet());
    }
}
