package dev.pghop.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import dev.pghop.config.LoadSettings;
import dev.pghop.load.BackgroundAnalyze;
import dev.pghop.load.PublicSchemaRestore;
import dev.pghop.passwords.PasswordStep;
import dev.pghop.plan.Preflight;
import dev.pghop.postgres.ClusterInventory;
import dev.pghop.postgres.ClusterInventory.DatabaseInfo;
import dev.pghop.postgres.ClusterInventory.RoleInfo;
import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.PgVersion;
import dev.pghop.process.ClientPrograms;
import dev.pghop.process.PgTools;
import dev.pghop.report.Outcome;
import dev.pghop.report.PghopException;
import dev.pghop.report.Sizes;
import dev.pghop.restore.Analyze;
import dev.pghop.restore.Statistics;
import dev.pghop.script.LoadRules;

/**
 * What `load` does whatever the dump's format: reads its variables, checks the new server before anything is
 * written, builds the load rules, and after the load rebuilds statistics, sets role passwords and ends with the
 * summary line.
 */
final class LoadSteps {
    private static final Logger LOG = Logger.getLogger("pghop");

    private final LoadSettings settings;
    private final PgTools tools;
    private final ClientPrograms programs;
    /** Where each loaded database goes for its statistics; made once the checks know the dump's program. */
    private BackgroundAnalyze statistics;
    /** What checkBeforeLoading was given, for the steps after the load. */
    private Optional<ClusterInventory> oldCluster = Optional.empty();
    private Optional<PgVersion> dumpTool = Optional.empty();
    private ClusterInventory fresh;

    LoadSteps(LoadSettings settings) {
        this.settings = settings;
        this.tools = BinDirectory.tools(settings.binDirectory());
        this.programs = ClientPrograms.toTheNewServer(tools, settings.sessions().pgOptions());
    }

    LoadSettings settings() {
        return settings;
    }

    Endpoint target() {
        return settings.target();
    }

    /** The old server, when PG_HOST is set here too. */
    Optional<Endpoint> source() {
        return settings.source();
    }

    PgTools tools() {
        return tools;
    }

    /** The client programs, writing to the new server with LOAD_SETTINGS. */
    ClientPrograms programs() {
        return programs;
    }

    /**
     * The new server against the old cluster as the manifest recorded it (identity, versions, extensions, locales),
     * and the load side's own checks; refuses on a blocker before anything is written.
     *
     * @param old empty for a dump written without pghop, when PG_HOST is not set either
     * @param dumpTool the pg_dumpall or pg_dump that wrote the dump, when known
     * @param resuming null, or what an earlier run of this same load did
     */
    void checkBeforeLoading(Optional<ClusterInventory> old, Optional<PgVersion> dumpTool, ClusterInventory fresh,
            PgVersion psql, String resuming) {
        this.oldCluster = old;
        this.dumpTool = dumpTool;
        this.fresh = fresh;
        statistics = new BackgroundAnalyze(new Analyze(programs, Statistics.choose(settings.analyze(), dumpTool,
                fresh.version())), target());
        Preflight.enforce("load", Preflight.forLoad(settings, fresh, psql, old, dumpTool, resuming));
    }

    /**
     * @param existingDatabases the databases the new server held before the load: loaded into, not created
     * @param dumpTool the pg_dumpall that wrote the dump; empty for a dump written without pghop
     */
    LoadRules rules(ClusterInventory fresh, Set<String> existingDatabases, PgVersion psql,
            Optional<PgVersion> dumpTool) {
        return new LoadRules(fresh.roles().stream().map(RoleInfo::name).collect(Collectors.toSet()),
                existingDatabases, target().user(), new LoadRules.Options(!psql.understandsRestrict(),
                        settings.dropRolePasswords(), LoadRules.Grantors.choose(fresh.version(), dumpTool,
                                oldCluster.map(ClusterInventory::bootstrapRole))));
    }

    /** The public schema's owner and privileges, which a pg_dump older than 15 does not carry into 15+. */
    private void restorePublicSchemas() {
        oldCluster.ifPresentOrElse(old -> {
            if (PublicSchemaRestore.needed(old.version(), dumpTool, fresh.version())) {
                PublicSchemaRestore.run(target(), old, old.databases().stream().map(DatabaseInfo::name).toList())
                        .forEach(note -> LOG.info("load: " + note));
            }
        }, () -> {
            if (fresh.version().major() >= 15) {
                LOG.warn("the old cluster is not known (a dump written without pghop, and PG_HOST is not set), so"
                        + " the owner and privileges of each database's schema public could not be restored: a"
                        + " pg_dumpall older than 15 does not carry them, and the new server gave them its own"
                        + " (owned by pg_database_owner, no CREATE for PUBLIC)");
            }
        });
    }

    /**
     * Where the load hands each database it is done with, so that its statistics are rebuilt while the next one
     * loads (ANALYZE).
     */
    BackgroundAnalyze statistics() {
        return statistics;
    }

    /** The rules' notes, statistics, role passwords, then the summary line that starts with {@code loaded}. */
    int finish(String loaded, LoadRules rules) throws InterruptedException {
        rules.notes().forEach(note -> LOG.info("load: " + note));
        restorePublicSchemas();
        Duration analyze;
        try (BackgroundAnalyze rest = statistics) {
            analyze = rest.finish(settings.jobs());
        }
        PasswordStep.Result passwords = PasswordStep.run(target(), settings.rolePasswordsDirectory());
        String summary = loaded + "; analyze " + Sizes.duration(analyze) + " after it; " + passwords.summary();
        if (!passwords.failures().isEmpty()) {
            throw PghopException.passwordsFailed(summary);
        }
        Outcome.success(settings.terminationLog(), "load", summary);
        return 0;
    }
}
