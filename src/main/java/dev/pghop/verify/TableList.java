package dev.pghop.verify;

import static dev.pghop.verify.CatalogSql.notFromExtension;
import static dev.pghop.verify.CatalogSql.qualified;
import static dev.pghop.verify.CatalogSql.userSchema;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.pghop.postgres.ExtensionConfigFilter;
import dev.pghop.postgres.Queries;

/**
 * The tables of a database whose rows verify compares: ordinary tables (partitions included; a partitioned parent
 * holds no rows of its own) and populated materialized views, in user schemas, not an extension's, but for an
 * extension's configuration tables, whose rows that the extension's filter keeps a dump carries.
 */
final class TableList {
    /**
     * @param object how the catalog and the report name it, e.g. "table app_schema.customers"
     * @param name its quoted, schema-qualified name for SQL
     * @param bytes its size with TOAST, without indexes
     * @param columns its columns as SQL on the alias x, sorted by name: x.a, x.b
     * @param config for an extension's configuration table, the filter that keeps the user's rows; empty otherwise
     */
    record Entry(String object, String name, long bytes, String columns, Optional<ExtensionConfigFilter> config) {
        /** The same table with the rows another filter keeps: the old server's, on both sides. */
        Entry filteredBy(Optional<ExtensionConfigFilter> filter) {
            return new Entry(object, name, bytes, columns, filter);
        }
    }

    private static final String TABLES = "SELECT CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'table ' END"
            + " || " + qualified("n.nspname", "c.relname") + ", " + qualified("n.nspname", "c.relname")
            + ", pg_table_size(c.oid), (SELECT string_agg(format('x.%I', a.attname), ', ' ORDER BY a.attname"
            + " COLLATE \"C\") FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped)"
            + ", cfg.condition FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " LEFT JOIN LATERAL (SELECT e.extcondition[array_position(e.extconfig, c.oid)] AS condition"
            + " FROM pg_extension e WHERE c.oid = ANY (e.extconfig)) cfg ON true"
            + " WHERE (c.relkind = 'r' OR c.relkind = 'm' AND c.relispopulated) AND " + userSchema("n.nspname")
            + " AND (cfg.condition IS NOT NULL OR " + notFromExtension("'pg_class'::regclass", "c.oid") + ")";

    private TableList() {
    }

    /** The tables by object name. */
    static Map<String, Entry> read(Connection session) throws SQLException {
        Map<String, Entry> tables = new LinkedHashMap<>();
        for (List<String> row : Queries.rows(session, TABLES)) {
            tables.put(row.get(0), new Entry(row.get(0), row.get(1), Long.parseLong(row.get(2)),
                    row.get(3) == null ? "" : row.get(3), Optional.ofNullable(row.get(4)).map(ExtensionConfigFilter::new)));
        }
        return tables;
    }
}
