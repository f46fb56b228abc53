package dev.pghop.verify;

import static dev.pghop.verify.CatalogSql.column;
import static dev.pghop.verify.CatalogSql.function;
import static dev.pghop.verify.CatalogSql.madeByUser;
import static dev.pghop.verify.CatalogSql.notFromExtension;
import static dev.pghop.verify.CatalogSql.notMadeAlong;
import static dev.pghop.verify.CatalogSql.qualified;
import static dev.pghop.verify.CatalogSql.userSchema;

import java.util.List;

/**
 * Catalog queries for how values are cast, collated, converted and handed to a language: casts, collations,
 * encoding conversions and transforms. Only the user's: not those of extensions nor initdb's.
 */
final class ConversionCatalog {
    static final String CASTS = "SELECT 'cast (' || format_type(c.castsource, NULL) || ' AS '"
            + " || format_type(c.casttarget, NULL) || ')', CASE c.castmethod WHEN 'f' THEN 'function ' || "
            + function("c.castfunc") + " WHEN 'i' THEN 'inout' ELSE 'binary coercible' END AS method,"
            + " CASE c.castcontext WHEN 'e' THEN 'explicit' WHEN 'a' THEN 'assignment' ELSE 'implicit' END AS context"
            + " FROM pg_cast c WHERE " + madeByUser("c.oid") + " AND "
            + notFromExtension("'pg_cast'::regclass", "c.oid") + " AND " + notMadeAlong("'pg_cast'::regclass", "c.oid");

    /**
     * Collations. Where the locale of an ICU (or, from 17, builtin) collation is kept moved with the majors:
     * collcollate up to 14, colliculocale in 15 and 16, colllocale from 17; each side reads its own. The version
     * is left out: it is the collation library's, which the new server's may well not share.
     */
    static final String COLLATIONS = "SELECT 'collation ' || " + qualified("n.nspname", "co.collname")
            + ", pg_get_userbyid(co.collowner) AS owner, CASE co.collprovider WHEN 'c' THEN 'libc' WHEN 'i' THEN 'icu'"
            + " WHEN 'b' THEN 'builtin' ELSE 'default' END AS provider, CASE WHEN co.collencoding = -1 THEN 'any'"
            + " ELSE pg_encoding_to_char(co.collencoding) END AS encoding,"
            + " CASE WHEN co.collprovider = 'c' THEN co.collcollate END AS collate,"
            + " CASE WHEN co.collprovider = 'c' THEN co.collctype END AS ctype,"
            + " CASE WHEN co.collprovider <> 'c' THEN coalesce(" + column("co", "colllocale") + ", "
            + column("co", "colliculocale") + ", co.collcollate) END AS locale, " + column("co", "collicurules")
            + " AS \"ICU rules\", co.collisdeterministic AS deterministic"
            + " FROM pg_collation co JOIN pg_namespace n ON n.oid = co.collnamespace WHERE " + userSchema("n.nspname")
            + " AND " + notFromExtension("'pg_collation'::regclass", "co.oid");

    static final String CONVERSIONS = "SELECT 'conversion ' || " + qualified("n.nspname", "cv.conname")
            + ", pg_get_userbyid(cv.conowner) AS owner, pg_encoding_to_char(cv.conforencoding) AS \"from\","
            + " pg_encoding_to_char(cv.contoencoding) AS \"to\", cv.conproc::text AS function,"
            + " cv.condefault AS default FROM pg_conversion cv JOIN pg_namespace n ON n.oid = cv.connamespace"
            + " WHERE " + userSchema("n.nspname") + " AND " + notFromExtension("'pg_conversion'::regclass", "cv.oid");

    static final String TRANSFORMS = "SELECT 'transform for ' || format_type(t.trftype, NULL) || ' language '"
            + " || quote_ident(l.lanname), " + function("t.trffromsql") + " AS \"from sql\", "
            + function("t.trftosql") + " AS \"to sql\" FROM pg_transform t JOIN pg_language l ON l.oid = t.trflang"
            + " WHERE " + madeByUser("t.oid") + " AND " + notFromExtension("'pg_transform'::regclass", "t.oid");

    static final List<String> ALL = List.of(CASTS, COLLATIONS, CONVERSIONS, TRANSFORMS);

    private ConversionCatalog() {
    }
}
