package dev.pghop.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The SQL conveniences of {@link PgServer}: statements and queries run as the superuser, errors naming the server. */
final class ServerQueries {

    private ServerQueries() {
    }

    static void execute(PgServer server, String database, String... sql) {
        try (Connection connection = server.connect(database); Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("while running SQL on " + server + ", database " + database + ": "
                    + e.getMessage(), e);
        }
    }

    static List<List<String>> rows(PgServer server, String database, String sql) {
        try (Connection connection = server.connect(database); Statement statement = connection.createStatement();
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
            throw new IllegalStateException("while querying " + server + ", database " + database + ": "
                    + e.getMessage(), e);
        }
    }
}
