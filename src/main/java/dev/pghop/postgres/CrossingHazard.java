package dev.pghop.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

import dev.pghop.postgres.ClusterInventory.Hazard;

/**
 * What an old cluster may hold that a newer server refuses to create, so that a dump of it stops half-way through
 * the load: the kinds of object PostgreSQL's own cross-version upgrade tests have to remove from the regression
 * database first, and what a server built without an option cannot take. Each kind finds its objects with a
 * catalog query on the old server (of the majors that can hold them), knows which new servers refuse them, why,
 * and how to fix each one on the old server before the upgrade.
 */
public enum CrossingHazard {
    /** PostgreSQL 14 removed postfix operators (CREATE OPERATOR with a left argument only). */
    POSTFIX_OPERATORS("postfix operators", Found.inEachDatabaseOf(0, 14), newMajorFrom(14),
            "PostgreSQL 14 and later have no postfix operators (\"postfix operators are not supported\")",
            "on the old server, call each operator's function instead of the operator where it is used, then drop it",
            """
            SELECT pg_catalog.format('operator %I.%s (%s, NONE)', n.nspname, o.oprname,
                pg_catalog.format_type(o.oprleft, NULL)), '',
              pg_catalog.format('DROP OPERATOR %I.%s (%s, NONE);', n.nspname, o.oprname,
                pg_catalog.format_type(o.oprleft, NULL))
            FROM pg_catalog.pg_operator o JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
            WHERE o.oprright = 0 AND o.oprleft <> 0 AND o.oid >= 16384
            ORDER BY 1"""),

    /**
     * PostgreSQL 16 refuses a generated column in a child table whose parent's column is not generated; 12 to 15 let
     * CREATE TABLE ... INHERITS and ALTER TABLE ... INHERIT make one.
     */
    GENERATED_CHILD_OF_PLAIN_COLUMN("generated columns inheriting from plain ones", Found.inEachDatabaseOf(12, 16),
            newMajorFrom(16), "PostgreSQL 16 and later refuse a generated column whose parent column is not generated"
                    + " (\"child column specifies generation expression\")",
            "on the old server, make each column a plain one that keeps its values (new rows then need the value from"
                    + " the application or a trigger), or drop the table if it is a leftover",
            """
            SELECT pg_catalog.format('column %I of table %I.%I (generated; its parent %I.%I''s is not)',
                a.attname, n.nspname, c.relname, pn.nspname, p.relname), '',
              pg_catalog.format('BEGIN; ALTER TABLE %1$I.%2$I NO INHERIT %3$I.%4$I; ALTER TABLE %1$I.%2$I'
                || ' ALTER COLUMN %5$I DROP EXPRESSION; ALTER TABLE %1$I.%2$I INHERIT %3$I.%4$I; COMMIT;',
                n.nspname, c.relname, pn.nspname, p.relname, a.attname)
            FROM pg_catalog.pg_inherits i
            JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_catalog.pg_class p ON p.oid = i.inhparent
            JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace
            JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
              AND a.attgenerated <> ''
            JOIN pg_catalog.pg_attribute pa ON pa.attrelid = p.oid AND pa.attname = a.attname
              AND NOT pa.attisdropped AND pa.attgenerated = ''
            ORDER BY 1"""),

    /** A column compressed with lz4 makes pg_dump write SET COMPRESSION lz4, which a server without lz4 refuses. */
    LZ4_COLUMNS("columns compressed with lz4", Found.inEachDatabaseOf(14, Found.ANY),
            (target, hazard) -> !target.toastCompressions().contains("lz4"),
            "the new server is built without lz4 (its default_toast_compression offers no lz4), so it refuses"
                    + " COMPRESSION lz4",
            "run the new server from an image built with lz4 (the official images are), or on the old server compress"
                    + " each column with pglz (values already stored move over all the same)",
            """
            SELECT pg_catalog.format('column %I of %s %I.%I', a.attname, CASE c.relkind WHEN 'm'
                THEN 'materialized view' ELSE 'table' END, n.nspname, c.relname), '',
              pg_catalog.format('ALTER %s %I.%I ALTER COLUMN %I SET COMPRESSION pglz;', CASE c.relkind
                WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, n.nspname, c.relname, a.attname)
            FROM pg_catalog.pg_attribute a
            JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE a.attcompression = 'l' AND a.attnum > 0 AND NOT a.attisdropped
              AND c.relkind IN ('r', 'p', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
            ORDER BY 1"""),

