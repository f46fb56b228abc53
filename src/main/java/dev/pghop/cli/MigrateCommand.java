package dev.pghop.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import dev.pghop.config.Environment;
import dev.pghop.config.MigrateSettings;
import dev.pghop.migrate.ClusterMigration;
import dev.pghop.passwords.PasswordStep;
import dev.pghop.plan.Preflight;
import dev.pghop.postgres.ClusterInventory;
import dev.pghop.postgres.ClusterInventory.DatabaseInfo;
import dev.pghop.postgres.ClusterInventory.RoleInfo;
import dev.pghop.postgres.CopyGuard;
import dev.pghop.postgres.InventoryReader;
import dev.pghop.postgres.PgVersion;
import dev.pghop.process.ClientPrograms;
import dev.pghop.process.PgTools;
import dev.pghop.report.Interruption;
import dev.pghop.report.Outcome;
import dev.pghop.report.PghopException;
import dev.pghop.report.ResetAdvice;
import dev.pghop.report.Sizes;
import dev.pghop.restore.TargetWrites;
import dev.pghop.script.LoadRules;
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

    private MigrateSettings settings;
    private PgTools tools;

    @Override
    public Integer call() throws Exception {
        settings = MigrateSettings.read(Environment.ofProcess());
        tools = BinDirectory.tools(settings.binDirectory());
        InventoryReader.Both servers = InventoryReader.readBoth(settings.source(), settings.target());
        ClusterInventory old = servers.old();
        ClusterInventory fresh = servers.fresh();
        PgVersion psql = tools.version("psql");
        PgVersion pgDump = tools.version("pg_dump");
        Preflight.enforce("migrate", Preflight.forMigrate(settings, old, fresh, pgDump, psql));
        LoadRules rules = rules(old, fresh, psql, pgDump);
        Interruption.leaves("the new server may hold a partial copy: " + ResetAdvice.before("pghop migrate"));
        CopyGuard guard = CopyGuard.start(settings.source(), settings.fenceOldWrites(), "the migration");
        long start = System.nanoTime();
        ClusterMigration.Result copied = migrate(old, fresh, rules, pgDump);
        rules.notes().forEach(note -> LOG.info("migrate: " + note));
        PasswordStep.Result passwords = PasswordStep.run(settings.target(), settings.rolePasswordsDirectory());
        String summary = summary(old, fresh, copied, Duration.ofNanos(System.nanoTime() - start)) + "; "
                + passwords.summary() + guard.afterCopy();
        if (!passwords.failures().isEmpty()) {
            throw PghopException.passwordsFailed(summary);
        }
        Outcome.success(settings.terminationLog(), "migrate", summary);
        return 0;
    }

    /** The load's rules for the globals and each database's schema, as `load` applies them. */
    private LoadRules rules(ClusterInventory old, ClusterInventory fresh, PgVersion psql, PgVersion pgDump) {
        return new LoadRules(fresh.roles().stream().map(RoleInfo::name).collect(Collectors.toSet()),
                fresh.databases().stream().map(DatabaseInfo::name).collect(Collectors.toSet()),
                settings.target().user(), new LoadRules.Options(!psql.understandsRestrict(),
                        settings.dropRolePasswords(), LoadRules.Grantors.choose(fresh.version(), Optional.of(pgDump),
                                Optional.of(old.bootstrapRole()))));
    }

    private ClusterMigration.Result migrate(ClusterInventory old, ClusterInventory fresh, LoadRules rules,
            PgVersion pgDump) throws InterruptedException {
        LOG.infof("migrating %d databases (%s of table data) from the %s to the %s, %d at once",
                old.databases().size(), Sizes.bytes(old.totalDataBytes()), settings.source(), settings.target(),
                settings.jobs());
        try {
            return new ClusterMigration(ClientPrograms.between(tools, settings.lockWait(),
                    settings.sessions().pgOptions()), settings.progressInterval(), settings.analyze(), pgDump)
                    .run(settings.source(), settings.target(), old, fresh.version().major(), rules, settings.jobs());
        } catch (IOException e) {
            throw PghopException.loadFailed("while migrating from the " + settings.source() + " to the "
                    + settings.target() + ": " + e.getMessage() + "." + TargetWrites.advice(settings.target(), fresh,
                            "a partial copy", "pghop migrate"), e);
        }
    }

    private String summary(ClusterInventory old, ClusterInventory fresh, ClusterMigration.Result copied,
            Duration took) {
        return "migrated " + copied.databases().size() + " databases (" + Sizes.bytes(copied.bytes())
                + " of rows) from the " + settings.source() + " (PostgreSQL " + old.versionText() + ") to the "
                + settings.target() + " (PostgreSQL " + fresh.versionText() + ") in " + Sizes.duration(took)
                + ": globals " + Sizes.duration(copied.globals()) + "; " + copied.phaseSummary();
    }
}
