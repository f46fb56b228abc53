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
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger("pghop");

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
     * A part of a table's rows: all of them, or a range of its blocks (a large table is copied by several lanes at
     * once). The first and the last ranges are open, so no row is left out.
     *
     * @param where the part's condition, empty for the whole table
     */
    record Part(Table table, String where, int of) {
        String copyOut() {
            String condition = table.condition().isEmpty() ? (where.isEmpty() ? "" : " WHERE " + where)
                    : " " + table.condition() + (where.isEmpty() ? "" : " AND " + where);
            return "COPY (SELECT " + table.columns() + " FROM ONLY " + table.name() + condition + ") TO STDOUT"
                    + format();
        }

        /** @param freeze the rows go in frozen: the table must have been emptied in the same transaction */
        String copyIn(boolean freeze) {
            // A table whose columns were all dropped still holds its rows: COPY writes an empty line for each.
            String columns = table.columns().isEmpty() ? "" : " (" + table.columns() + ")";
            List<String> options = new java.util.ArrayList<>();
            if (table.binary()) {
                options.add("FORMAT binary");
            }
            if (freeze) {
                options.add("FREEZE");
            }
            return "COPY " + table.name() + columns + " FROM STDIN"
                    + (options.isEmpty() ? "" : " (" + String.join(", ", options) + ")");
        }

        /**
         * Whether its rows can go in frozen: the whole table in one session (two cannot both empty it first) and
         * not an extension's configuration table, which may already hold rows of the extension's own.
         */
        boolean canFreeze() {
            return of == 1 && table.condition().isEmpty();
        }

        private String format() {
            return table.binary() ? " (FORMAT binary)" : "";
        }
    }

    /**
     * The parts to copy, largest first: a table above {@code splitAbove} bytes in {@code ways} ranges of blocks, so
     * several lanes fill it, where the old server reads a range of blocks alone (TID range scans, 14 and later);
     * else the table whole. (An older server could read ranges of an integer key through its index, but that reads
     * the heap in the key's order, which is the table's own only where its rows never moved: random reads of a table
     * that is not in memory, where one sequential scan is sure.)
     */
    static List<Part> parts(List<Table> tables, long splitAbove, int ways, boolean blockRanges) {
        List<Part> parts = new java.util.ArrayList<>();
        for (Table t : tables) {
            if (t.bytes() > splitAbove && ways > 1 && blockRanges && t.blocks() >= ways) {
                parts.addAll(blockRanges(t, ways));
                LOG.infof("migrate: table %s in %d ranges of blocks, copied at once", t.name(), ways);
            } else {
                parts.add(new Part(t, "", 1));
            }
        }
        parts.sort(java.util.Comparator.comparingLong((Part p) -> p.table().bytes() / p.of()).reversed());
        return parts;
    }

    private static List<Part> blockRanges(Table t, int ways) {
        List<Part> parts = new java.util.ArrayList<>();
        long step = Math.max(1, t.blocks() / ways);
        for (int i = 0; i < ways; i++) {
            parts.add(new Part(t, "ctid >= '(" + i * step + ",0)'::pg_catalog.tid"
                    + (i == ways - 1 ? "" : " AND ctid < '(" + (i + 1) * step + ",0)'::pg_catalog.tid"), ways));
        }
        return parts;
    }

    /** Every plain table and partition of the user, and extension configuration tables; largest first. */
    static List<Table> tables(Connection snapshot) throws SQLException {
        boolean generatedColumns = Integer.parseInt(Queries.single(snapshot, "SHOW server_version_num")) >= 120000;
        String sql = """
                SELECT pg_catalog.format('%I.%I', n.nspname, c.relname),
                    coalesce(pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum), ''),
                    pg_catalog.pg_table_size(c.oid), coalesce(min(cfg.condition), ''),
                    bool_and(a.atttypid < 16384 AND t.typsend <> 0 AND t.typreceive <> 0),
                    pg_catalog.pg_relation_size(c.oid) / pg_catalog.current_setting('block_size')::int
                FROM pg_catalog.pg_class c
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped {generated}
                LEFT JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
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
}
