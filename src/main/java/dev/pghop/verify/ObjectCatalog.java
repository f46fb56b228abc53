package dev.pghop.verify;

import static dev.pghop.verify.CatalogSql.firing;
import static dev.pghop.verify.CatalogSql.function;
import static dev.pghop.verify.CatalogSql.madeByUser;
import static dev.pghop.verify.CatalogSql.notFromExtension;
import static dev.pghop.verify.CatalogSql.notMadeAlong;
import static dev.pghop.verify.CatalogSql.privileges;
import static dev.pghop.verify.CatalogSql.qualified;
import static dev.pghop.verify.CatalogSql.sortedArray;
import static dev.pghop.verify.CatalogSql.userSchema;

import java.util.List;

/**
 * Catalog queries for what does not live in a table: functions and procedures (named without the IN that
 * PostgreSQL 14 writes in a procedure's arguments; not those of extensions, nor the
 * constructors a range type makes for itself: PostgreSQL 14 added multirange ones), types (a domain's NOT NULL
 * from typnotnull: PostgreSQL 17 also records it as a constraint),
 * extensions (by name; the version is compared but may rise), comments, default privileges, event triggers,
 * procedural languages and security labels.
 */
final class ObjectCatalog {
    static final String FUNCTIONS = "SELECT CASE p.prokind WHEN 'p' THEN 'procedure ' WHEN 'a' THEN 'aggregate '"
            + " ELSE 'function ' END || " + qualified("n.nspname", "p.proname")
            + " || '(' || CASE WHEN p.prokind = 'p' THEN regexp_replace(pg_get_function_identity_arguments(p.oid),"
            + " '(^|, )IN ', '\\1', 'g') ELSE pg_get_function_identity_arguments(p.oid) END || ')',"
            + " pg_get_userbyid(p.proowner) AS owner, "
            + privileges("p.proacl", "'f'", "p.proowner") + " AS privileges,"
            + " CASE WHEN p.prokind = 'a' THEN 'returns ' || pg_get_function_result(p.oid)"
            + " ELSE pg_get_functiondef(p.oid) END AS definition"
            + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE " + userSchema("n.nspname")
            + " AND " + notFromExtension("'pg_proc'::regclass", "p.oid") + " AND "
            + notMadeAlong("'pg_proc'::regclass", "p.oid");

    private static final String TYPE_DEFINITION = """
            CASE t.typtype
              WHEN 'e' THEN 'enum (' || (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder)
                  FROM pg_enum e WHERE e.enumtypid = t.oid) || ')'
              WHEN 'd' THEN 'domain over ' || format_type(t.typbasetype, t.typtypmod)
                  || coalesce(' default ' || t.typdefault, '') || CASE WHEN t.typnotnull THEN ' not null' ELSE '' END
                  || coalesce((SELECT ' ' || string_agg(pg_get_constraintdef(k.oid), ' ' ORDER BY k.conname)
                      FROM pg_constraint k WHERE k.contypid = t.oid AND k.contype <> 'n'), '')
              WHEN 'c' THEN 'composite (' || (SELECT string_agg(format('%I %s', a.attname,
                  format_type(a.atttypid, a.atttypmod)), ', ' ORDER BY a.attnum) FROM pg_attribute a
                  WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) || ')'
              WHEN 'r' THEN 'range of ' || (SELECT format_type(r.rngsubtype, NULL) FROM pg_range r
                  WHERE r.rngtypid = t.oid)
              ELSE 'base type, input ' || t.typinput::text || ', output ' || t.typoutput::text
            END""";
    /**
     * Types the user made: no table row types, no array types made along with a type, no multirange types (made
     * along with a range type since PostgreSQL 14, so a range type from an older server gains one).
     */
    static final String TYPES = "SELECT 'type ' || " + qualified("n.nspname", "t.typname") + ", pg_get_userbyid(t.typowner)"
            + " AS owner, " + privileges("t.typacl", "'T'", "t.typowner") + " AS privileges, " + TYPE_DEFINITION
            + " AS definition FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
            + " WHERE t.typtype IN ('b', 'c', 'd', 'e', 'r') AND " + userSchema("n.nspname")
            + " AND (t.typrelid = 0 OR (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c')"
            + " AND NOT EXISTS (SELECT 1 FROM pg_type el WHERE el.oid = t.typelem AND el.typarray = t.oid)"
            + " AND " + notFromExtension("'pg_type'::regclass", "t.oid");

