package dev.pghop.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import java.util.concurrent.Executors;

import org.jboss.logging.Logger;

import dev.pghop.postgres.ClusterInventory.DatabaseInfo;
import dev.pghop.postgres.ClusterInventory.Hazard;
import dev.pghop.postgres.ClusterInventory.Login;
import dev.pghop.postgres.ClusterInventory.RoleInfo;
import dev.pghop.postgres.ClusterInventory.TablespaceInfo;
import dev.pghop.report.PghopException;

/** Reads a {@link ClusterInventory} over read-only JDBC sessions: one to the maintenance database, one per database. */
public final class InventoryReader {
    private static final Logger LOG = Logger.getLogger("pghop");

    private static final String ROLES_FROM_AUTHID = """
            SELECT rolname, rolsuper, rolcanlogin, CASE WHEN rolpassword IS NULL THEN 'none'
                WHEN rolpassword LIKE 'md5%' THEN 'md5' WHEN rolpassword LIKE 'SCRAM-SHA-256$%' THEN 'scram-sha-256'
                ELSE 'plain' END
            FROM pg_catalog.pg_authid WHERE rolname !~ '^pg_' ORDER BY 1""";
    private static final String ROLES_FROM_VIEW = """
            SELECT rolname, rolsuper, rolcanlogin, 'unknown' FROM pg_catalog.pg_roles WHERE rolname !~ '^pg_'
            ORDER BY 1""";
    /** The databases; {provider} and {locale} are the locale provider's columns of the server's major. */
    private static final String DATABASES = """
            SELECT d.datname, pg_catalog.pg_get_userbyid(d.datdba), pg_catalog.pg_encoding_to_char(d.encoding),
                d.datcollate, d.datctype,
                CASE WHEN pg_catalog.has_database_privilege(d.oid, 'CONNECT')
                    THEN pg_catalog.pg_database_size(d.oid) ELSE 0 END,
                d.datallowconn,
                CASE {provider} WHEN 'i' THEN 'icu' WHEN 'b' THEN 'builtin' ELSE 'libc' END, {locale}
            FROM pg_catalog.pg_database d WHERE d.datname <> 'template0' ORDER BY 1""";
    private static final String USER_OBJECTS = """
            SELECT what, count(*) OVER () FROM (
              SELECT 'schema ' || nspname AS what FROM pg_catalog.pg_namespace
                WHERE nspname NOT IN ('public', 'information_schema') AND nspname !~ '^pg_'
              UNION ALL SELECT CASE c.relkind WHEN 'v' THEN 'view ' WHEN 'm' THEN 'materialized view '
                  WHEN 'S' THEN 'sequence ' WHEN 'f' THEN 'foreign table ' ELSE 'table ' END
                  || n.nspname || '.' || c.relname
                FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
                  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp)'
              UNION ALL SELECT 'function ' || n.nspname || '.' || p.proname
                FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
                  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend dep
                      WHERE dep.objid = p.oid AND dep.classid = 'pg_catalog.pg_proc'::regclass AND dep.deptype = 'e')
              UNION ALL SELECT 'type ' || n.nspname || '.' || t.typname
                FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
                WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_'
                  AND t.typtype IN ('b', 'c', 'd', 'e', 'r', 'm') AND t.typcategory <> 'A'
                  AND (t.typrelid = 0 OR EXISTS (SELECT 1 FROM pg_catalog.pg_class r
                      WHERE r.oid = t.typrelid AND r.relkind = 'c'))
                  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend dep
                      WHERE dep.objid = t.oid AND dep.classid = 'pg_catalog.pg_type'::regclass AND dep.deptype = 'e')
              UNION ALL SELECT 'collation ' || n.nspname || '.' || c.collname
                FROM pg_catalog.pg_collation c JOIN pg_catalog.pg_namespace n ON n.oid = c.collnamespace
                WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
              UNION ALL SELECT 'extension ' || extname FROM pg_catalog.pg_extension WHERE extname <> 'plpgsql'
              UNION ALL SELECT 'foreign server ' || srvname FROM pg_catalog.pg_foreign_server
              UNION ALL SELECT 'publication ' || pubname FROM pg_catalog.pg_publication
              UNION ALL SELECT 'event trigger ' || evtname FROM pg_catalog.pg_event_trigger
              UNION ALL SELECT 'large object ' || oid FROM pg_catalog.pg_largeobject_metadata
            ) o ORDER BY 1 LIMIT 10""";
    /** User tables with their TOAST, plus large objects: what a dump of the database carries. */
    private static final String DATA_BYTES = """
            SELECT coalesce(sum(pg_catalog.pg_table_size(c.oid)), 0)
                + pg_catalog.pg_table_size('pg_catalog.pg_largeobject')
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname !~ '^pg_toast'""";

