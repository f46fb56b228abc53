package dev.pghop.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.pghop.postgres.ClusterInventory;
import dev.pghop.postgres.ClusterInventory.DatabaseInfo;

/**
 * The old cluster's databases that already exist on the new server (postgres, template1, the database the image
 * makes for its superuser, any other kept with LOAD_INTO_NON_EMPTY): the load fills them as they are, so their
 * encoding and locale stay the new server's. When those differ from the old database's, its text would sort,
 * compare and index another way, or not convert at all, and nothing would say so: a blocker.
 */
final class ExistingDatabasesCheck {
    private static final String CHECK = "databases that already exist";

    private ExistingDatabasesCheck() {
    }

    static Finding check(ClusterInventory source, ClusterInventory target) {
        List<String> problems = new ArrayList<>();
        for (DatabaseInfo old : source.databases()) {
            target.database(old.name()).ifPresent(fresh -> differences(old, fresh)
                    .ifPresent(d -> problems.add("database " + old.name() + ": " + d)));
        }
        if (problems.isEmpty()) {
            return Finding.ok(CHECK, "each database the new server already has matches the old one's encoding and"
                    + " locale");
        }
        return Finding.blocker(CHECK, "the new server already has these databases with another encoding or locale,"
                + " which the load would keep: " + String.join("; ", problems) + ". Start the new server with the old"
                + " one's encoding and locale (the image's POSTGRES_INITDB_ARGS, e.g. --encoding=UTF8"
                + " --locale=en_US.UTF-8, on a fresh data volume); for the database the image makes for its"
                + " superuser, a POSTGRES_USER or POSTGRES_DB that names no database of the old cluster also does");
    }

    /** What differs, old value then new, or empty when the two agree. */
    private static Optional<String> differences(DatabaseInfo old, DatabaseInfo fresh) {
        List<String> found = new ArrayList<>();
        if (!old.encoding().equalsIgnoreCase(fresh.encoding())) {
            found.add("encoding " + old.encoding() + " on the old server, " + fresh.encoding() + " on the new");
        }
        compareLocale("collation", old.collate(), fresh.collate(), found);
        compareLocale("ctype", old.ctype(), fresh.ctype(), found);
        if (old.locale() != null && fresh.locale() != null && (!old.locale().provider().equals(fresh.locale()
                .provider()) || !Objects.equals(normalized(old.locale().locale()), normalized(fresh.locale()
                        .locale())))) {
            found.add("locale provider " + old.locale() + " on the old server, " + fresh.locale() + " on the new");
        }
        return found.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", found));
    }

    private static void compareLocale(String what, String old, String fresh, List<String> found) {
        if (!normalized(old).equals(normalized(fresh))) {
            found.add(what + " " + old + " on the old server, " + fresh + " on the new");
        }
    }

    private static String normalized(String locale) {
        return ClusterInventory.normalizeLocale(locale);
    }
}
