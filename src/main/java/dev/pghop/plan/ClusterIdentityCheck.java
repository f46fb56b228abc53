package dev.pghop.plan;

import dev.pghop.postgres.ClusterInventory;

/**
 * The blog's loudest warning made a check: the old and the new server must be different clusters. Compared by
 * system identifier, not by host name: a Service name and an IP can be the same server.
 */
final class ClusterIdentityCheck {
    private static final String CHECK = "different clusters";

    private ClusterIdentityCheck() {
    }

    static Finding check(String sourceId, ClusterInventory target) {
        String targetId = target.systemIdentifier();
        if (sourceId == null || targetId == null) {
            return Finding.warning(CHECK, "cannot compare the servers' system identifiers (old: "
                    + (sourceId == null ? "unknown" : sourceId) + ", new: " + (targetId == null ? "unknown" : targetId)
                    + "); make doubly sure NEW_PG_HOST is not the old server");
        }
        if (sourceId.equals(targetId)) {
            return Finding.blocker(CHECK, "PG_HOST and NEW_PG_HOST lead to the SAME cluster (system identifier "
                    + sourceId + "): loading would write into the live database. Point NEW_PG_HOST at the new,"
                    + " empty server");
        }
        return Finding.ok(CHECK, "old " + sourceId + ", new " + targetId);
    }
}
