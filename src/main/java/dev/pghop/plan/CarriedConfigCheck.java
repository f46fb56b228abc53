package dev.pghop.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.pghop.upgrade.CarriedConfig;
import dev.pghop.upgrade.NewCluster;
import dev.pghop.upgrade.OldCluster;

/**
 * Before an in-place upgrade, what pghop carries that pg_upgrade leaves behind: the configuration files, each
 * setting judged against the new major (one it does not know is a blocker, or with IGNORE_INCOMPATIBLE a comment in
 * the carried file), the libraries shared_preload_libraries loads, and what stays behind with the old cluster.
 */
final class CarriedConfigCheck {
    static final String SETTINGS = "configuration";
    static final String PRELOAD = "shared_preload_libraries";

    private CarriedConfigCheck() {
    }

    static List<Finding> check(OldCluster old, NewCluster fresh, CarriedConfig carried, boolean ignoreIncompatible) {
        List<Finding> findings = new ArrayList<>();
        int newMajor = fresh.inventory().version().major();
        if (carried.unknown().isEmpty()) {
            findings.add(Finding.ok(SETTINGS, "carried: " + String.join(", ", carried.files().stream()
                    .map(Object::toString).toList()) + "; PostgreSQL " + newMajor + " knows every setting in them"));
        } else {
            String named = String.join("; ", carried.unknown().stream().map(CarriedConfig.UnknownSetting::describe)
                    .toList());
            findings.add(ignoreIncompatible
                    ? Finding.warning(SETTINGS, "PostgreSQL " + newMajor + " has no setting " + named
                            + ". IGNORE_INCOMPATIBLE=true: carried as comments, the new server runs without them")
                    : Finding.blocker(SETTINGS, "PostgreSQL " + newMajor + " has no setting " + named + ". Remove or"
                            + " rename it in the old cluster's configuration (ALTER SYSTEM RESET for"
                            + " postgresql.auto.conf), or set IGNORE_INCOMPATIBLE=true to carry it as a comment"));
        }
        if (!carried.notCarried().isEmpty()) {
            findings.add(Finding.warning(SETTINGS, "not carried: " + String.join("; ", carried.notCarried())));
        }
        List<String> missing = Arrays.stream(old.sharedPreloadLibraries().split(",")).map(String::strip)
                .filter(l -> !l.isEmpty() && !fresh.hasLibrary(l)).toList();
        if (!missing.isEmpty()) {
            findings.add(Finding.blocker(PRELOAD, "the old cluster loads " + String.join(", ", missing) + " at start,"
                    + " and PostgreSQL " + newMajor + " here has no such module in " + fresh.libraryDir() + ": the new"
                    + " server would not start. Run an upgrade image built on a postgres image that has it"
                    + " installed, or remove it from shared_preload_libraries in the old cluster"));
        } else if (!old.sharedPreloadLibraries().isBlank()) {
            findings.add(Finding.ok(PRELOAD, old.sharedPreloadLibraries() + ": each is in " + fresh.libraryDir()));
        }
        return findings;
    }
}