    static final String EXTENSIONS = "SELECT 'extension ' || quote_ident(e.extname), e.extversion AS version,"
            + " n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace";

    /**
     * Comments on the user's objects (their OIDs start at 16384) and on the public schema. A comment whose object is
     * gone is left out: no dump carries it and nobody sees it (COMMENT ON SUBSCRIPTION writes one that DROP
     * SUBSCRIPTION leaves behind; PostgreSQL 13 cannot even describe it).
     */
    static final String COMMENTS = "SELECT 'comment on ' || pg_describe_object(d.classoid, d.objoid, d.objsubid),"
            + " d.description AS text FROM pg_description d WHERE (d.objoid >= 16384"
            + " OR d.classoid = 'pg_namespace'::regclass AND d.objoid = 2200)"
            + " AND CASE WHEN d.classoid = 'pg_subscription'::regclass"
            + " THEN EXISTS (SELECT 1 FROM pg_subscription s WHERE s.oid = d.objoid)"
            + " ELSE pg_describe_object(d.classoid, d.objoid, d.objsubid) IS NOT NULL END"
            + " AND " + notFromExtension("d.classoid", "d.objoid");

    static final String DEFAULT_PRIVILEGES = "SELECT 'default privileges of ' || pg_get_userbyid(d.defaclrole)"
            + " || coalesce(' in schema ' || quote_ident(n.nspname), '') || ' on ' || CASE d.defaclobjtype"
            + " WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences' WHEN 'f' THEN 'functions' WHEN 'T' THEN 'types'"
            + " WHEN 'n' THEN 'schemas' ELSE d.defaclobjtype::text END, " + privileges("d.defaclacl")
            + " AS privileges FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace";

    static final String EVENT_TRIGGERS = "SELECT 'event trigger ' || quote_ident(et.evtname), et.evtevent AS event,"
            + " pg_get_userbyid(et.evtowner) AS owner, " + function("et.evtfoid") + " AS function, "
            + sortedArray("et.evttags") + " AS tags, " + firing("et.evtenabled") + " AS enabled"
            + " FROM pg_event_trigger et WHERE " + notFromExtension("'pg_event_trigger'::regclass", "et.oid");

    /** Procedural languages made with CREATE LANGUAGE; plpgsql and the others extensions make are left out. */
    static final String LANGUAGES = "SELECT 'language ' || quote_ident(l.lanname), pg_get_userbyid(l.lanowner)"
            + " AS owner, l.lanpltrusted AS trusted, " + function("l.lanplcallfoid") + " AS handler, "
            + function("l.laninline") + " AS inline, " + function("l.lanvalidator") + " AS validator, "
            + privileges("l.lanacl", "'l'", "l.lanowner") + " AS privileges FROM pg_language l WHERE "
            + madeByUser("l.oid") + " AND " + notFromExtension("'pg_language'::regclass", "l.oid");

    /** Security labels on the user's objects, like comments; those on roles and databases are cluster-wide. */
    static final String SECURITY_LABELS = "SELECT 'security label ' || quote_ident(l.provider) || ' on '"
            + " || pg_describe_object(l.classoid, l.objoid, l.objsubid), l.label AS label FROM pg_seclabel l"
            + " WHERE " + madeByUser("l.objoid") + " AND " + notFromExtension("l.classoid", "l.objoid");

    static final List<String> ALL = List.of(FUNCTIONS, TYPES, EXTENSIONS, COMMENTS, DEFAULT_PRIVILEGES, EVENT_TRIGGERS,
            LANGUAGES, SECURITY_LABELS);

    private ObjectCatalog() {
    }
}
