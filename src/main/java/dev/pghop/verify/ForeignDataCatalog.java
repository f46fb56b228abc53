package dev.pghop.verify;

import static dev.pghop.verify.CatalogSql.function;
import static dev.pghop.verify.CatalogSql.madeByUser;
import static dev.pghop.verify.CatalogSql.notFromExtension;
import static dev.pghop.verify.CatalogSql.optionNames;
import static dev.pghop.verify.CatalogSql.privileges;

import java.util.List;

/**
 * Catalog queries for foreign data wrappers, foreign servers and user mappings (the foreign tables are relations).
 * Their options are compared by name and by a salted fingerprint of the values, never shown: a user mapping's, and
 * some wrappers' servers', hold a password.
 */
final class ForeignDataCatalog {
    static final String WRAPPERS = "SELECT 'foreign data wrapper ' || quote_ident(w.fdwname),"
            + " pg_get_userbyid(w.fdwowner) AS owner, " + function("w.fdwhandler") + " AS handler, "
            + function("w.fdwvalidator") + " AS validator, " + optionNames("w.fdwoptions") + " AS options, "
            + privileges("w.fdwacl", "'F'", "w.fdwowner") + " AS privileges FROM pg_foreign_data_wrapper w WHERE "
            + madeByUser("w.oid") + " AND " + notFromExtension("'pg_foreign_data_wrapper'::regclass", "w.oid");

    static final String SERVERS = "SELECT 'server ' || quote_ident(s.srvname), pg_get_userbyid(s.srvowner) AS owner,"
            + " quote_ident(w.fdwname) AS wrapper, s.srvtype AS type, s.srvversion AS version, "
            + optionNames("s.srvoptions") + " AS options, " + privileges("s.srvacl", "'S'", "s.srvowner")
            + " AS privileges FROM pg_foreign_server s JOIN pg_foreign_data_wrapper w ON w.oid = s.srvfdw WHERE "
            + madeByUser("s.oid") + " AND " + notFromExtension("'pg_foreign_server'::regclass", "s.oid");

    static final String USER_MAPPINGS = "SELECT 'user mapping for ' || CASE WHEN u.umuser = 0 THEN 'public'"
            + " ELSE pg_get_userbyid(u.umuser) END || ' on server ' || quote_ident(s.srvname), "
            + optionNames("u.umoptions") + " AS options FROM pg_user_mapping u JOIN pg_foreign_server s"
            + " ON s.oid = u.umserver";

    static final List<String> ALL = List.of(WRAPPERS, SERVERS, USER_MAPPINGS);

    private ForeignDataCatalog() {
    }
}
