package dev.pghop.verify;

import static dev.pghop.verify.CatalogSql.notFromExtension;
import static dev.pghop.verify.CatalogSql.userSchema;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import dev.pghop.postgres.Queries;

/**
 * Where each sequence stands (last value, is called): the user's, and those an extension registered as configuration,
 * whose values a dump carries. A sequence is read like a one-row table, so the server writes
 * one SELECT per sequence, with its name quoted, and they are read in batches joined with UNION ALL.
 */
final class SequenceValues {
    private static final int PER_QUERY = 200;
    private static final String READERS = "SELECT format('SELECT %L, last_value AS \"last value\", is_called AS"
            + " \"is called\" FROM %I.%I', 'sequence ' || format('%I.%I', n.nspname, c.relname), n.nspname, c.relname)"
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'S' AND "
            + userSchema("n.nspname") + " AND (" + notFromExtension("'pg_class'::regclass", "c.oid")
            + " OR c.oid IN (SELECT unnest(e.extconfig) FROM pg_extension e))";

    private SequenceValues() {
    }

    /** The queries that read every sequence of the session's database. */
    static List<String> queries(Connection session) throws SQLException {
        List<String> readers = List.copyOf(Queries.column(session, READERS));
        List<String> queries = new ArrayList<>();
        for (int i = 0; i < readers.size(); i += PER_QUERY) {
            queries.add(String.join(" UNION ALL ", readers.subList(i, Math.min(readers.size(), i + PER_QUERY))));
        }
        return queries;
    }
}
