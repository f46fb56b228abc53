package dev.pghop.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

import org.jboss.logging.Logger;

import dev.pghop.config.DumpSettings;
import dev.pghop.config.LoadSettings;
import dev.pghop.config.MigrateSettings;
import dev.pghop.config.PlanSettings;
import dev.pghop.config.UpgradeSettings;
import dev.pghop.passwords.AuthRules;
import dev.pghop.passwords.RolePasswords;
import dev.pghop.postgres.ClusterInventory;
import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.PgVersion;
import dev.pghop.postgres.Sessions;
import dev.pghop.report.PghopException;
import dev.pghop.upgrade.Inspection;
import dev.pghop.upgrade.OldCluster;

/**
 * The checks that run before any work: for each command the list it runs ({@link #forDump}, {@link #forLoad},
 * {@link #forMigrate}, {@link #forPlan}), made of groups by what they need: the dump side (old server, pg_dumpall,
 * the dump volume), the load side (new server, psql) and the pair. `plan` runs them all; the others run theirs and
 * refuse on a blocker before writing anything ({@link #enforce}).
 */
public final class Preflight {
    private static final Logger LOG = Logger.getLogger("pghop");

    /**
     * Where the dump goes, how much room it has, and what earlier failed dumps kept there take of it.
     *
     * @param failed the *.failed-* files and directories pghop moved aside there, each with its size
     */
    public record Volume(String path, long usableBytes, java.util.Map<String, Long> failed) {
        public Volume(String path, long usableBytes) {
            this(path, usableBytes, java.util.Map.of());
        }

        public static Volume of(java.nio.file.Path dir) {
            try {
                return new Volume(dir.toString(), java.nio.file.Files.getFileStore(dir).getUsableSpace(),
                        DumpRoomCheck.failedLeftovers(dir));
            } catch (java.io.IOException e) {
                throw PghopException.invalidInput("cannot tell the free space of PGDUMP_PATH " + dir + ": "
                        + e.getMessage());
            }
        }
    }

    private Preflight() {
    }

    /**
     * What `dump` checks before it writes: its side (the role, pg_dumpall, the volume's room), the pair's when the new
     * server is known here too, and the write fence.
     */
    public static List<Finding> forDump(DumpSettings settings, ClusterInventory old, PgVersion dumpTool,
            Optional<ClusterInventory> fresh) {
        List<Finding> findings = new ArrayList<>(dumpSide(old, dumpTool, fresh.orElse(null),
                Volume.of(settings.dumpDirectory())));
        fresh.ifPresent(f -> findings.addAll(between(old, f, settings.ignoreIncompatible())));
        findings.addAll(FenceCheck.check(settings.fenceOldWrites(), settings.source(), old));
        return findings;
    }

    /**
     * What `load` checks before it writes: LOAD_SETTINGS on the new server (exit 2 when refused), the load side, the
     * pair against the old cluster as the dump's manifest (or the live old server) describes it, and the program
     * that wrote the dump.
     *
     * @param old empty for a dump written without pghop, when PG_HOST is not set either
     * @param dumpTool the pg_dumpall or pg_dump that wrote the dump, when known
     * @param resuming null, or what an earlier run of this same load did
     */
    public static List<Finding> forLoad(LoadSettings settings, ClusterInventory fresh, PgVersion psql,
            Optional<ClusterInventory> old, Optional<PgVersion> dumpTool, String resuming) {
        LoadSettingsCheck.tryOn(settings.target(), settings.sessions());
        List<Finding> findings = new ArrayList<>(loadSide(fresh, psql, settings.loadIntoNonEmpty(), resuming));
        old.ifPresentOrElse(o -> findings.addAll(between(o, fresh, settings.ignoreIncompatible())),
                () -> findings.add(Finding.warning("old cluster", "the dump has no manifest (it was written without"
                        + " pghop), so the new server cannot be checked against the old cluster (identity, versions,"
                        + " extensions, locales). Set PG_HOST, PG_USER and PG_PASS here to check against the live old"
                        + " server")));
        if (old.isPresent() && dumpTool.isPresent()) {
            findings.addAll(VersionCheck.dumpTool(dumpTool.get(), old.get().version(), fresh.version()));
        }
        return findings;
    }

