package dev.pghop.migrate;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.pghop.postgres.Queries;

/**
 * The primary keys and unique constraints of the large tables, built as plain unique indexes beside the tables'
 * other indexes, then made constraints in a moment (ALTER TABLE ... ADD CONSTRAINT ... USING INDEX).
 * <p>
 * pg_restore runs a table's CREATE INDEX entries at the same time, but never a constraint beside anything else on
 * its table: ALTER TABLE ... ADD PRIMARY KEY takes an exclusive lock. On a large table with a key and other indexes
 * the key's build then waits for the others or they for it; as a unique index it needs only the lock CREATE INDEX
 * takes. Only constraints that ADD CONSTRAINT ... USING INDEX takes over as they are: not deferrable, on a table
 * that is neither partitioned nor a partition, a b-tree over plain columns (no INCLUDE, no WITHOUT OVERLAPS).
 */
record KeyIndexes(List<KeyIndex> indexes) {
    static final KeyIndexes NONE = new KeyIndexes(List.of());

    /**
     * One key.
     *
     * @param oid the constraint's oid on the old server, as pg_restore --list names it
     * @param definition CREATE UNIQUE INDEX as the old server prints it, schema-qualified
     * @param attach the ALTER TABLE statements that make the index the constraint again, as pg_dump's entry would
     *        have left it (its replica identity, the index it is clustered on)
     */
    record KeyIndex(long oid, String table, String definition, List<String> attach) {
    }

    /** "2301; 2606 16420 CONSTRAINT public t t_pkey app": 2606 is pg_constraint, 16420 the constraint's oid. */
    private static final Pattern CONSTRAINT_ENTRY = Pattern.compile("^\\d+; 2606 (\\d+) CONSTRAINT .*");

    /**
     * The keys worth building early, read in the snapshot: those of {@code tables} (schema-qualified, quoted) that
     * have another index beside the key's own, so that the two can be built at once.
     */
    static KeyIndexes of(Connection snapshot, Collection<String> tables) throws SQLException {
        if (tables.isEmpty() || Integer.parseInt(Queries.single(snapshot, "SHOW server_version_num")) < 110000) {
            return NONE;
        }
        String names = tables.stream().map(t -> "'" + t.replace("'", "''") + "'").collect(Collectors.joining(", "));
        // pg_get_indexdef qualifies the table only where the search path would not find it: an empty one makes
        // every name qualified. The session's own comes back after (a failed read ends the snapshot's transaction,
        // and the copy with it).
        String searchPath = Queries.single(snapshot, "SELECT pg_catalog.current_setting('search_path')");
        Queries.single(snapshot, "SELECT pg_catalog.set_config('search_path', '', true)");
        List<KeyIndex> keys = read(snapshot, names);
        try (var s = snapshot.prepareStatement("SELECT pg_catalog.set_config('search_path', ?, true)")) {
            s.setString(1, searchPath);
            s.execute();
        }
        return new KeyIndexes(keys);
    }

    private static List<KeyIndex> read(Connection snapshot, String names) throws SQLException {
        String sql = """
                SELECT con.oid, pg_catalog.format('%I.%I', n.nspname, c.relname), pg_catalog.quote_ident(con.conname),
                    con.contype, pg_catalog.pg_get_indexdef(con.conindid),
                    coalesce(pg_catalog.quote_ident(ts.spcname), ''), i.indisreplident, i.indisclustered
                FROM pg_catalog.pg_constraint con
                JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_catalog.pg_index i ON i.indexrelid = con.conindid
                JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
                LEFT JOIN pg_catalog.pg_tablespace ts ON ts.oid = ic.reltablespace
                WHERE con.contype IN ('p', 'u') AND NOT con.condeferrable AND c.relkind = 'r' AND NOT c.relispartition
                  AND i.indnkeyatts = i.indnatts AND i.indexprs IS NULL AND i.indpred IS NULL
                  AND ic.relam = (SELECT am.oid FROM pg_catalog.pg_am am WHERE am.amname = 'btree')
                  AND pg_catalog.format('%I.%I', n.nspname, c.relname) IN ({names})
                  AND EXISTS (SELECT 1 FROM pg_catalog.pg_index other
                              WHERE other.indrelid = c.oid AND other.indexrelid <> con.conindid)
                ORDER BY pg_catalog.pg_relation_size(c.oid) DESC""".replace("{names}", names);
        List<KeyIndex> keys = new ArrayList<>();
        for (List<String> r : Queries.rows(snapshot, sql)) {
            String table = r.get(1);
            String name = r.get(2);
            String definition = r.get(4) + (r.get(5).isEmpty() ? "" : " TABLESPACE " + r.get(5));
            List<String> attach = new ArrayList<>(List.of("ALTER TABLE ONLY " + table + " ADD CONSTRAINT " + name
                    + ("p".equals(r.get(3)) ? " PRIMARY KEY" : " UNIQUE") + " USING INDEX " + name));
            if ("t".equals(r.get(6))) {
                attach.add("ALTER TABLE ONLY " + table + " REPLICA IDENTITY USING INDEX " + name);
            }
            if ("t".equals(r.get(7))) {
                attach.add("ALTER TABLE " + table + " CLUSTER ON " + name);
            }
            keys.add(new KeyIndex(Long.parseLong(r.get(0)), table, definition, List.copyOf(attach)));
        }
        return List.copyOf(keys);
    }

    boolean isEmpty() {
        return indexes.isEmpty();
    }

    /** The post-data entries left to pg_restore: all but these keys' own. */
    List<String> without(List<String> entries) {
        Set<Long> early = indexes.stream().map(KeyIndex::oid).collect(Collectors.toSet());
        return entries.stream().filter(line -> {
            var m = CONSTRAINT_ENTRY.matcher(line);
            return !(m.matches() && early.contains(Long.parseLong(m.group(1))));
        }).toList();
    }

    /** The tables, for messages: "public.events, public.orders". */
    String tables() {
        return indexes.stream().map(KeyIndex::table).distinct().collect(Collectors.joining(", "));
    }

    /** Every ALTER TABLE that turns the built indexes into their constraints, in order. */
    List<String> attachments() {
        return indexes.stream().flatMap(k -> k.attach().stream()).toList();
    }
}
