package dev.pghop.scenario;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import dev.pghop.testing.SqlServer;

/**
 * What one database holds, as lines of text: extensions, schemas, relations with owner and privileges, every user
 * table's rows (count and MD5 of the rows as text, sorted), sequence positions, large objects (size and MD5 of the
 * content), view and function definitions, and comments. Objects that belong to an extension are left out: the new
 * server's extension scripts create them, not the dump.
 */
public record DatabaseContents(List<String> extensions, List<String> schemas, List<String> relations,
        List<String> tableRows, List<String> sequences, List<String> largeObjects, List<String> views,
        List<String> functions, List<String> comments) {

    /** Keeps a user object when it is in no system schema and no extension owns it. */
    private static final String USER_SCHEMA = "%1$s !~ '^pg_' AND %1$s <> 'information_schema'";
    private static final String NOT_FROM_EXTENSION = "NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = %1$s"
            + " AND e.objid = %2$s AND e.deptype = 'e')";

    private static final String EXTENSIONS = "SELECT format('%s in schema %s', e.extname, n.nspname)"
            + " FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace";
    private static final String SCHEMAS = "SELECT format('%s: owner=%s acl=%s', nspname, pg_get_userbyid(nspowner), "
            + Sql.sortedAcl("nspacl") + ") FROM pg_namespace WHERE " + USER_SCHEMA.formatted("nspname");
    private static final String RELATIONS = relations("format('%I.%I (%s): owner=%s acl=%s', n.nspname, c.relname,"
            + " c.relkind, pg_get_userbyid(c.relowner), " + Sql.sortedAcl("c.relacl") + ")",
            "'r', 'p', 'v', 'm', 'S', 'f'");
    private static final String LARGE_OBJECTS = "SELECT format('%s: owner=%s bytes=%s md5=%s acl=%s', l.oid,"
            + " pg_get_userbyid(l.lomowner), length(lo_get(l.oid)), md5(lo_get(l.oid)), " + Sql.sortedAcl("l.lomacl")
            + ") FROM pg_largeobject_metadata l";
    private static final String VIEWS = "SELECT format('%I.%I: %s', schemaname, viewname, definition) FROM pg_views"
            + " WHERE " + USER_SCHEMA.formatted("schemaname")
            + " UNION ALL SELECT format('%I.%I (materialized): %s', schemaname, matviewname, definition)"
            + " FROM pg_matviews";
    private static final String FUNCTIONS = "SELECT pg_get_functiondef(p.oid) FROM pg_proc p"
            + " JOIN pg_namespace n ON n.oid = p.pronamespace WHERE " + USER_SCHEMA.formatted("n.nspname")
            + " AND p.prokind IN ('f', 'p') AND " + NOT_FROM_EXTENSION.formatted("'pg_proc'::regclass", "p.oid");
    /** Comments on user objects (their OIDs start at 16384), the extension's own comment included. */
    private static final String COMMENTS = "SELECT format('%s: %s',"
            + " pg_describe_object(d.classoid, d.objoid, d.objsubid), d.description) FROM pg_description d"
            + " WHERE d.objoid >= 16384 AND " + NOT_FROM_EXTENSION.formatted("d.classoid", "d.objoid");

    /** The same contents with other relation lines. */
    DatabaseContents withRelations(List<String> lines) {
        return new DatabaseContents(extensions, schemas, lines, tableRows, sequences, largeObjects, views, functions,
                comments);
    }

    DatabaseContents withViews(List<String> lines) {
        return new DatabaseContents(extensions, schemas, relations, tableRows, sequences, largeObjects, lines, functions,
                comments);
    }

    public static DatabaseContents of(SqlServer server, String database) {
        try (Connection db = server.connect(database)) {
            return new DatabaseContents(Sql.lines(db, EXTENSIONS), Sql.lines(db, SCHEMAS), Sql.lines(db, RELATIONS),
                    tableRows(db), sequences(db), Sql.lines(db, LARGE_OBJECTS), Sql.lines(db, VIEWS),
                    Sql.lines(db, FUNCTIONS), Sql.lines(db, COMMENTS));
        } catch (SQLException e) {
            throw new IllegalStateException("while reading database " + database + " of " + server + ": "
                    + e.getMessage(), e);
        }
    }

    /** Each table's row count and the MD5 of its rows as text in a fixed order: equal only when every row is. */
    private static List<String> tableRows(Connection db) throws SQLException {
        List<String> lines = new ArrayList<>();
        for (String table : Sql.lines(db, relations("format('%I.%I', n.nspname, c.relname)", "'r', 'p', 'm'"))) {
            lines.add(table + ": " + Sql.value(db, "SELECT count(*) || ' rows, md5 '"
                    + " || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text COLLATE \"C\")), '-')"
                    + " FROM " + table + " t"));
        }
        return lines;
    }

    private static List<String> sequences(Connection db) throws SQLException {
        List<String> lines = new ArrayList<>();
        for (String sequence : Sql.lines(db, relations("format('%I.%I', n.nspname, c.relname)", "'S'"))) {
            lines.add(sequence + ": " + Sql.value(db, "SELECT format('last_value=%s is_called=%s', last_value,"
                    + " is_called) FROM " + sequence));
        }
        return lines;
    }

    /** The user relations of the given kinds (pg_class.relkind), each described by {@code describe}. */
    private static String relations(String describe, String kinds) {
        return "SELECT " + describe + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind IN (" + kinds + ") AND " + USER_SCHEMA.formatted("n.nspname")
                + " AND " + NOT_FROM_EXTENSION.formatted("'pg_class'::regclass", "c.oid") + "";
    }
}