    /**
     * ALTER ROLE / ALTER DATABASE ... SET of a setting the new major no longer has (operator_precedence_warning in
     * 14, force_parallel_mode in 16, old_snapshot_threshold in 17, ...): pg_dumpall writes it, the new server refuses
     * it. Read once, from the shared catalog pg_db_role_setting.
     */
    REMOVED_SETTINGS("settings the new server does not know", Found.inTheClusterOf(0, Found.ANY),
            (target, hazard) -> !target.settings().isEmpty() && !target.settings().contains(hazard.detail()),
            "the new server has no such setting (it was removed or renamed), so it refuses ALTER ROLE / ALTER"
                    + " DATABASE ... SET of it",
            "on the old server, reset each (or set its new name where it was renamed)",
            """
            SELECT pg_catalog.format('setting %s', s.name) || coalesce(' of role '
                || pg_catalog.quote_ident(r.rolname), '') || coalesce(' in database '
                || pg_catalog.quote_ident(d.datname), ''), s.name,
              CASE WHEN r.rolname IS NULL THEN pg_catalog.format('ALTER DATABASE %I RESET %s;', d.datname, s.name)
                WHEN d.datname IS NULL THEN pg_catalog.format('ALTER ROLE %I RESET %s;', r.rolname, s.name)
                ELSE pg_catalog.format('ALTER ROLE %I IN DATABASE %I RESET %s;', r.rolname, d.datname, s.name)
              END
            FROM pg_catalog.pg_db_role_setting rs
            LEFT JOIN pg_catalog.pg_roles r ON r.oid = rs.setrole
            LEFT JOIN pg_catalog.pg_database d ON d.oid = rs.setdatabase
            CROSS JOIN LATERAL (SELECT pg_catalog.lower(pg_catalog.split_part(c, '=', 1)) AS name
              FROM pg_catalog.unnest(rs.setconfig) c) s
            WHERE s.name NOT LIKE '%.%'
            ORDER BY 1"""),

    /**
     * An extension at a version the new server has no scripts for: the dump's CREATE EXTENSION installs the new
     * server's default version instead, which is no refusal (a warning) but may change what is built on it.
     */
    EXTENSION_VERSIONS("extensions at a version the new server does not offer", Found.inEachDatabaseOf(0, Found.ANY),
            CrossingHazard::lacksTheVersion,
            "CREATE EXTENSION in the dump installs the new server's default version instead, so objects built on the"
                    + " extension meet that version's functions and types",
            "check that the objects built on it work with the new server's version, or update the extension on the"
                    + " old server to a version the new server offers (ALTER EXTENSION ... UPDATE TO)",
            """
            SELECT pg_catalog.format('extension %I %s', e.extname, e.extversion),
              e.extname || '=' || e.extversion,
              pg_catalog.format('ALTER EXTENSION %I UPDATE;', e.extname)
            FROM pg_catalog.pg_extension e ORDER BY 1""");

    /**
     * Which old servers can hold such objects, and where they are read.
     *
     * @param from the first old major that can (and has the catalog columns to find them)
     * @param before the first old major that no longer can, or {@link #ANY}
     * @param clusterWide read once per cluster, from a shared catalog, rather than in each database
     */
    record Found(int from, int before, boolean clusterWide) {
        static final int ANY = Integer.MAX_VALUE;

        static Found inEachDatabaseOf(int from, int before) {
            return new Found(from, before, false);
        }

        static Found inTheClusterOf(int from, int before) {
            return new Found(from, before, true);
        }

        boolean on(PgVersion old) {
            return old.major() >= from && old.major() < before;
        }
    }

    private final String title;
    private final Found found;
    private final BiPredicate<ClusterInventory, Hazard> refusedBy;
    private final String why;
    private final String fix;
    /** Columns: the object, a detail the new server is judged by (or ''), the statement that fixes it. */
    private final String query;

    CrossingHazard(String title, Found found, BiPredicate<ClusterInventory, Hazard> refusedBy, String why, String fix,
            String query) {
        this.title = title;
        this.found = found;
        this.refusedBy = refusedBy;
        this.why = why;
        this.fix = fix;
        this.query = query;
    }

    private static BiPredicate<ClusterInventory, Hazard> newMajorFrom(int major) {
        return (target, hazard) -> target.version().major() >= major;
    }

    private static boolean lacksTheVersion(ClusterInventory target, Hazard hazard) {
        String name = hazard.detail().substring(0, hazard.detail().indexOf('='));
        return !target.extensionVersions().isEmpty() && target.availableExtensions().contains(name)
                && !target.extensionVersions().contains(hazard.detail());
    }

    public String title() {
        return title;
    }

    public String why() {
        return why;
    }

    /** How to fix them, before each object's own statement. */
    public String howToFix() {
        return fix;
    }

    /** Whether such an object blocks the upgrade, or is only worth a warning (the new server takes it). */
    public boolean blocks() {
        return this != EXTENSION_VERSIONS;
    }

    /** Whether this new server refuses the object (or, for a kind that does not block, changes it). */
    public boolean refuses(ClusterInventory target, Hazard hazard) {
        return refusedBy.test(target, hazard);
    }

    /** The objects of every kind found in one database (cluster-wide kinds when {@code database} is null). */
    static List<Hazard> findIn(Connection session, PgVersion old, String database) throws SQLException {
        List<Hazard> hazards = new ArrayList<>();
        for (CrossingHazard kind : values()) {
            if (kind.found.on(old) && kind.found.clusterWide() == (database == null)) {
                for (List<String> row : Queries.rows(session, kind.query)) {
                    hazards.add(new Hazard(kind.name(), database, row.get(0), row.get(1), row.get(2)));
                }
            }
        }
        return hazards;
    }
}
