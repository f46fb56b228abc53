package dev.pghop.plan;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.pghop.postgres.ClusterInventory;
import dev.pghop.postgres.ClusterInventory.DatabaseInfo;

/** What the old cluster uses that the new server must provide: extensions, locales, tablespace directories. */
final class FeatureCheck {
    /** Databases that exist on every server: their dump does not create them, so their locale is not set. */
    private static final Set<String> PRE_EXISTING = Set.of("template1", "postgres");

    private FeatureCheck() {
    }

    static List<Finding> check(ClusterInventory source, ClusterInventory target) {
        List<Finding> findings = new ArrayList<>();
        findings.add(extensions(source, target));
        findings.add(locales(source, target));
        findings.add(tablespaces(source));
        return findings;
    }

    /** For an in-place upgrade: the extensions and locales; tablespaces stay where they are. */
    static List<Finding> forUpgrade(ClusterInventory source, ClusterInventory target) {
        return List.of(extensions(source, target), locales(source, target));
    }

    private static Finding extensions(ClusterInventory source, ClusterInventory target) {
        List<String> missing = new ArrayList<>();
        for (DatabaseInfo db : source.databases()) {
            List<String> lacking = db.extensions().stream()
                    .filter(e -> !target.availableExtensions().contains(e)).toList();
            if (!lacking.isEmpty()) {
                missing.add("database " + db.name() + " uses " + String.join(", ", lacking));
            }
        }
        if (missing.isEmpty()) {
            return Finding.ok("extensions", "every extension in use is available on the new server");
        }
        return Finding.blocker("extensions", "the new server cannot create extensions the old one uses: "
                + String.join("; ", missing) + ". Run the new server from an image that has them installed"
                + " (e.g. postgis/postgis for PostGIS); see pg_available_extensions");
    }

    private static Finding locales(ClusterInventory source, ClusterInventory target) {
        List<String> missing = new ArrayList<>();
        for (DatabaseInfo db : source.databases()) {
            if (PRE_EXISTING.contains(db.name())) {
                continue;
            }
            for (String locale : new LinkedHashSet<>(List.of(db.collate(), db.ctype()))) {
                if (!target.knowsLocale(locale)) {
                    missing.add("database " + db.name() + " (" + db.encoding() + ") uses locale " + locale);
                }
            }
        }
        if (missing.isEmpty()) {
            return Finding.ok("locales", "every database's collation and ctype exist on the new server");
        }
        return Finding.blocker("locales", "the new server does not know locales the old databases use: "
                + String.join("; ", missing) + ". Add them to the new server's image (localedef / locales package)"
                + " and restart it, so CREATE DATABASE can use them");
    }

    private static Finding tablespaces(ClusterInventory source) {
        if (source.tablespaces().isEmpty()) {
            return Finding.ok("tablespaces", "none besides pg_default");
        }
        List<String> spaces = source.tablespaces().stream().map(t -> t.name() + " at " + t.location()).toList();
        return Finding.blocker("tablespaces", "the dump creates tablespaces at the old server's paths: "
                + String.join("; ", spaces) + ". Each path must exist on the new server, empty and owned by"
                + " postgres; or move their objects to pg_default and drop them on the old server first");
    }
}
