package dev.pghop.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A PostgreSQL server a test reaches over JDBC as its superuser: a {@link PgServer} run by the harness, or a
 * container. Sample data and snapshots are written against this, so they serve both. Errors name the server.
 */
public interface SqlServer {

    String superuser();

    String password();

    Connection connect(String database, String user, String password) throws SQLException;

    default Connection connect(String database) throws SQLException {
        return connect(database, superuser(), password());
    }

    /** Runs each statement as the superuser, in autocommit mode. */
    default void execute(String database, String... sql) {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("while running SQL on " + this + ", database " + database + ": "
                    + e.getMessage(), e);
        }
    }

    /** The rows of a query as text values (SQL NULL stays null), run as the superuser. */
    default List<List<String>> rows(String database, String sql) {
        try (Connection connection = connect(database); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            List<List<String>> rows = new ArrayList<>();
            while (result.next()) {
                String[] row = new String[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = result.getString(i + 1);
                }
                rows.add(Arrays.asList(row));
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("while querying " + this + ", database " + database + ": "
                    + e.getMessage(), e);
        }
    }

    /** The first column of the first row of a query, or null when there is no row. */
    default String value(String database, String sql) {
        List<List<String>> rows = rows(database, sql);
        return rows.isEmpty() ? null : rows.get(0).get(0);
    }
}
