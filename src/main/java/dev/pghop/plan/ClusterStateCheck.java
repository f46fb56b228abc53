package dev.pghop.plan;

import java.util.ArrayList;
import java.util.List;

import dev.pghop.config.UpgradeSettings;
import dev.pghop.upgrade.DataDirectory;
import dev.pghop.upgrade.Disk;

/**
 * Before an in-place upgrade, what PGDATA holds and whether it may be touched: a cluster of an older major, the
 * server programs of both majors, and a cluster shut down cleanly that no server holds, in this pod or another.
 */
final class ClusterStateCheck {
    static final String CLUSTER = "old cluster";
    static final String PROGRAMS = "server programs";
    static final String STATE = "old cluster shut down";

    private ClusterStateCheck() {
    }

    static List<Finding> check(UpgradeSettings settings, Disk disk) {
        List<Finding> findings = new ArrayList<>();
        if (disk.oldMajor().isEmpty()) {
            findings.add(Finding.blocker(CLUSTER, "PGDATA " + settings.pgdata() + " holds no cluster (no PG_VERSION)."
                    + " Set PGDATA to the old server's data directory as its Deployment sets it, with the volume"
                    + " mounted at the same place"));
            return findings;
        }
        int oldMajor = disk.oldMajor().get();
        disk.newPrograms().value().ifPresentOrElse(p -> {
            if (p.major() <= oldMajor) {
                findings.add(Finding.blocker(CLUSTER, "PGDATA holds a PostgreSQL " + oldMajor + " cluster, and this"
                        + " image's programs are PostgreSQL " + p.version() + ": there is no newer major to upgrade"
                        + " to. Run the upgrade image of the major you want (pghop:<version>-upgrade-pg<major>)"));
            } else {
                findings.add(Finding.ok(CLUSTER, "a PostgreSQL " + oldMajor + " cluster in " + settings.pgdata()
                        + ", to be upgraded to PostgreSQL " + p.version()));
            }
        }, () -> findings.add(Finding.blocker(PROGRAMS, "the new major's server programs: "
                + disk.newPrograms().problem() + ". Set PG_BIN_DIR to their directory")));
        disk.oldPrograms().value().ifPresentOrElse(p -> findings.add(Finding.ok(PROGRAMS, "PostgreSQL " + oldMajor
                + "'s in " + p.binDir())), () -> findings.add(Finding.blocker(PROGRAMS, "this image lacks PostgreSQL "
                        + oldMajor + "'s server programs (" + disk.oldPrograms().problem() + "). Run the upgrade"
                        + " image of the new major (pghop:<version>-upgrade-pg<major>), which carries those of the"
                        + " older majors, or set OLD_PG_BIN_DIR to their directory")));
        disk.data().ifPresent(data -> findings.add(state(settings, data)));
        disk.modeWas().ifPresent(mode -> findings.add(Finding.ok("data directory mode", "PGDATA was " + mode
                + " (a pod's fsGroup makes a volume's directories group-writable), which PostgreSQL refuses: made"
                + " rwx------, as the postgres image's entrypoint does at each start")));
        return findings;
    }

    private static Finding state(UpgradeSettings settings, DataDirectory data) {
        if (data.postmasterRunsHere()) {
            return Finding.blocker(STATE, "a server runs on this data in this pod (postmaster.pid names process "
                    + data.postmaster().orElseThrow() + "): stop it first");
        }
        if (data.standby()) {
            return Finding.blocker(STATE, "PGDATA holds a standby (" + (data.recoverySignals().isEmpty()
                    ? "its control file says " + data.control().state() : String.join(", ", data.recoverySignals()))
                    + "): upgrade the primary, then make the standby again from it (pg_basebackup)");
        }
        if (data.control().shutDownCleanly()) {
            return data.postmaster().isPresent()
                    ? Finding.warning(STATE, "shut down cleanly, but postmaster.pid is still there (a server killed"
                            + " after its shutdown checkpoint, or a copy of a running one); its process "
                            + data.postmaster().get() + " does not run in this pod, and the file is replaced")
                    : Finding.ok(STATE, "shut down cleanly, and no server holds it");
        }
        String state = "its control file says \"" + data.control().state() + "\"" + (data.postmaster().isPresent()
                ? " and postmaster.pid names process " + data.postmaster().get() : "");
        if (settings.recoverCrashed()) {
            return Finding.warning(STATE, "not shut down cleanly (" + state + "): RECOVER_CRASHED=true, so pghop"
                    + " replays its WAL once with PostgreSQL " + data.major() + "'s programs and shuts it down"
                    + " cleanly before upgrading it");
        }
        return Finding.blocker(STATE, "the old cluster was not shut down cleanly (" + state + "): its server may"
                + " still run in another pod, or was killed. Scale the old Deployment to 0 and wait until its pod has"
                + " ended (kubectl get pods), then run again. If no server runs on this data anywhere (the pod was"
                + " killed, the node lost), set RECOVER_CRASHED=true: pghop then replays the WAL once and shuts the"
                + " cluster down cleanly. Never with a server still running on it: two servers on one data directory"
                + " corrupt it");
    }
}