    private static final String PUBLIC_SCHEMA = """
            SELECT pg_catalog.pg_get_userbyid(nspowner), nspacl::text FROM pg_catalog.pg_namespace
            WHERE nspname = 'public'""";

    /** Databases are read on these: a few sessions at once, never one per database of a large cluster. */
    private static final ExecutorService DAEMONS = daemons(4, "pghop-inventory");
    /** The second server is read on this one, beside the first: its reads wait for the pool above. */
    private static final ExecutorService SECOND_SERVER = daemons(1, "pghop-inventory-new");

    private static ExecutorService daemons(int threads, String name) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    private InventoryReader() {
    }

    /** What both servers hold, read at the same time. */
    public record Both(ClusterInventory old, ClusterInventory fresh) {
    }

    public static Both readBoth(Endpoint source, Endpoint target) {
        CompletableFuture<ClusterInventory> fresh = CompletableFuture.supplyAsync(() -> read(target), SECOND_SERVER);
        ClusterInventory old = read(source);
        try {
            return new Both(old, fresh.join());
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * Starts reading {@code endpoint}'s inventory on a thread of its own, so that the caller's other work before the
     * checks (reading the other server, checking the dump file) runs meanwhile; the supplier waits for it and throws
     * what {@link #read} would have.
     */
    public static Supplier<ClusterInventory> readAhead(Endpoint endpoint) {
        CompletableFuture<ClusterInventory> reading = CompletableFuture.supplyAsync(() -> read(endpoint));
        return () -> {
            try {
                return reading.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        };
    }

    public static ClusterInventory read(Endpoint endpoint) {
        try (Connection c = Sessions.openMaintenance(endpoint, true)) {
            Login login = login(c);
            PgVersion version = PgVersion.fromServerVersionNum(Integer.parseInt(Queries.single(c,
                    "SHOW server_version_num")));
            List<Hazard> hazards = new ArrayList<>(CrossingHazard.findIn(c, version, null));
            List<DatabaseInfo> databases = details(endpoint, version, Queries.rows(c, databases(version)), hazards);
            Set<String> locales = new LinkedHashSet<>();
            Queries.rows(c, "SELECT collcollate FROM pg_catalog.pg_collation WHERE collprovider = 'c'")
                    .forEach(r -> locales.add(ClusterInventory.normalizeLocale(r.get(0))));
            databases.forEach(d -> {
                locales.add(ClusterInventory.normalizeLocale(d.collate()));
                locales.add(ClusterInventory.normalizeLocale(d.ctype()));
            });
            return new ClusterInventory(version, Queries.single(c, "SHOW server_version"), systemIdentifier(c),
                    login, Queries.single(c, "SELECT rolname FROM pg_catalog.pg_roles WHERE oid = 10"),
                    roles(c, login.superuser()),
                    databases,
                    Queries.rows(c, "SELECT spcname, pg_catalog.pg_tablespace_location(oid) FROM pg_catalog.pg_tablespace"
                            + " WHERE spcname NOT IN ('pg_default', 'pg_global') ORDER BY 1").stream()
                            .map(r -> new TablespaceInfo(r.get(0), r.get(1))).toList(),
                    new LinkedHashSet<>(Queries.column(c, "SELECT name FROM pg_catalog.pg_available_extensions")),
                    locales, List.copyOf(hazards),
                    Queries.column(c, "SELECT pg_catalog.lower(name) FROM pg_catalog.pg_settings"),
                    Queries.column(c, "SELECT pg_catalog.unnest(enumvals) FROM pg_catalog.pg_settings"
                            + " WHERE name = 'default_toast_compression'"),
                    Queries.column(c, "SELECT name || '=' || version FROM pg_catalog.pg_available_extension_versions"));
        } catch (SQLException e) {
            throw PghopException.connectionFailed("while reading what the " + endpoint + " holds: "
                    + e.getMessage(), e);
        }
    }

    /** The databases query of a server of that major: 15 added ICU locales per database, 17 renamed its column. */
    private static String databases(PgVersion version) {
        String provider = version.major() >= 15 ? "d.datlocprovider" : "'c'";
        String locale = version.major() >= 17 ? "d.datlocale" : version.major() >= 15 ? "d.daticulocale" : "NULL";
        return DATABASES.replace("{provider}", provider).replace("{locale}", locale);
    }

    /** Every role but the predefined ones; how passwords are stored is known only to a superuser. */
    public static List<RoleInfo> roles(Connection c, boolean superuser) throws SQLException {
        return Queries.rows(c, superuser ? ROLES_FROM_AUTHID : ROLES_FROM_VIEW).stream()
                .map(r -> new RoleInfo(r.get(0), "t".equals(r.get(1)), "t".equals(r.get(2)), r.get(3))).toList();
    }

    private static Login login(Connection c) throws SQLException {
        List<String> r = Queries.rows(c, "SELECT current_user, rolsuper, rolcreaterole, rolcreatedb FROM pg_catalog.pg_roles"
                + " WHERE rolname = current_user").get(0);
        return new Login(r.get(0), "t".equals(r.get(1)), "t".equals(r.get(2)), "t".equals(r.get(3)));
    }

    /** The cluster's system identifier, or null when this login may not read it. */
    public static String systemIdentifier(Endpoint endpoint) {
        try (Connection c = Sessions.openMaintenance(endpoint, true)) {
            return systemIdentifier(c);
        } catch (SQLException e) {
            throw PghopException.connectionFailed("while reading the identity of the " + endpoint + ": "
                    + e.getMessage(), e);
        }
    }

    private static String systemIdentifier(Connection c) {
        try {
            return Queries.single(c, "SELECT system_identifier::text FROM pg_catalog.pg_control_system()");
        } catch (SQLException e) {
            return null;
        }
    }

    /** One database's details and the hazards found in it. */
    private record Database(DatabaseInfo info, List<Hazard> hazards) {
    }

    /** Each database's details, several at once: each takes a session of its own. Its hazards go to {@code hazards}. */
    private static List<DatabaseInfo> details(Endpoint endpoint, PgVersion version, List<List<String>> rows,
            List<Hazard> hazards) throws SQLException {
        List<CompletableFuture<Database>> reading = rows.stream().map(d -> CompletableFuture.supplyAsync(() -> {
            try {
                return database(endpoint, version, d);
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        }, DAEMONS)).toList();
        List<DatabaseInfo> databases = new ArrayList<>();
        for (CompletableFuture<Database> each : reading) {
            try {
                Database database = each.join();
                databases.add(database.info());
                hazards.addAll(database.hazards());
            } catch (CompletionException e) {
                if (e.getCause() instanceof SQLException sql) {
                    throw sql;
                }
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        return databases;
    }

    /** One database, with what only a session inside it can see; a database that refuses connections is listed bare. */
    private static Database database(Endpoint endpoint, PgVersion version, List<String> d) throws SQLException {
        String name = d.get(0);
        List<Hazard> hazards = List.of();
        List<String> extensions = List.of();
        List<String> objects = List.of();
        int objectCount = 0;
        long dataBytes = 0;
        ClusterInventory.PublicSchema publicSchema = null;
        if ("t".equals(d.get(6))) {
            try (Connection db = Sessions.open(endpoint, name, true)) {
                extensions = List.copyOf(Queries.column(db, "SELECT extname FROM pg_catalog.pg_extension ORDER BY 1"));
                List<List<String>> found = Queries.rows(db, USER_OBJECTS);
                objects = found.stream().map(r -> r.get(0)).toList();
                objectCount = found.isEmpty() ? 0 : Integer.parseInt(found.get(0).get(1));
                dataBytes = Long.parseLong(Queries.single(db, DATA_BYTES));
                List<List<String>> schema = Queries.rows(db, PUBLIC_SCHEMA);
                publicSchema = schema.isEmpty() ? ClusterInventory.PublicSchema.ABSENT
                        : new ClusterInventory.PublicSchema(true, schema.get(0).get(0), schema.get(0).get(1));
                hazards = CrossingHazard.findIn(db, version, name);
            } catch (PghopException e) {
                LOG.warnf("cannot look inside database %s of the %s: %s", name, endpoint, e.getMessage());
            }
        }
        return new Database(new DatabaseInfo(name, d.get(1), d.get(2), d.get(3), d.get(4), Long.parseLong(d.get(5)),
                dataBytes, extensions, objects, objectCount, publicSchema,
                new ClusterInventory.LocaleProvider(d.get(7), d.get(8))), hazards);
    }
}
