package dev.pghop.verify;

import static dev.pghop.verify.CatalogSql.hash64;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import dev.pghop.config.VerifyMode;

/**
 * A table's rows, counted and, in checksums mode, hashed: the sum of a 64-bit hash of each row's text, which does
 * not depend on the order rows are read in. Rows print alike on both servers because {@link VerifySessions} sets
 * them up alike, and columns are taken by name, so a different column order does not change the text.
 *
 * @param checksum null in counts mode
 */
record TableChecksum(long rows, String checksum) {

    static String sql(TableList.Entry table, VerifyMode mode) {
        String checksum = mode == VerifyMode.CHECKSUMS
                ? "coalesce(sum(" + hash64("ROW(" + table.columns() + ")::text") + "), 0)"
                : "NULL";
        return "SELECT count(*), " + checksum + " FROM ONLY " + table.name() + " x"
                + table.config().map(filter -> filter.clause(java.util.Optional.empty())).orElse("");
    }

    static TableChecksum read(Connection session, TableList.Entry table, VerifyMode mode) throws SQLException {
        try (Statement s = session.createStatement(); ResultSet rs = s.executeQuery(sql(table, mode))) {
            rs.next();
            return new TableChecksum(rs.getLong(1), rs.getString(2));
        }
    }
}
