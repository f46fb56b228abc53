package dev.pghop.plan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.pghop.postgres.ClusterInventory;
import dev.pghop.postgres.ClusterInventory.DatabaseInfo;
import dev.pghop.report.ResetAdvice;

/**
 * The new server must be empty: nothing but what initdb and the official image create (template1, postgres, the
 * bootstrap superuser and its database) and the role pghop loads as. A half-filled server is the usual leftover of
 * an earlier failed load.
 */
final class EmptyTargetCheck {
    private static final String CHECK = "new server is empty";
    static final String RESET = "Reset the new server before loading: " + ResetAdvice.HOW;

    private EmptyTargetCheck() {
    }

    /** @param resuming null, or why what the server holds is expected: an earlier run's part of this load */
    static Finding check(ClusterInventory target, boolean loadIntoNonEmpty, String resuming) {
        Set<String> bootstrap = new HashSet<>(List.of(target.bootstrapRole(), target.login().name()));
        List<String> found = new ArrayList<>();
        boolean halfLoaded = false;
        for (DatabaseInfo db : target.databases()) {
            boolean expected = db.name().equals("template1") || db.name().equals("postgres")
                    || bootstrap.contains(db.name());
            if (!expected) {
                found.add("database " + db.name());
                halfLoaded |= db.userObjectCount() > 0;
            } else if (db.userObjectCount() > 0) {
                found.add("in database " + db.name() + ": " + String.join(", ", db.userObjects())
                        + (db.userObjectCount() > db.userObjects().size()
                                ? " and " + (db.userObjectCount() - db.userObjects().size()) + " more" : ""));
            }
        }
        target.roles().stream().map(ClusterInventory.RoleInfo::name).filter(r -> !bootstrap.contains(r))
                .forEach(r -> found.add("role " + r));
        if (found.isEmpty()) {
            return Finding.ok(CHECK, "only the bootstrap role " + target.bootstrapRole() + " and its databases");
        }
        String what = "the new server already holds " + String.join("; ", found);
        if (resuming != null) {
            return Finding.warning(CHECK, resuming + "; " + what + ", loaded by that run");
        }
        if (loadIntoNonEmpty) {
            return Finding.warning(CHECK, what + ". LOAD_INTO_NON_EMPTY=true: loading anyway (existing roles and"
                    + " databases are kept; an object the dump creates again stops the load)");
        }
        // Roles and databases the dump also has are kept, not created again, but the objects of a database it creates
        // would make its CREATEs fail: a database of its own holding objects is what a half-done load leaves, and
        // loading into it again cannot work, so it is not offered then.
        return Finding.blocker(CHECK, what + ". " + RESET + (halfLoaded ? ""
                : "; or set LOAD_INTO_NON_EMPTY=true to load into it anyway (its roles and databases are kept)"));
    }
}
