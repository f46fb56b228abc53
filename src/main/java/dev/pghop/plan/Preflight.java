package dev.pghop.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jboss.logging.Logger;

import dev.pghop.passwords.AuthRules;
import dev.pghop.postgres.ClusterInventory;
import dev.pghop.postgres.ClusterInventory.RoleInfo;
import dev.pghop.postgres.PgVersion;
import dev.pghop.report.PghopException;

/**
 * The checks that run before any work, grouped by what they need: the dump side (old server, pg_dumpall, the dump
 * volume), the load side (new server, psql) and the pair. `plan` runs them all; `dump` and `load` run theirs and
 * refuse on a blocker before writing anything.
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
     * @param dumpTool null when it was not found (`plan` reports that itself)
     * @param target null when the new server is not known here
     */
    public static List<Finding> dumpSide(ClusterInventory source, PgVersion dumpTool, ClusterInventory target,
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

    public static List<Finding> loadSide(ClusterInventory target, PgVersion psql, boolean loadIntoNonEmpty) {
        return loadSide(target, psql, loadIntoNonEmpty, null);
    }

    /**
     * @param psql null when it was not found (`plan` reports that itself)
     * @param resuming when a rerun goes on with a load an earlier run began, says so: what that run loaded then
     *        only warns
     */
    public static List<Finding> loadSide(ClusterInventory target, PgVersion psql, boolean loadIntoNonEmpty,
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
    public static List<Finding> between(ClusterInventory source, ClusterInventory target, boolean goOn) {
        List<Finding> findings = new ArrayList<>();
        findings.add(ClusterIdentityCheck.check(source.systemIdentifier(), target));
        findings.add(VersionCheck.servers(source.version(), target.version()));
        findings.add(KeptRolesCheck.check(source, target));
        findings.add(ExistingDatabasesCheck.check(source, target));
        findings.addAll(FeatureCheck.check(source, target));
        findings.addAll(CrossingCheck.check(source, target, goOn));
        return findings;
    }

    /** The pg_dumpall that wrote a dump against both servers: newer than the new server writes SQL it may reject. */
    public static List<Finding> dumpedWith(PgVersion dumpTool, ClusterInventory source, ClusterInventory target) {
        return VersionCheck.dumpTool(dumpTool, source.version(), target.version());
    }

    /** Roles of the old cluster whose stored password the new server will refuse. */
    public static Finding roleLogins(List<RoleInfo> oldRoles, AuthRules newServer, Set<String> covered,
            Set<String> ignored) {
        return PasswordCheck.check(oldRoles, newServer, covered, ignored);
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
