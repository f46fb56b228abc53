package dev.pghop.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Small JDBC reads, values as text: one value, one column as a set, or all rows. */
public final class Queries {
    /**
     * The user's tables, materialized views and partitioned tables of the current database, schema-qualified and
     * quoted: what gets planner statistics after a copy.
     */
    public static final String USER_TABLES = """
            SELECT pg_catalog.format('%I.%I', n.nspname, c.relname)
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'm', 'p')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast'""";

    /**
     * What statistics a dump carried from the old server (pg_dump 18 and later, --statistics) do not cover, in the
     * current database: tables the old server had none for, and tables with extended statistics (CREATE
     * STATISTICS), whose data no dump carries. Schema-qualified and quoted.
     */
    public static final String NOT_COVERED_BY_CARRIED_STATISTICS = """
            SELECT pg_catalog.format('%I.%I', n.nspname, c.relname)
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'm', 'p')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast'
              AND (EXISTS (SELECT 1 FROM pg_catalog.pg_statistic_ext e WHERE e.stxrelid = c.oid)
                   OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_statistic s WHERE s.starelid = c.oid))""";

    private Queries() {
    }

    public static String single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    public static Set<String> column(Connection c, String sql) throws SQLException {
        Set<String> values = new LinkedHashSet<>();
        rows(c, sql).forEach(r -> values.add(r.get(0)));
        return values;
    }

    public static List<List<String>> rows(Connection c, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>(columns);
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
