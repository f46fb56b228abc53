package dev.pghop.migrate;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import dev.pghop.postgres.Queries;

/**
 * What a database's data section holds, read in its snapshot: the tables whose rows pg_dump would copy (with the
 * columns it would copy: not generated ones), and the sequences whose values it would set.
 */
final class SourceTables {
    /**
     * One table's rows to copy.
     *
     * @param name schema-qualified and quoted
     * @param columns quoted, comma separated
     * @param condition for an extension's configuration table, the WHERE clause the extension registered for its
     *        user rows; empty otherwise
     */
    record Table(String name, String columns, long bytes, String condition) {
        String copyOut() {
            return condition.isEmpty() ? "COPY " + name + " (" + columns + ") TO STDOUT"
                    : "COPY (SELECT " + columns + " FROM ONLY " + name + " " + condition + ") TO STDOUT";
        }

        String copyIn() {
            return "COPY " + name + " (" + columns + ") FROM STDIN";
        }
    }

    /** Every plain table and partition of the user, and extension configuration tables; largest first. */
    static List<Table> tables(Connection snapshot) throws SQLException {
        boolean generatedColumns = Integer.parseInt(Queries.single(snapshot, "SHOW server_version_num")) >= 120000;
        String sql = """
                SELECT pg_catalog.format('%I.%I', n.nspname, c.relname),
                    pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum),
                    pg_catalog.pg_table_size(c.oid), coalesce(min(cfg.condition), '')
                FROM pg_catalog.pg_class c
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped {generated}
                LEFT JOIN LATERAL (SELECT e.extcondition[pg_catalog.array_position(e.extconfig, c.oid)] AS condition
                    FROM pg_catalog.pg_extension e WHERE c.oid = ANY (e.extconfig)) cfg ON true
                WHERE c.relkind = 'r' AND c.relpersistence <> 't'
                  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast'
                  AND (cfg.condition IS NOT NULL OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                      WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid
                        AND d.deptype = 'e'))
                GROUP BY n.nspname, c.relname, c.oid
                ORDER BY 3 DESC""".replace("{generated}", generatedColumns ? "AND a.attgenerated = ''" : "");
        return Queries.rows(snapshot, sql).stream()
                .map(r -> new Table(r.get(0), r.get(1), Long.parseLong(r.get(2)), r.get(3))).toList();
    }

    /** Each user sequence with the value pg_dump would set: "SELECT setval(...)" statements for the new server. */
    static List<String> sequenceValues(Connection snapshot) throws SQLException {
        List<String> sequences = Queries.rows(snapshot, """
                SELECT pg_catalog.format('%I.%I', n.nspname, c.relname)
                FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind = 'S' AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                    WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid
                      AND d.deptype = 'e')""").stream().map(r -> r.get(0)).toList();
        List<String> setvals = new java.util.ArrayList<>();
        for (String seq : sequences) {
            setvals.add(Queries.single(snapshot, "SELECT pg_catalog.format('SELECT pg_catalog.setval(%L, %L, %L)', "
                    + "'" + seq.replace("'", "''") + "', last_value, is_called) FROM " + seq));
        }
        return setvals;
    }

    static boolean hasLargeObjects(Connection snapshot) throws SQLException {
        return "t".equals(Queries.single(snapshot,
                "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_largeobject_metadata)"));
    }
}
