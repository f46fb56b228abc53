package dev.pghop.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.pghop.postgres.ClusterInventory;
import dev.pghop.postgres.ClusterInventory.Hazard;
import dev.pghop.postgres.CrossingHazard;

/**
 * Objects of the old cluster that the new server will refuse to create, found before anything is written, in the
 * spirit of pg_upgrade --check: one blocker per kind (a dump of them would stop the load half-way), naming each
 * object, why, and the statement that fixes it on the old server. With IGNORE_INCOMPATIBLE=true they are
 * warnings, as is what the new server takes but changes (an extension at a version it does not offer).
 */
final class CrossingCheck {
    static final String CHECK = "objects the new server refuses";
    private static final int LISTED = 10;

    private CrossingCheck() {
    }

    static List<Finding> check(ClusterInventory source, ClusterInventory target, boolean goOn) {
        Map<CrossingHazard, List<Hazard>> refused = new TreeMap<>();
        for (Hazard hazard : source.hazards()) {
            CrossingHazard kind = kindOf(hazard);
            if (kind != null && kind.refuses(target, hazard)) {
                refused.computeIfAbsent(kind, k -> new ArrayList<>()).add(hazard);
            }
        }
        if (refused.isEmpty()) {
            return List.of(Finding.ok(CHECK, "none found for PostgreSQL " + target.versionText()));
        }
        List<Finding> findings = new ArrayList<>();
        refused.forEach((kind, objects) -> {
            String message = objects.size() + " " + kind.title() + " in the old cluster: " + named(objects)
                    + ". Why: " + kind.why() + ". To fix: " + kind.howToFix() + ": " + fixes(objects);
            if (!kind.blocks()) {
                findings.add(Finding.warning(CHECK, message));
            } else if (goOn) {
                findings.add(Finding.warning(CHECK, message + " IGNORE_INCOMPATIBLE=true: going on, and the load"
                        + " will stop at the first of them that is still there"));
            } else {
                findings.add(Finding.blocker(CHECK, message + " Then run again (or set IGNORE_INCOMPATIBLE=true to"
                        + " go on all the same)"));
            }
        });
        return findings;
    }

    private static CrossingHazard kindOf(Hazard hazard) {
        try {
            return CrossingHazard.valueOf(hazard.kind());
        } catch (IllegalArgumentException e) {
            return null; // a kind a newer pghop recorded in the manifest: this one cannot judge it
        }
    }

    private static String named(List<Hazard> objects) {
        return listed(objects.stream().map(h -> h.object() + (h.database() == null ? ""
                : " in database " + h.database())).toList());
    }

    /** Each object's statement, which ends with its own semicolon. */
    private static String fixes(List<Hazard> objects) {
        return listed(objects.stream().map(h -> (h.database() == null ? "" : "in database " + h.database() + ": ")
                + h.fix()).toList(), " ");
    }

    private static String listed(List<String> items) {
        return listed(items, "; ");
    }

    private static String listed(List<String> items, String separator) {
        String shown = String.join(separator, items.subList(0, Math.min(LISTED, items.size())));
        return items.size() > LISTED ? shown + separator + "and " + (items.size() - LISTED) + " more" : shown;
    }
}
