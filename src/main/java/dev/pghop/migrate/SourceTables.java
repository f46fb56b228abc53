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
     * @param key its primary key's column, quoted, when that key is one integer column; null otherwise
     */
    record Table(String name, String columns, long bytes, String condition, boolean binary, long blocks, String key) {
    }

    /**
     * A part of a table's rows: all of them, or a range of them (a large table is copied by several lanes at once):
     * a range of blocks, or of its integer key. The first and the last ranges are open, so no row is left out.
     *
     * @param where the part's condition, empty for the whole table
     * @param byKey a range of the key, to be read through the key's index: a sequential scan would read the whole
     *        table for each range
     */
    record Part(Table table, String where, int of, boolean byKey) {
        String copyOut() {
            String condition = table.condition().isEmpty() ? (where.isEmpty() ? "" : " WHERE " + where)
                    : " " + table.condition() + (where.isEmpty() ? "" : " AND " + where);
            return "COPY (SELECT " + table.columns() + " FROM ONLY " + table.name() + condition + ") TO STDOUT"
                    + format();
        }

        String copyIn() {
            // A table whose columns were all dropped still holds its rows: COPY writes an empty line for each.
            String columns = table.columns().isEmpty() ? "" : " (" + table.columns() + ")";
            return "COPY " + table.name() + columns + " FROM STDIN" + format();
        }

        private String format() {
            return table.binary() ? " (FORMAT binary)" : "";
        }
    }

    /**
     * The parts to copy, largest first: a table above {@code splitAbove} bytes in {@code ways} ranges, so several
     * lanes fill it. Block ranges where the old server reads a range of blocks alone (TID range scans, 14 and
     * later); else ranges of its integer primary key, read through its index, found from the key's least and
     * greatest value in the snapshot; else the table whole.
     */
    static List<Part> parts(Connection snapshot, List<Table> tables, long splitAbove, int ways, boolean blockRanges)
            throws SQLException {
        List<Part> parts = new java.util.ArrayList<>();
        for (Table t : tables) {
            boolean split = t.bytes() > splitAbove && ways > 1;
            if (split && blockRanges && t.blocks() >= ways) {
                parts.addAll(blockRanges(t, ways));
                LOG.infof("migrate: table %s in %d ranges of blocks, copied at once", t.name(), ways);
            } else if (split && t.key() != null) {
                parts.addAll(keyRanges(snapshot, t, ways));
                LOG.infof("migrate: table %s in %d ranges of its key %s, copied at once", t.name(), ways, t.key());
            } else {
                parts.add(new Part(t, "", 1, false));
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
                    + (i == ways - 1 ? "" : " AND ctid < '(" + (i + 1) * step + ",0)'::pg_catalog.tid"), ways, false));
        }
        return parts;
    }

    private static List<Part> keyRanges(Connection snapshot, Table t, int ways) throws SQLException {
        List<String> bounds = Queries.rows(snapshot, "SELECT min(" + t.key() + "), max(" + t.key() + ") FROM ONLY "
                + t.name()).get(0);
        if (bounds.get(0) == null) {
            return List.of(new Part(t, "", 1, false));
        }
        long low = Long.parseLong(bounds.get(0));
        long high = Long.parseLong(bounds.get(1));
        long step = Math.max(1, (high - low) / ways + 1);
        List<Part> parts = new java.util.ArrayList<>();
        for (int i = 0; i < ways; i++) {
            String from = i == 0 ? "" : t.key() + " >= " + (low + i * step);
            String to = i == ways - 1 ? "" : t.key() + " < " + (low + (i + 1) * step);
            parts.add(new Part(t, from.isEmpty() ? to : to.isEmpty() ? from : from + " AND " + to, ways, true));
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
                    pg_catalog.pg_relation_size(c.oid) / pg_catalog.current_setting('block_size')::int,
                    (SELECT pg_catalog.quote_ident(ka.attname) FROM pg_catalog.pg_index ki
                     JOIN pg_catalog.pg_attribute ka ON ka.attrelid = ki.indrelid AND ka.attnum = ki.indkey[0]
                     WHERE ki.indrelid = c.oid AND ki.indisprimary AND ki.indnatts = 1
                       AND ka.atttypid IN ('pg_catalog.int2'::pg_catalog.regtype, 'pg_catalog.int4'::pg_catalog.regtype,
                                           'pg_catalog.int8'::pg_catalog.regtype))
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
                r.get(3), "t".equals(r.get(4)), Long.parseLong(r.get(5)), r.get(6))).toList();
    }
}
