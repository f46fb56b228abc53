package dev.pghop.scenario;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.pghop.testing.SqlServer;

/**
 * What a cluster holds, read over JDBC into a value two servers can be compared by: roles with their attributes,
 * password hashes and comments, memberships, per-role settings, databases with owner, encoding, locale, connection
 * limit, privileges, settings and comment, and each database's contents ({@link DatabaseContents}).
 * <p>
 * Left out, because they belong to the server rather than to the data: the pg_* roles, the template databases, the
 * properties of the postgres database (pg_dumpall does not carry them), and the administrators: each server's
 * bootstrap superuser, any role named in {@code admins} and the databases named after them (created by the image).
 * Every item is one line of text, so a difference reads as the line that differs.
 */
public record ClusterSnapshot(List<String> roles, List<String> memberships, List<String> roleSettings,
        List<String> databases, Map<String, DatabaseContents> contents) {

    private static final String ROLES = """
            SELECT format('%%s: super=%%s inherit=%%s createrole=%%s createdb=%%s login=%%s replication=%%s'
                    || ' bypassrls=%%s connlimit=%%s password=%%s comment=%%s', rolname, rolsuper, rolinherit,
                    rolcreaterole, rolcreatedb, rolcanlogin, rolreplication, rolbypassrls, rolconnlimit,
                    coalesce(rolpassword, '(none)'), coalesce(shobj_description(oid, 'pg_authid'), '(none)'))
            FROM pg_authid
            WHERE rolname !~ '^pg_' AND rolname NOT IN (%1$s)
            """;

    private static final String MEMBERSHIPS = """
            SELECT format('%%s is a member of %%s%%s', m.rolname, r.rolname,
                    CASE WHEN a.admin_option THEN ' with admin option' ELSE '' END)
            FROM pg_auth_members a JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles m ON m.oid = a.member
            WHERE r.rolname !~ '^pg_' AND m.rolname !~ '^pg_'
              AND r.rolname NOT IN (%1$s) AND m.rolname NOT IN (%1$s)
            """;

    private static final String ROLE_SETTINGS = """
            SELECT format('%%s in %%s: %%s', r.rolname, coalesce(d.datname, 'every database'), s.setconfig::text)
            FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole
                 LEFT JOIN pg_database d ON d.oid = s.setdatabase
            WHERE r.rolname NOT IN (%1$s)
            """;

    private static final String DATABASES = """
            SELECT format('%%s: owner=%%s encoding=%%s collate=%%s ctype=%%s connlimit=%%s acl=%%s settings=%%s'
                    || ' comment=%%s', d.datname, pg_get_userbyid(d.datdba), pg_encoding_to_char(d.encoding),
                    d.datcollate, d.datctype, d.datconnlimit, %2$s,
                    coalesce((SELECT s.setconfig::text FROM pg_db_role_setting s
                              WHERE s.setdatabase = d.oid AND s.setrole = 0), '(none)'),
                    coalesce(shobj_description(d.oid, 'pg_database'), '(none)'))
            FROM pg_database d
            WHERE d.datname NOT IN ('template0', 'template1', 'postgres', %1$s)
            """;

    /** The databases whose contents are compared: the postgres database's too, since pg_dumpall dumps it. */
    private static final String DATABASE_NAMES = """
            SELECT datname FROM pg_database
            WHERE datname NOT IN ('template0', 'template1', %1$s)
            """;

    /** The snapshot of {@code server} without its bootstrap superuser and without the given admin roles. */
    public static ClusterSnapshot of(SqlServer server, String... admins) {
        try (Connection postgres = server.connect("postgres")) {
            Set<String> ignored = new LinkedHashSet<>(List.of(admins));
            ignored.add(server.superuser());
            String ignoredList = ignored.stream().map(ClusterSnapshot::literal).collect(Collectors.joining(", "));
            List<String> databases = Sql.lines(postgres,
                    DATABASES.formatted(ignoredList, Sql.sortedAcl("d.datacl")));
            Map<String, DatabaseContents> contents = new TreeMap<>();
            for (String name : Sql.lines(postgres, DATABASE_NAMES.formatted(ignoredList))) {
                contents.put(name, DatabaseContents.of(server, name));
            }
            return new ClusterSnapshot(Sql.lines(postgres, ROLES.formatted(ignoredList)),
                    Sql.lines(postgres, MEMBERSHIPS.formatted(ignoredList)),
                    Sql.lines(postgres, ROLE_SETTINGS.formatted(ignoredList)), databases, contents);
        } catch (SQLException e) {
            throw new IllegalStateException("while taking a snapshot of " + server + ": " + e.getMessage(), e);
        }
    }

    /**
     * This snapshot with the password hashes of these roles left out: those a load gives new passwords
     * (ROLE_PASSWORDS_DIR), whose hashes differ on purpose.
     */
    public ClusterSnapshot withoutPasswordsOf(Set<String> names) {
        List<String> masked = roles.stream().map(line -> {
            String name = line.substring(0, line.indexOf(": "));
            return names.contains(name) ? line.replaceFirst(" password=\\S+ ", " password=(replaced) ") : line;
        }).toList();
        return new ClusterSnapshot(masked, memberships, roleSettings, databases, contents);
    }

    /**
     * This snapshot without the MAINTAIN privilege ('m') in relation privileges, which PostgreSQL 17 adds to an
     * owner's: for comparing a server older than 17 with one of 17 or later.
     */
    public ClusterSnapshot withoutMaintainPrivilege() {
        Map<String, DatabaseContents> stripped = new TreeMap<>();
        contents.forEach((name, db) -> stripped.put(name, db.withRelations(db.relations().stream()
                .map(line -> line.replaceAll("=([A-Za-z*]*?)m\\*?([A-Za-z*]*)/", "=$1$2/")).toList())));
        return new ClusterSnapshot(roles, memberships, roleSettings, databases, stripped);
    }

    /**
     * This snapshot with the views' queries printed without the table names before their columns, which PostgreSQL
     * 16 leaves out where they are not needed: for comparing a server older than 16 with one of 16 or later.
     */
    public ClusterSnapshot withViewColumnsUnqualified() {
        Map<String, DatabaseContents> stripped = new TreeMap<>();
        contents.forEach((name, db) -> stripped.put(name, db.withViews(db.views().stream()
                .map(line -> line.replaceAll("\\b[a-z_][a-z0-9_]*\\.(?=[a-z_])", "")).toList())));
        return new ClusterSnapshot(roles, memberships, roleSettings, databases, stripped);
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