    /** What `migrate` checks before it writes: LOAD_SETTINGS, the pair, both sides with no dump volume, the fence. */
    public static List<Finding> forMigrate(MigrateSettings settings, ClusterInventory old, ClusterInventory fresh,
            PgVersion pgDump, PgVersion psql) {
        LoadSettingsCheck.tryOn(settings.target(), settings.sessions());
        List<Finding> findings = new ArrayList<>(between(old, fresh, settings.ignoreIncompatible()));
        findings.addAll(dumpSide(old, pgDump, fresh, null));
        findings.addAll(loadSide(fresh, psql, settings.loadIntoNonEmpty()));
        findings.addAll(FenceCheck.check(settings.fenceOldWrites(), settings.source(), old));
        return findings;
    }

    /**
     * Everything `plan` reports: the pair, both sides (the dump volume's room with PGDUMP_PATH), the client programs,
     * the roles that could not log in to the new server, other sessions on the old one, and the fence.
     */
    public static List<Finding> forPlan(PlanSettings settings, ClusterInventory old, ClusterInventory fresh,
            ClientVersions programs) {
        List<Finding> findings = new ArrayList<>(between(old, fresh, settings.ignoreIncompatible()));
        findings.addAll(programs.missing());
        findings.addAll(dumpSide(old, programs.pgDumpall().orElse(null), fresh,
                settings.dumpDirectory().map(Volume::of).orElse(null)));
        findings.addAll(loadSide(fresh, programs.psql().orElse(null), settings.loadIntoNonEmpty()));
        findings.add(roleLogins(settings, old));
        findings.add(OtherSessionsCheck.check(settings.source(), settings.fenceOldWrites()));
        findings.addAll(FenceCheck.check(settings.fenceOldWrites(), settings.source(), old));
        return findings;
    }

    /**
     * What `upgrade` (and `plan` with PGDATA) checks first, with nothing started and nothing written: PGDATA's cluster
     * and its state, both majors' programs, the new cluster's place, the transfer mode and the room it needs.
     */
    public static List<Finding> forUpgradeDisk(UpgradeSettings settings, Inspection inspection) {
        List<Finding> findings = new ArrayList<>(ClusterStateCheck.check(settings, inspection.disk()));
        if (findings.stream().noneMatch(Finding::blocks)) {
            findings.addAll(TransferCheck.check(settings, inspection));
        }
        return findings;
    }

    /**
     * What `upgrade` checks next, once the disk checks pass, with the old cluster started for pghop alone and a new
     * cluster made beside it: the pair as `plan` judges one (versions, extensions, locales, objects the new major
     * refuses), the carried configuration, pg_upgrade --check, the roles the old pg_hba would lock out, and the
     * indexes whose collation's version changes.
     */
    public static List<Finding> forUpgradeClusters(UpgradeSettings settings, Inspection inspection) {
        OldCluster old = inspection.oldCluster();
        Inspection.Fresh fresh = inspection.newCluster();
        ClusterInventory o = old.inventory();
        ClusterInventory n = fresh.cluster().inventory();
        List<Finding> findings = new ArrayList<>();
        findings.add(VersionCheck.servers(o.version(), n.version()));
        findings.addAll(FeatureCheck.forUpgrade(o, n));
        findings.addAll(CrossingCheck.check(o, n, settings.ignoreIncompatible()));
        ColumnStampsCheck.check(old.stamps(), n.version().major()).ifPresent(findings::add);
        findings.addAll(CarriedConfigCheck.check(old, fresh.cluster(), fresh.carried(),
                settings.ignoreIncompatible()));
        fresh.rulesProblem().ifPresent(problem -> findings.add(Finding.blocker(CarriedConfigCheck.SETTINGS, "the old"
                + " pg_hba.conf does not load in PostgreSQL " + n.version().major() + ": " + problem + ". Fix it in the"
                + " old cluster (pg_hba_file_rules shows each rule's error), then run again")));
        if (findings.stream().anyMatch(Finding::blocks)) {
            return findings;
        }
        inspection.pgUpgradeCheck().ifPresent(check -> findings.add(PgUpgradeCheck.of(check)));
        fresh.rules().ifPresent(rules -> findings.add(PasswordCheck.check(o.roles(), rules,
                settings.rolePasswordsDirectory().map(RolePasswords::roleNames).orElse(Set.of()),
                Set.of(old.superuser()))));
        findings.addAll(CollationCheck.check(inspection.collations()));
        return findings;
    }

