package dev.pghop.verify;

import static dev.pghop.verify.CatalogSql.column;
import static dev.pghop.verify.CatalogSql.madeByUser;
import static dev.pghop.verify.CatalogSql.privileges;
import static dev.pghop.verify.CatalogSql.sortedArray;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The cluster-wide part of a snapshot, read in the maintenance database: roles (attributes, password fingerprint,
 * comment, settings), memberships (options and, between 16+ servers, grantors), settings of a role in one database,
 * databases (owner, encoding, locale and its provider, connection limit, privileges, settings, comment), privileges
 * on parameters and security labels on roles and databases. The pg_* roles are the server's own and left out.
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
    /**
     * Memberships with their options. INHERIT and SET are options of a grant from PostgreSQL 16 on; before, a member
     * inherited as its own INHERIT attribute said and could always SET ROLE: an older side reads so, and compares
     * alike with a new one that the load granted without saying. Several grants of one role to one member (from 16,
     * by different grantors) read as one, each option held where any grant holds it. Memberships among initdb's own
     * roles (pg_monitor's) are each server's, made by its initdb, and left out.
     */
    private static final String MEMBERSHIPS = """
            SELECT 'member ' || m.rolname || ' of ' || g.rolname, bool_or(a.admin_option) AS "admin option",
                bool_or(coalesce(%s::bool, m.rolinherit)) AS "inherit option",
                bool_or(coalesce(%s::bool, true)) AS "set option"%%s
            FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles m ON m.oid = a.member
            WHERE %s OR %s
            GROUP BY m.rolname, g.rolname""".formatted(column("a", "inherit_option"), column("a", "set_option"),
            madeByUser("m.oid"), madeByUser("g.oid"));
    /** Who granted a membership: before PostgreSQL 16 nothing checked it, so only two 16+ servers compare it. */
    private static final String GRANTORS = ", array_agg(pg_get_userbyid(a.grantor)"
            + " ORDER BY pg_get_userbyid(a.grantor) COLLATE \"C\")::text AS \"granted by\"";
    /** GRANT ... ON PARAMETER, PostgreSQL 15 and later; a parameter whose grants were all revoked has none. */
    private static final String PARAMETER_PRIVILEGES = "SELECT 'parameter ' || p.parname, " + privileges("p.paracl")
            + " AS privileges FROM pg_parameter_acl p WHERE cardinality(p.paracl) > 0";
    private static final String SHARED_SECURITY_LABELS = "SELECT 'security label ' || quote_ident(l.provider) || ' on '"
            + " || pg_describe_object(l.classoid, l.objoid, 0), l.label AS label FROM pg_shseclabel l";
    private static final String ROLE_IN_DATABASE_SETTINGS = """
            SELECT 'role ' || r.rolname || ' in database ' || d.datname, %s AS settings
            FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole JOIN pg_database d ON d.oid = s.setdatabase
            """.formatted(sortedArray("s.setconfig"));
    /** The locale provider, from PostgreSQL 15 on; before, every database's was libc. */
    private static final String LOCALE_PROVIDER = "CASE " + column("d", "datlocprovider")
            + " WHEN 'i' THEN 'icu' WHEN 'b' THEN 'builtin' ELSE 'libc' END";
    private static final String DATABASES = """
            SELECT 'database ' || d.datname, pg_get_userbyid(d.datdba) AS owner,
                pg_encoding_to_char(d.encoding) AS encoding, d.datcollate AS collation, d.datctype AS ctype,
                %s AS "locale provider", %s AS locale, %s AS "ICU rules",
                d.datconnlimit AS "connection limit", d.datallowconn AS "allows connections",
                d.datistemplate AS template, %s AS privileges,
                (SELECT %s FROM pg_db_role_setting s WHERE s.setdatabase = d.oid AND s.setrole = 0) AS settings,
                shobj_description(d.oid, 'pg_database') AS comment
            FROM pg_database d WHERE d.datname <> 'template0'""".formatted(LOCALE_PROVIDER,
            "coalesce(" + column("d", "datlocale") + ", " + column("d", "daticulocale") + ")",
            column("d", "daticurules"), privileges("d.datacl", "'d'", "d.datdba"), sortedArray("s.setconfig"));

    private ClusterCatalog() {
    }

    /**
     * The cluster-wide snapshot of the server the session is on.
     *
     * @param grantors whether to compare who granted each membership: only when both servers are 16 or later
     */
    public static CatalogSnapshot read(Connection maintenance, boolean grantors) throws SQLException {
        List<String> queries = new ArrayList<>(List.of(ROLES, MEMBERSHIPS.formatted(grantors ? GRANTORS : ""),
                ROLE_IN_DATABASE_SETTINGS, DATABASES, SHARED_SECURITY_LABELS));
        if (maintenance.getMetaData().getDatabaseMajorVersion() >= 15) {
            queries.add(PARAMETER_PRIVILEGES);
        }
        return CatalogSnapshot.read(maintenance, queries);
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
