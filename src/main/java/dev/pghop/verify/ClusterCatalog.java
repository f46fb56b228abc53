package dev.pghop.verify;

import static dev.pghop.verify.CatalogSql.privileges;
import static dev.pghop.verify.CatalogSql.sortedArray;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The cluster-wide part of a snapshot, read in the maintenance database: roles (attributes, password fingerprint,
 * comment, settings), memberships, settings of a role in one database, and databases (owner, encoding, locale,
 * connection limit, privileges, settings, comment). The pg_* roles are the server's own and left out.
 */
public final class ClusterCatalog {
    static final String DATABASE = "database ";

    private static final String ROLES = """
            SELECT 'role ' || r.rolname, r.rolsuper AS superuser, r.rolinherit AS inherit,
                r.rolcreaterole AS createrole, r.rolcreatedb AS createdb, r.rolcanlogin AS login,
                r.rolreplication AS replication, r.rolbypassrls AS bypassrls, r.rolconnlimit AS "connection limit",
                r.rolvaliduntil AS "valid until",
                CASE WHEN starts_with(r.rolpassword, 'md5') THEN 'md5 hash'
                    WHEN starts_with(r.rolpassword, 'SCRAM-SHA-256$') THEN 'SCRAM-SHA-256 hash' ELSE 'plain text' END
                    || ', fingerprint ' || left(md5(r.rolpassword), 12) AS password,
                shobj_description(r.oid, 'pg_authid') AS comment,
                (SELECT %s FROM pg_db_role_setting s WHERE s.setrole = r.oid AND s.setdatabase = 0) AS settings
            FROM pg_authid r WHERE r.rolname !~ '^pg_'""".formatted(sortedArray("s.setconfig"));
    private static final String MEMBERSHIPS = """
            SELECT 'member ' || m.rolname || ' of ' || g.rolname, bool_or(a.admin_option) AS "admin option"
            FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles m ON m.oid = a.member
            GROUP BY m.rolname, g.rolname""";
    private static final String ROLE_IN_DATABASE_SETTINGS = """
            SELECT 'role ' || r.rolname || ' in database ' || d.datname, %s AS settings
            FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole JOIN pg_database d ON d.oid = s.setdatabase
            """.formatted(sortedArray("s.setconfig"));
    private static final String DATABASES = """
            SELECT 'database ' || d.datname, pg_get_userbyid(d.datdba) AS owner,
                pg_encoding_to_char(d.encoding) AS encoding, d.datcollate AS collation, d.datctype AS ctype,
                d.datconnlimit AS "connection limit", d.datallowconn AS "allows connections",
                d.datistemplate AS template, %s AS privileges,
                (SELECT %s FROM pg_db_role_setting s WHERE s.setdatabase = d.oid AND s.setrole = 0) AS settings,
                shobj_description(d.oid, 'pg_database') AS comment
            FROM pg_database d WHERE d.datname <> 'template0'""".formatted(privileges("d.datacl", "'d'", "d.datdba"),
            sortedArray("s.setconfig"));

    private ClusterCatalog() {
    }

    public static CatalogSnapshot read(Connection maintenance) throws SQLException {
        return CatalogSnapshot.read(maintenance, List.of(ROLES, MEMBERSHIPS, ROLE_IN_DATABASE_SETTINGS, DATABASES));
    }

    /**
     * The databases of a cluster snapshot, all of them or only those that take connections (whose contents can be
     * compared).
     */
    public static Set<String> databases(CatalogSnapshot cluster, boolean connectableOnly) {
        Set<String> names = new TreeSet<>();
        cluster.objects().forEach((object, properties) -> {
            if (object.startsWith(DATABASE)
                    && (!connectableOnly || "true".equals(properties.get("allows connections")))) {
                names.add(object.substring(DATABASE.length()));
            }
        });
        return names;
    }

    /** A database's properties belong to that database in the report; everything else here is cluster-wide. */
    public static String databaseOf(String object) {
        return object.startsWith(DATABASE) ? object.substring(DATABASE.length()) : null;
    }
}
