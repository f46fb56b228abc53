package dev.pghop.verify;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one side holds, as text two servers can be compared by: objects by name ("table app_schema.customers"), each
 * with its properties by name ("owner", "privileges"), sorted. It is read with catalog queries whose first column
 * names the object and whose other columns are its properties, labelled with what they mean; several queries may
 * describe the same object.
 */
public final class CatalogSnapshot {
    /** How SQL NULL reads in a snapshot and a report. */
    public static final String NONE = "(none)";
    /** How much of each property names an object the catalog gives no name. */
    private static final int UNNAMED_VALUE = 80;

    private final SortedMap<String, SortedMap<String, String>> objects = new TreeMap<>();

    public static CatalogSnapshot read(Connection session, List<String> queries) throws SQLException {
        CatalogSnapshot snapshot = new CatalogSnapshot();
        for (String query : queries) {
            snapshot.addRows(session, query);
        }
        return snapshot;
    }

    private void addRows(Connection session, String query) throws SQLException {
        try (Statement s = session.createStatement(); ResultSet rs = s.executeQuery(query)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                SortedMap<String, String> properties = new TreeMap<>();
                for (int i = 2; i <= meta.getColumnCount(); i++) {
                    properties.put(meta.getColumnLabel(i), text(rs, meta, i));
                }
                String name = rs.getString(1);
                String object = name == null ? unnamed(properties) : name;
                add(object);
                properties.forEach((property, value) -> add(object, property, value));
            }
        } catch (SQLException e) {
            String start = query.strip().replaceAll("\\s+", " ");
            throw new SQLException(e.getMessage() + " (in the catalog query " + start.substring(0,
                    Math.min(start.length(), 80)) + " ...)", e.getSQLState(), e);
        }
    }

    /**
     * The name of an object whose catalog row gives it none (a catalog query names each object from its catalog
     * entries, and an entry it did not foresee can make that name NULL): its properties stand for it, so that the
     * report still shows which object it is, and the same object on both servers still compares equal.
     */
    static String unnamed(SortedMap<String, String> properties) {
        StringBuilder name = new StringBuilder("object verify cannot name (");
        properties.forEach((property, value) -> {
            if (!NONE.equals(value)) {
                name.append(name.charAt(name.length() - 1) == '(' ? "" : ", ").append(property).append(' ')
                        .append(value.length() > UNNAMED_VALUE ? value.substring(0, UNNAMED_VALUE) + "..." : value);
            }
        });
        return name.append(')').toString();
    }

    private static String text(ResultSet rs, ResultSetMetaData meta, int column) throws SQLException {
        String value = rs.getString(column);
        if (value == null) {
            return NONE;
        }
        int type = meta.getColumnType(column);
        if (type == Types.BIT || type == Types.BOOLEAN) {
            return "t".equals(value) || "true".equals(value) ? "true" : "false";
        }
        return value;
    }

    /**
     * Adds one property. Should two rows give the same object the same property (e.g. a membership granted twice
     * by different grantors), their lines are kept together, sorted, so the snapshot does not depend on row order.
     */
    public CatalogSnapshot add(String object, String property, String value) {
        objects.computeIfAbsent(object, o -> new TreeMap<>()).merge(property, value, (a, b) -> {
            List<String> values = new java.util.ArrayList<>(List.of(a.split("\n")));
            values.add(b);
            Collections.sort(values);
            return String.join("\n", values);
        });
        return this;
    }

    /** Adds an object with no properties of its own. */
    public CatalogSnapshot add(String object) {
        objects.computeIfAbsent(object, o -> new TreeMap<>());
        return this;
    }

    public SortedMap<String, SortedMap<String, String>> objects() {
        return Collections.unmodifiableSortedMap(objects);
    }

    public SortedMap<String, String> properties(String object) {
        return objects.getOrDefault(object, Collections.emptySortedMap());
    }

    public boolean has(String object) {
        return objects.containsKey(object);
    }

    public int size() {
        return objects.size();
    }
}
