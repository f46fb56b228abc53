package dev.pghop.upgrade;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;


/**
 * The indexes whose order the new image's glibc or ICU may no longer agree with. pg_upgrade moves index files as they
 * are, and a new cluster records the collation versions of its own libraries, so PostgreSQL itself would never warn:
 * an index built under another glibc or ICU version silently misses rows. pghop compares the version the old cluster
 * recorded for each collation its indexes sort by with the version the new major sorts by here, and names the
 * indexes where they differ, which the upgrade rebuilds ({@link IndexList}) before the new cluster is handed over.
 *
 * @param changed each collation whose version changes, with its indexes
 * @param unknown each collation whose recorded version is unknown (the old cluster recorded none), with its indexes
 */
public record CollationChanges(List<Change> changed, List<Change> unknown) {
    /**
     * One collation of one database and the indexes that sort by it.
     *
     * @param recorded the version the old cluster recorded; null when it recorded none
     * @param actual the version it sorts by in the new major; null when unknown
     */
    public record Change(String database, String collation, String provider, String locale, String recorded,
            String actual, List<String> indexes) {
        public String describe() {
            return "collation " + collation + (collation.equals("default") ? " (" + locale + ")" : "") + " of"
                    + " database " + database + " (" + (provider.equals("i") ? "ICU" : "glibc") + " "
                    + (recorded == null ? "version unknown" : recorded) + " → " + (actual == null ? "unknown"
                            : actual) + "): " + indexes.size() + " index(es), " + listed(indexes);
        }
    }

    static CollationChanges between(OldCluster old, NewCluster fresh) {
        Map<String, List<OldCluster.CollationUse>> byCollation = new LinkedHashMap<>();
        for (OldCluster.CollationUse use : old.collations()) {
            byCollation.computeIfAbsent(use.database() + "\u0000" + use.collation(), k -> new ArrayList<>()).add(use);
        }
        List<Change> changed = new ArrayList<>();
        List<Change> unknown = new ArrayList<>();
        for (List<OldCluster.CollationUse> uses : byCollation.values()) {
            OldCluster.CollationUse first = uses.get(0);
            Optional<String> actual = fresh.versionOf(first.provider(), first.locale());
            List<String> indexes = List.copyOf(new TreeSet<>(uses.stream().map(OldCluster.CollationUse::index)
                    .toList()));
            Change change = new Change(first.database(), first.collation(), first.provider(), first.locale(),
                    first.recorded(), actual.orElse(null), indexes);
            if (first.recorded() == null) {
                unknown.add(change);
            } else if (!Objects.equals(first.recorded(), actual.orElse(null))) {
                changed.add(change);
            }
        }
        return new CollationChanges(List.copyOf(changed), List.copyOf(unknown));
    }

    /** How many indexes the run rebuilds. */
    public int indexesToRebuild() {
        return changed.stream().mapToInt(c -> c.indexes().size()).sum();
    }

    private static String listed(List<String> items) {
        int shown = Math.min(items.size(), 10);
        return String.join(", ", items.subList(0, shown)) + (items.size() > shown ? " and " + (items.size() - shown)
                + " more" : "");
    }
}
