package dev.pghop.verify;

import static dev.pghop.verify.CatalogSql.column;
import static dev.pghop.verify.CatalogSql.fingerprint;
import static dev.pghop.verify.CatalogSql.qualified;
import static dev.pghop.verify.CatalogSql.sortedArray;

import java.util.List;

/**
 * Catalog queries for logical replication: publications (owner, all tables, what they publish, via the partition
 * root, their tables with row filters and column lists, their schemas, generated columns) and the database's
 * subscriptions (owner, enabled, slot, publications, options, and the connection string as a fingerprint only: it
 * may hold a password). What a major lacks reads as the default of the majors that have it, so both sides compare
 * alike.
 */
final class ReplicationCatalog {
    private static final String COLUMN_LIST = "(SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attname"
            + " COLLATE \"C\") FROM pg_attribute a WHERE a.attrelid = r.prrelid AND a.attnum = ANY (r.prattrs))";
    private static final String TABLE = qualified("n.nspname", "c.relname");
    private static final String SCHEMAS = "(SELECT string_agg(quote_ident(n.nspname), ', ' ORDER BY n.nspname COLLATE"
            + " \"C\") FROM pg_publication_namespace pn JOIN pg_namespace n ON n.oid = pn.pnnspid"
            + " WHERE pn.pnpubid = p.oid)";

    /** Row filters, column lists and schemas came with PostgreSQL 15; an older side has none of them. */
    static String publications(int major) {
        String table = major >= 15 ? TABLE + " || coalesce(' (' || " + COLUMN_LIST + " || ')', '')"
                + " || coalesce(' WHERE ' || pg_get_expr(r.prqual, r.prrelid), '')" : TABLE;
        return "SELECT 'publication ' || quote_ident(p.pubname), pg_get_userbyid(p.pubowner) AS owner,"
                + " p.puballtables AS \"all tables\", concat_ws(', ', CASE WHEN p.pubinsert THEN 'insert' END,"
                + " CASE WHEN p.pubupdate THEN 'update' END, CASE WHEN p.pubdelete THEN 'delete' END,"
                + " CASE WHEN p.pubtruncate THEN 'truncate' END) AS publishes, coalesce(" + column("p", "pubviaroot")
                + ", 'false') AS \"via partition root\", CASE " + column("p", "pubgencols") + " WHEN 's' THEN 'stored'"
                + " ELSE 'none' END AS \"generated columns\", (SELECT string_agg(" + table + ", ', ' ORDER BY "
                + TABLE + " COLLATE \"C\") FROM pg_publication_rel r JOIN pg_class c ON c.oid = r.prrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE r.prpubid = p.oid) AS tables, "
                + (major >= 15 ? SCHEMAS : "NULL::text") + " AS schemas FROM pg_publication p";
    }

    static final String SUBSCRIPTIONS = "SELECT 'subscription ' || quote_ident(s.subname), pg_get_userbyid(s.subowner)"
            + " AS owner, s.subenabled AS enabled, s.subslotname AS \"slot name\", " + sortedArray("s.subpublications")
            + " AS publications, s.subsynccommit AS \"synchronous commit\", coalesce(" + column("s", "subbinary")
            + ", 'false') AS binary, CASE " + column("s", "substream") + " WHEN 'true' THEN 'on' WHEN 't' THEN 'on'"
            + " WHEN 'p' THEN 'parallel' ELSE 'off' END AS streaming, coalesce(" + column("s", "subtwophasestate")
            + ", 'd') <> 'd' AS \"two phase\", coalesce(" + column("s", "subdisableonerr") + ", 'false')"
            + " AS \"disable on error\", coalesce(" + column("s", "suborigin") + ", 'any') AS origin, coalesce("
            + column("s", "subpasswordrequired") + ", 'true') AS \"password required\", coalesce("
            + column("s", "subrunasowner") + ", 'false') AS \"run as owner\", coalesce(" + column("s", "subfailover")
            + ", 'false') AS failover, " + fingerprint("s.subconninfo") + " AS \"connection fingerprint\""
            + " FROM pg_subscription s WHERE s.subdbid = (SELECT d.oid FROM pg_database d"
            + " WHERE d.datname = current_database())";

    static List<String> queries(int major) {
        return List.of(publications(major), SUBSCRIPTIONS);
    }

    private ReplicationCatalog() {
    }
}
