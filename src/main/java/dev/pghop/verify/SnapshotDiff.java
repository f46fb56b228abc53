package dev.pghop.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.function.Function;

/** Compares the snapshots of the two servers object by object and property by property. */
public final class SnapshotDiff {
    private SnapshotDiff() {
    }

    /** The differences between two snapshots of one database. */
    public static List<Difference> between(String database, CatalogSnapshot old, CatalogSnapshot fresh) {
        return between(old, fresh, object -> database);
    }

    /**
     * The differences between two snapshots, in object order.
     *
     * @param databaseOf the database an object belongs to (null for cluster-wide objects)
     */
    public static List<Difference> between(CatalogSnapshot old, CatalogSnapshot fresh,
            Function<String, String> databaseOf) {
        TreeSet<String> objects = new TreeSet<>(old.objects().keySet());
        objects.addAll(fresh.objects().keySet());
        List<Difference> found = new ArrayList<>();
        for (String object : objects) {
            String database = databaseOf.apply(object);
            if (!fresh.has(object)) {
                found.add(Difference.onlyOld(database, object));
            } else if (!old.has(object)) {
                found.add(Difference.onlyNew(database, object));
            } else {
                compareProperties(database, object, old.properties(object), fresh.properties(object), found);
            }
        }
        return found;
    }

    private static void compareProperties(String database, String object, SortedMap<String, String> old,
            SortedMap<String, String> fresh, List<Difference> found) {
        TreeSet<String> properties = new TreeSet<>(old.keySet());
        properties.addAll(fresh.keySet());
        for (String property : properties) {
            String before = old.getOrDefault(property, CatalogSnapshot.NONE);
            String after = fresh.getOrDefault(property, CatalogSnapshot.NONE);
            if (!before.equals(after)) {
                found.add(Difference.of(database, object, property, before, after));
            }
        }
    }
}
