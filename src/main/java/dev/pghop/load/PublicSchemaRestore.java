package dev.pghop.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import dev.pghop.postgres.ClusterInventory;
import dev.pghop.postgres.ClusterInventory.DatabaseInfo;
import dev.pghop.postgres.ClusterInventory.PublicSchema;
import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.PgVersion;
import dev.pghop.postgres.Sessions;
import dev.pghop.report.PghopException;

/**
 * Gives each loaded database's public schema the owner and privileges it had on the old cluster, when a pg_dump
 * older than 15 wrote the dump and the new server is 15 or later. Such a pg_dump writes nothing for a public schema
 * with its old defaults (owned by the bootstrap superuser, CREATE for everyone), and PostgreSQL 15 creates it owned
 * by pg_database_owner without CREATE for PUBLIC: applications that create tables in public would break after the
 * switch. (A pg_dump of 15 or later, as `migrate` runs, carries them itself.)
 */
public final class PublicSchemaRestore {
    private static final Logger LOG = Logger.getLogger("pghop");
    /** The old privileges, read by the new server: role names become the new server's roles. */
    private static final String GRANTS = """
            WITH old(acl, owner) AS (SELECT ?::pg_catalog.aclitem[], ?::pg_catalog.text)
            SELECT pg_catalog.format('GRANT %s ON SCHEMA public TO %s%s', e.privilege_type,
                       CASE WHEN e.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(r.rolname) END,
                       CASE WHEN e.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END),
                   pg_catalog.quote_ident(g.rolname), g.rolname = old.owner AS by_owner
            FROM old CROSS JOIN LATERAL pg_catalog.aclexplode(coalesce(old.acl, pg_catalog.acldefault('n',
                     (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = old.owner)))) e
            JOIN pg_catalog.pg_roles g ON g.oid = e.grantor
            LEFT JOIN pg_catalog.pg_roles r ON r.oid = e.grantee
            ORDER BY by_owner DESC, 1""";
    private static final String CURRENT_GRANTEES = """
            SELECT DISTINCT CASE WHEN e.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(r.rolname) END
            FROM pg_catalog.pg_namespace n, pg_catalog.aclexplode(n.nspacl) e
            LEFT JOIN pg_catalog.pg_roles r ON r.oid = e.grantee
            WHERE n.nspname = 'public'""";

    private PublicSchemaRestore() {
    }

    /** Whether the load must do this: an old server and dump older than 15 (unknown: the old server's), a new 15+. */
    public static boolean needed(PgVersion oldServer, Optional<PgVersion> dumpTool, PgVersion newServer) {
        return newServer.major() >= 15 && dumpTool.orElse(oldServer).major() < 15;
    }

    /**
     * Restores each database's public schema as the old cluster had it; the databases of {@code loaded} only.
     * Returns one note per database whose schema was changed; a database the old inventory knows nothing of is
     * named in a warning.
     */
    public static List<String> run(Endpoint target, ClusterInventory old, List<String> loaded) {
        List<String> notes = new ArrayList<>();
        for (DatabaseInfo database : old.databases()) {
            if (!loaded.contains(database.name())) {
                continue;
            }
            PublicSchema schema = database.publicSchema();
            if (schema == null) {
                LOG.warnf("the owner and privileges of schema public in database %s on the old server are not known"
                        + " (its dump predates pghop recording them), and the new server gave it its own: owned by"
                        + " pg_database_owner, no CREATE for PUBLIC. Run `GRANT CREATE ON SCHEMA public TO PUBLIC`"
                        + " there if applications create tables in it.", database.name());
                continue;
            }
            if (schema.present()) {
                restore(target, database.name(), schema);
                notes.add("schema public in " + database.name() + ": owner " + schema.owner() + " and privileges "
                        + (schema.acl() == null ? "(default)" : schema.acl()) + " as on the old server");
            }
        }
        return notes;
    }

    private static void restore(Endpoint target, String database, PublicSchema schema) {
        try (Connection c = Sessions.open(target, database, false)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("ALTER SCHEMA public OWNER TO " + quoteIdent(c, schema.owner()));
                for (String grantee : grantees(c)) {
                    s.execute("REVOKE ALL ON SCHEMA public FROM " + grantee + " CASCADE");
                }
                for (String[] grant : grants(c, schema)) {
                    s.execute("SET LOCAL ROLE " + grant[1]);
                    s.execute(grant[0]);
                    s.execute("RESET ROLE");
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw PghopException.loadFailed("while giving schema public in database " + database + " on the "
                    + target + " the owner " + schema.owner() + " and privileges " + schema.acl()
                    + " it had on the old server: " + e.getMessage() + ". Everything else was loaded; set them by"
                    + " hand (ALTER SCHEMA public OWNER TO ..., GRANT ... ON SCHEMA public ...) or reset the new"
                    + " server and load again.", e);
        }
    }

    private static List<String> grantees(Connection c) throws SQLException {
        List<String> grantees = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(CURRENT_GRANTEES)) {
            while (rs.next()) {
                grantees.add(rs.getString(1));
            }
        }
        return grantees;
    }

    /** Each old privilege as {GRANT statement, its grantor}: the owner's first, so other grantors hold theirs. */
    private static List<String[]> grants(Connection c, PublicSchema schema) throws SQLException {
        List<String[]> grants = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(GRANTS)) {
            s.setString(1, schema.acl());
            s.setString(2, schema.owner());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    grants.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        return grants;
    }

    private static String quoteIdent(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_catalog.quote_ident(?)")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
