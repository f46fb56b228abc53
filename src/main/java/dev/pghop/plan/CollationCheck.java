package dev.pghop.plan;

import java.util.ArrayList;
import java.util.List;

import dev.pghop.upgrade.CollationChanges;

/**
 * Before an in-place upgrade, the indexes whose collation sorts another way under the new image's glibc or ICU:
 * rebuilt by the run, so not a blocker, but named, with the work it adds; and those whose old version is unknown.
 */
final class CollationCheck {
    static final String CHECK = "collation versions";

    private CollationCheck() {
    }

    static List<Finding> check(CollationChanges changes) {
        List<Finding> findings = new ArrayList<>();
        if (changes.changed().isEmpty() && changes.unknown().isEmpty()) {
            findings.add(Finding.ok(CHECK, "every index's collation sorts by the version the old cluster recorded"));
        }
        if (!changes.changed().isEmpty()) {
            findings.add(Finding.warning(CHECK, "the new image sorts these collations by another version than the"
                    + " one their indexes were built with, so those indexes would miss rows; the upgrade rebuilds"
                    + " them (REINDEX) before the new cluster takes over, which takes as long as building them: "
                    + String.join("; ", changes.changed().stream().map(CollationChanges.Change::describe).toList())));
        }
        if (!changes.unknown().isEmpty()) {
            findings.add(Finding.warning(CHECK, "the old cluster recorded no version for these collations, so"
                    + " whether the new image sorts them alike is unknown: " + String.join("; ", changes.unknown()
                            .stream().map(CollationChanges.Change::describe).toList()) + ". If the old image's"
                    + " glibc or ICU differs from this one's, rebuild those indexes (REINDEX) once the new server"
                    + " runs"));
        }
        return findings;
    }
}
