package dev.pghop.scenario;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads query results as text over one JDBC connection, for snapshots that run many small queries. */
final class Sql {
    private Sql() {
    }

    /**
     * The first column of every row, as text (SQL NULL as "(null)"), sorted as Java strings: a fixed order whatever
     * the server's collation or version.
     */
    static List<String> lines(Connection connection, String query) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                String value = rows.getString(1);
                lines.add(value == null ? "(null)" : value);
            }
        }
        lines.sort(null);
        return lines;
    }

    /**
     * SQL that shows an aclitem[] column with its entries sorted, or "(default)" when it is NULL: the server keeps
     * grants in the order they were made, and a restore may make them in another.
     */
    static String sortedAcl(String column) {
        return "coalesce((SELECT array_agg(a::text ORDER BY a::text COLLATE \"C\") FROM unnest(" + column
                + ") a)::text, '(default)')";
    }

    /** The first column of the one row a query returns. */
    static String value(Connection connection, String query) throws SQLException {
        List<String> lines = lines(connection, query);
        if (lines.size() != 1) {
            throw new SQLException("expected one row but got " + lines.size() + " from: " + query);
        }
        return lines.get(0);
    }
}
