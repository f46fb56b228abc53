package dev.pghop.upgrade;

import java.nio.file.Path;

/**
 * What the user does after an upgrade, printed at its end: the Deployment's image (and for 18 its PGDATA, which
 * that image's default no longer matches), the rest of the statistics, and when to drop the old cluster.
 */
public final class NextSteps {
    /** Where the official image of 18 and later keeps its data when PGDATA is not set. */
    static final String DEFAULT_PGDATA_FROM_18 = "/var/lib/postgresql/%d/docker";

    private NextSteps() {
    }

    public static String text(InPlaceUpgrade upgrade) {
        UpgradeState state = upgrade.state().orElseThrow();
        Layout layout = upgrade.layout();
        int major = state.newMajor();
        Path pgdata = layout.target();
        StringBuilder out = new StringBuilder("\nNext steps:\n");
        out.append("  1. In the old server's Deployment, set the image to PostgreSQL ").append(major)
                .append("'s (postgres:").append(major).append("), with the same volume");
        if (!layout.inPlace()) {
            out.append(", and PGDATA=").append(pgdata).append(" (the new cluster's place; the old one stays in ")
                    .append(layout.pgdata()).append(')');
        } else {
            out.append(" and PGDATA=").append(pgdata);
        }
        out.append(".\n");
        if (major >= 18 && !pgdata.toString().equals(String.format(DEFAULT_PGDATA_FROM_18, major))) {
            out.append("     The postgres:").append(major).append(" image keeps its data in ")
                    .append(String.format(DEFAULT_PGDATA_FROM_18, major)).append(" unless PGDATA is set, and then")
                    .append(" refuses to start beside a volume mounted at /var/lib/postgresql/data: set PGDATA=")
                    .append(pgdata).append(" in the Deployment's env explicitly, and keep the volume's mount as it")
                    .append(" is.\n");
        }
        out.append("  2. Scale it up, and wait for \"database system is ready to accept connections\" in its log.\n");
        out.append(major >= 18 ? "     The statistics were carried; analyzing is done.\n"
                : "     Then give the planner its full statistics while it serves (this run made the first, coarse"
                        + " pass): kubectl exec <its pod> -- vacuumdb --username=" + state.superuser()
                        + " --all --analyze-only\n");
        out.append("  3. ").append(upgrade.keptOldSummary()).append(". Drop it once the new server has served for a")
                .append(" while.\n");
        return out.toString();
    }
}
