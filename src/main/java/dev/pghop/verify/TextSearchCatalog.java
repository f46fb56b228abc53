package dev.pghop.verify;

import static dev.pghop.verify.CatalogSql.function;
import static dev.pghop.verify.CatalogSql.notFromExtension;
import static dev.pghop.verify.CatalogSql.qualified;
import static dev.pghop.verify.CatalogSql.userSchema;

import java.util.List;

/**
 * Catalog queries for full text search: parsers, templates, dictionaries (template and options) and configurations
 * (parser, and which dictionaries each token type goes through, in order). Only the user's: not those of
 * extensions nor initdb's.
 */
final class TextSearchCatalog {
    static final String PARSERS = "SELECT 'text search parser ' || " + qualified("n.nspname", "p.prsname") + ", "
            + function("p.prsstart") + " AS start, " + function("p.prstoken") + " AS token, "
            + function("p.prsend") + " AS \"end\", " + function("p.prsheadline") + " AS headline, "
            + function("p.prslextype") + " AS lextypes FROM pg_ts_parser p" + inUserSchema("p.prsnamespace")
            + notFromExtension("'pg_ts_parser'::regclass", "p.oid");

    static final String TEMPLATES = "SELECT 'text search template ' || " + qualified("n.nspname", "t.tmplname") + ", "
            + function("t.tmplinit") + " AS init, " + function("t.tmpllexize") + " AS lexize FROM pg_ts_template t"
            + inUserSchema("t.tmplnamespace") + notFromExtension("'pg_ts_template'::regclass", "t.oid");

    static final String DICTIONARIES = "SELECT 'text search dictionary ' || " + qualified("n.nspname", "d.dictname")
            + ", pg_get_userbyid(d.dictowner) AS owner, (SELECT " + qualified("tn.nspname", "t.tmplname")
            + " FROM pg_ts_template t JOIN pg_namespace tn ON tn.oid = t.tmplnamespace WHERE t.oid = d.dicttemplate)"
            + " AS template, d.dictinitoption AS options FROM pg_ts_dict d" + inUserSchema("d.dictnamespace")
            + notFromExtension("'pg_ts_dict'::regclass", "d.oid");

    /** A token type's dictionaries by the parser's alias for it (ts_token_type), in the order they are tried. */
    private static final String MAPPING = "(SELECT string_agg(tt.alias || ' ' || m.dicts, ', ' ORDER BY tt.alias"
            + " COLLATE \"C\") FROM (SELECT cm.maptokentype, string_agg(cm.mapdict::regdictionary::text, ' '"
            + " ORDER BY cm.mapseqno) AS dicts FROM pg_ts_config_map cm WHERE cm.mapcfg = c.oid"
            + " GROUP BY cm.maptokentype) m JOIN ts_token_type(c.cfgparser) tt ON tt.tokid = m.maptokentype)";

    static final String CONFIGURATIONS = "SELECT 'text search configuration ' || " + qualified("n.nspname", "c.cfgname")
            + ", pg_get_userbyid(c.cfgowner) AS owner, (SELECT " + qualified("pn.nspname", "p.prsname")
            + " FROM pg_ts_parser p JOIN pg_namespace pn ON pn.oid = p.prsnamespace WHERE p.oid = c.cfgparser)"
            + " AS parser, " + MAPPING + " AS mapping FROM pg_ts_config c" + inUserSchema("c.cfgnamespace")
            + notFromExtension("'pg_ts_config'::regclass", "c.oid");

    static final List<String> ALL = List.of(PARSERS, TEMPLATES, DICTIONARIES, CONFIGURATIONS);

    private TextSearchCatalog() {
    }

    /** Joins the object's schema and keeps the user's schemas; the caller's condition follows. */
    private static String inUserSchema(String namespace) {
        return " JOIN pg_namespace n ON n.oid = " + namespace + " WHERE " + userSchema("n.nspname") + " AND ";
    }
}
