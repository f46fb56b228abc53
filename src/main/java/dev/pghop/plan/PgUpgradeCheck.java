package dev.pghop.plan;

import dev.pghop.upgrade.PgUpgradeResult;

/** pg_upgrade --check of the pair, in the transfer mode the upgrade will use: its own verdict, as a finding. */
final class PgUpgradeCheck {
    static final String CHECK = "pg_upgrade --check";

    private PgUpgradeCheck() {
    }

    static Finding of(PgUpgradeResult result) {
        if (result.passed()) {
            return Finding.ok(CHECK, "the clusters are compatible");
        }
        return Finding.blocker(CHECK, "pg_upgrade refuses the pair: " + String.join(" | ", result.problems())
                + ". Fix each in the old cluster, then run again");
    }
}
