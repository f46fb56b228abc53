package dev.pghop.migrate;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import dev.pghop.postgres.ExtensionConfigFilter;
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
     * @param config for an extension's configuration table, the filter the extension registered for its user rows;
     *        empty for any other table
     * @param binary every column is of a built-in base or range type with a binary form, whose COPY BINARY layout
     *        is the same on every major: cheaper to write and to read than text. Not the reg* types (regclass,
     *        regproc, regconfig, ... and their arrays): their binary form is the object's OID, which a new cluster
     *        does not keep, so they go as text, by name
     * @param blocks the table's size in blocks at the snapshot, for splitting a large one into ranges
     */
    record Table(String name, String columns, long bytes, Optional<ExtensionConfigFilter> config, boolean binary,
            long blocks) {
    }

    /**
     * A part of a table's rows: all of them, or a range of its blocks (a large table is copied by several lanes at
     * once). The first and the last ranges are open, so no row is left out.
     *
     * @param where the part's condition, empty for the whole table
     */
    record Part(Table table, String where, int of) {
        String copyOut() {
            Optional<String> range = where.isEmpty() ? Optional.empty() : Optional.of(where);
            String rows = table.config().map(filter -> filter.clause(range))
                    .orElse(range.map(r -> " WHERE " + r).orElse(""));
            return "COPY (SELECT " + table.columns() + " FROM ONLY " + table.name() + rows + ") TO STDOUT"
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
            return of == 1 && table.config().isEmpty();
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
            if (t.bytes() > splitAbove && ways > 1 && blockRanges && t.blocks() >= ways
                    && t.config().map(ExtensionConfigFilter::combines).orElse(true)) {
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

    /**
     * Which tables a copy reads: every plain table and partition of the user (not temporary ones), and extension
     * configuration tables, whose user rows a dump carries; c is the table, n its schema.
     */
    private static final String COPIED = """
            c.relkind = 'r' AND c.relpersistence <> 't'
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast'
              AND (EXISTS (SELECT 1 FROM pg_catalog.pg_extension e WHERE c.oid = ANY (e.extconfig))
                  OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                      WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid
                        AND d.deptype = 'e'))""";

    /** The schema-qualified, quoted names of the tables a copy reads, to lock them before the snapshot. */
    static final String NAMES = "SELECT pg_catalog.format('%I.%I', n.nspname, c.relname) FROM pg_catalog.pg_class c"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE " + COPIED;

    /** The tables a copy reads, with what copying them needs; largest first. */
    static List<Table> tables(Connection snapshot) throws SQLException {
        boolean generatedColumns = Integer.parseInt(Queries.single(snapshot, "SHOW server_version_num")) >= 120000;
        String sql = """
                SELECT pg_catalog.format('%I.%I', n.nspname, c.relname),
                    coalesce(pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum), ''),
                    pg_catalog.pg_table_size(c.oid), min(cfg.condition),
                    bool_and(a.atttypid < 16384 AND t.typsend <> 0 AND t.typreceive <> 0
                        AND t.typtype IN ('b', 'r', 'm') AND NOT (t.typname ~ '^_?reg'
                            AND t.typnamespace = 'pg_catalog'::pg_catalog.regnamespace)),
                    pg_catalog.pg_relation_size(c.oid) / pg_catalog.current_setting('block_size')::int
                FROM pg_catalog.pg_class c
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped {generated}
                LEFT JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
                LEFT JOIN LATERAL (SELECT e.extcondition[pg_catalog.array_position(e.extconfig, c.oid)] AS condition
                    FROM pg_catalog.pg_extension e WHERE c.oid = ANY (e.extconfig)) cfg ON true
                WHERE {copied}
                GROUP BY n.nspname, c.relname, c.oid
                ORDER BY 3 DESC""".replace("{generated}", generatedColumns ? "AND a.attgenerated = ''" : "")
                .replace("{copied}", COPIED);
        return Queries.rows(snapshot, sql).stream().map(r -> new Table(r.get(0), r.get(1), Long.parseLong(r.get(2)),
                Optional.ofNullable(r.get(3)).map(ExtensionConfigFilter::new), "t".equals(r.get(4)),
                Long.parseLong(r.get(5)))).toList();
    }
}