    /** Which old roles the new server will refuse, not counting those ROLE_PASSWORDS_DIR gives a password. */
    private static Finding roleLogins(PlanSettings settings, ClusterInventory old) {
        Set<String> covered = settings.rolePasswordsDirectory().map(RolePasswords::roleNames).orElse(Set.of());
        Endpoint target = settings.target();
        try (Connection c = Sessions.openMaintenance(target, true)) {
            return PasswordCheck.check(old.roles(), AuthRules.read(c), covered, Set.of(target.user()));
        } catch (SQLException e) {
            throw PghopException.connectionFailed("while reading how the " + target + " authenticates: "
                    + e.getMessage(), e);
        }
    }

    /**
     * @param dumpTool null when it was not found (`plan` reports that itself)
     * @param target null when the new server is not known here
     */
    static List<Finding> dumpSide(ClusterInventory source, PgVersion dumpTool, ClusterInventory target,
            Volume volume) {
        List<Finding> findings = new ArrayList<>();
        findings.add(PrivilegeCheck.dumpRole(source.login()));
        if (dumpTool != null) {
            findings.addAll(VersionCheck.dumpTool(dumpTool, source.version(), target == null ? null
                    : target.version()));
        }
        if (volume != null) {
            findings.add(DumpRoomCheck.check(volume, source.totalDataBytes()));
        }
        return findings;
    }

    static List<Finding> loadSide(ClusterInventory target, PgVersion psql, boolean loadIntoNonEmpty) {
        return loadSide(target, psql, loadIntoNonEmpty, null);
    }

    /**
     * @param psql null when it was not found (`plan` reports that itself)
     * @param resuming when a rerun goes on with a load an earlier run began, says so: what that run loaded then
     *        only warns
     */
    static List<Finding> loadSide(ClusterInventory target, PgVersion psql, boolean loadIntoNonEmpty,
            String resuming) {
        List<Finding> findings = new ArrayList<>();
        findings.add(PrivilegeCheck.loadRole(target.login()));
        if (psql != null) {
            findings.add(VersionCheck.psql(psql, target.version()));
        }
        findings.add(EmptyTargetCheck.check(target, loadIntoNonEmpty, resuming));
        return findings;
    }

    /** @param goOn IGNORE_INCOMPATIBLE: objects the new server refuses are then warnings */
    static List<Finding> between(ClusterInventory source, ClusterInventory target, boolean goOn) {
        List<Finding> findings = new ArrayList<>();
        findings.add(ClusterIdentityCheck.check(source.systemIdentifier(), target));
        findings.add(VersionCheck.servers(source.version(), target.version()));
        findings.add(KeptRolesCheck.check(source, target));
        findings.add(ExistingDatabasesCheck.check(source, target));
        findings.addAll(FeatureCheck.check(source, target));
        findings.addAll(CrossingCheck.check(source, target, goOn));
        return findings;
    }

    /** Logs every finding and refuses with all blockers named when there is any. */
    public static void enforce(String command, List<Finding> findings) {
        LOG.infof("%s checks passed: %s", command, String.join(", ", findings.stream()
                .filter(f -> f.severity() == Finding.Severity.OK).map(Finding::check).toList()));
        findings.forEach(f -> {
            switch (f.severity()) {
                case OK -> LOG.debugf("check %s: ok (%s)", f.check(), f.message());
                case WARNING -> LOG.warnf("check %s: WARNING: %s", f.check(), f.message());
                case BLOCKER -> LOG.errorf("check %s: BLOCKER: %s", f.check(), f.message());
            }
        });
        List<Finding> blockers = findings.stream().filter(Finding::blocks).toList();
        if (!blockers.isEmpty()) {
            throw PghopException.refused(command + " refused before changing anything: "
                    + String.join(" | ", blockers.stream().map(b -> b.check() + ": " + b.message()).toList()));
        }
    }
}
