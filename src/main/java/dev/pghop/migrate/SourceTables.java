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
     * @param binary every column is of a built-in type with a binary form, whose COPY BINARY layout is the same on
     *        every major: cheaper to write and to read than text
     * @param blocks the table's size in blocks at the snapshot, for splitting a large one into ranges
     */
    record Table(String name, String columns, long bytes, String condition, boolean binary, long blocks) {
    }

    /**
     * A part of a table's rows: all of them, or the rows in a range of blocks (a large table is copied by several
     * lanes at once). The last range is open, so no row is left out.
     */
    record Part(Table table, long fromBlock, long toBlock, int of) {
        String copyOut() {
            String where = of == 1 ? "" : "ctid >= '(" + fromBlock + ",0)'::pg_catalog.tid"
                    + (toBlock < 0 ? "" : " AND ctid < '(" + toBlock + ",0)'::pg_catalog.tid");
            String condition = table.condition().isEmpty() ? (where.isEmpty() ? "" : " WHERE " + where)
                    : " " + table.condition() + (where.isEmpty() ? "" : " AND " + where);
            return "COPY (SELECT " + table.columns() + " FROM ONLY " + table.name() + condition + ") TO STDOUT"
                    + format();
        }

        String copyIn() {
            return "COPY " + table.name() + " (" + table.columns() + ") FROM STDIN" + format();
        }

        private String format() {
            return table.binary() ? " (FORMAT binary)" : "";
        }
    }

    /** The parts to copy, largest first: tables above {@code splitAbove} bytes in {@code ways} block ranges. */
    static List<Part> parts(List<Table> tables, long splitAbove, int ways) {
        List<Part> parts = new java.util.ArrayList<>();
        for (Table t : tables) {
            int n = t.bytes() > splitAbove && ways > 1 && t.blocks() >= ways ? ways : 1;
            long step = Math.max(1, t.blocks() / n);
            for (int i = 0; i < n; i++) {
                parts.add(new Part(t, i * step, i == n - 1 ? -1 : (i + 1) * step, n));
            }
        }
        parts.sort(java.util.Comparator.comparingLong((Part p) -> p.table().bytes() / p.of()).reversed());
        return parts;
    }

    /** Every plain table and partition of the user, and extension configuration tables; largest first. */
    static List<Table> tables(Connection snapshot) throws SQLException {
        boolean generatedColumns = Integer.parseInt(Queries.single(snapshot, "SHOW server_version_num")) >= 120000;
        String sql = """
                SELECT pg_catalog.format('%I.%I', n.nspname, c.relname),
                    pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum),
                    pg_catalog.pg_table_size(c.oid), coalesce(min(cfg.condition), ''),
                    bool_and(a.atttypid < 16384 AND t.typsend <> 0 AND t.typreceive <> 0),
                    pg_catalog.pg_relation_size(c.oid) / pg_catalog.current_setting('block_size')::int
                FROM pg_catalog.pg_class c
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped {generated}
                JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
                LEFT JOIN LATERAL (SELECT e.extcondition[pg_catalog.array_position(e.extconfig, c.oid)] AS condition
                    FROM pg_catalog.pg_extension e WHERE c.oid = ANY (e.extconfig)) cfg ON true
                WHERE c.relkind = 'r' AND c.relpersistence <> 't'
                  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast'
                  AND (cfg.condition IS NOT NULL OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                      WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid
                        AND d.deptype = 'e'))
                GROUP BY n.nspname, c.relname, c.oid
                ORDER BY 3 DESC""".replace("{generated}", generatedColumns ? "AND a.attgenerated = ''" : "");
        return Queries.rows(snapshot, sql).stream().map(r -> new Table(r.get(0), r.get(1), Long.parseLong(r.get(2)),
                r.get(3), "t".equals(r.get(4)), Long.parseLong(r.get(5)))).toList();
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
