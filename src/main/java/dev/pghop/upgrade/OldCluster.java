package dev.pghop.upgrade;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.pghop.postgres.ClusterInventory;
import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.InventoryReader;
import dev.pghop.postgres.Queries;
import dev.pghop.postgres.Sessions;
import dev.pghop.report.PghopException;

/**
 * What pghop reads of the old cluster while it runs for pghop alone: what `plan` reads of an old server (roles,
 * databases, extensions, objects a newer major refuses), the locale the new cluster must be made with, the settings
 * its configuration files hold, and which indexes sort by which collation, at the version it recorded.
 *
 * @param locale template0's encoding and locale, which the new cluster's initdb repeats
 * @param fileSettings every setting its configuration files hold, as pg_file_settings reads them
 * @param collations each index of a user table that sorts by a collation whose order may depend on the version of
 *        glibc or ICU (not C or POSIX), with the version the cluster recorded for it
 * @param sharedPreloadLibraries the libraries the server loads at start, as it runs now
 * @param stamps the user columns PostgreSQL 17.12 stamped with pg_attver, which another major refuses
 */
public record OldCluster(ClusterInventory inventory, InitdbLocale locale, List<FileSetting> fileSettings,
        List<CollationUse> collations, String sharedPreloadLibraries, ColumnStamps stamps) {

    /** template0's encoding and locale: what initdb was given. */
    public record InitdbLocale(String encoding, String collate, String ctype, String provider, String locale) {
    }

    /** One line of a configuration file that sets something. */
    public record FileSetting(Path file, int line, String name, String value) {
    }

    /**
     * An index that sorts by a collation.
     *
     * @param collation "default" (the database's) or the collation's qualified name
     * @param provider c (libc) or i (ICU)
     * @param recorded the version the cluster recorded for it, or null when it recorded none
     */
    public record CollationUse(String database, String index, String collation, String provider, String locale,
            String recorded) {
    }

    static OldCluster read(Endpoint endpoint) {
        ClusterInventory inventory = InventoryReader.read(endpoint);
        int major = inventory.version().major();
        try (Connection c = Sessions.openMaintenance(endpoint, true)) {
            List<String> t0 = Queries.rows(c, template0(major)).get(0);
            InitdbLocale locale = new InitdbLocale(t0.get(0), t0.get(1), t0.get(2), t0.get(3), t0.get(4));
            List<FileSetting> settings = Queries.rows(c, "SELECT sourcefile, sourceline, name, setting"
                    + " FROM pg_catalog.pg_file_settings WHERE sourcefile IS NOT NULL ORDER BY seqno").stream()
                    .map(r -> new FileSetting(Path.of(r.get(0)), Integer.parseInt(r.get(1)), r.get(2), r.get(3)))
                    .toList();
            String preload = Queries.single(c, "SHOW shared_preload_libraries");
            List<CollationUse> collations = new ArrayList<>();
            List<String> databases = List.copyOf(Queries.column(c, "SELECT datname FROM pg_catalog.pg_database"
                    + " WHERE datallowconn ORDER BY 1"));
            for (String database : databases) {
                collations.addAll(collationsIn(endpoint, database, major));
            }
            return new OldCluster(inventory, locale, settings, List.copyOf(collations), preload,
                    ColumnStamps.read(endpoint, major, databases));
        } catch (SQLException e) {
            throw PghopException.connectionFailed("while reading the old cluster: " + e.getMessage(), e);
        }
    }

    /** The old cluster's bootstrap superuser, whose name the new cluster must have too. */
    public String superuser() {
        return inventory.bootstrapRole();
    }

    private static List<CollationUse> collationsIn(Endpoint endpoint, String database, int major) {
        try (Connection c = Sessions.open(endpoint, database, true)) {
            return Queries.rows(c, collationUses(major)).stream().map(r -> new CollationUse(database, r.get(0),
                    r.get(1), r.get(2), r.get(3), r.get(4)))
                    .filter(u -> !u.provider().equals("c") || !isCLocale(u.locale()))
                    .filter(u -> u.provider().equals("c") || u.provider().equals("i"))
                    .toList();
        } catch (SQLException e) {
            throw PghopException.connectionFailed("while reading the collations of database " + database
                    + " in the old cluster: " + e.getMessage(), e);
        }
    }

    /** C and POSIX sort by byte, C.UTF-8 and its like by code point, whatever the glibc: nothing to rebuild. */
    static boolean isCLocale(String locale) {
        return locale == null || locale.equals("C") || locale.equals("POSIX") || locale.startsWith("C.");
    }

    private static String template0(int major) {
        String provider = major >= 15 ? "d.datlocprovider::text" : "'c'";
        String icu = major >= 17 ? "d.datlocale" : major >= 15 ? "d.daticulocale" : "NULL";
        return "SELECT pg_catalog.pg_encoding_to_char(d.encoding), d.datcollate, d.datctype, " + provider + ", "
                + icu + " FROM pg_catalog.pg_database d WHERE d.datname = 'template0'";
    }

    /**
     * Each user index and the collations it sorts by. The database's own collation ("default") is described by the
     * database: its provider, locale and recorded version (datcollversion, 15 and later); before 15 the version
     * glibc had when initdb imported the libc collation of that locale stands for it.
     */
    static String collationUses(int major) {
        String dbProvider = major >= 15 ? "d.datlocprovider::text" : "'c'";
        String dbLocale = major >= 17 ? "CASE WHEN d.datlocprovider = 'c' THEN d.datcollate ELSE d.datlocale END"
                : major >= 15 ? "CASE WHEN d.datlocprovider = 'i' THEN d.daticulocale ELSE d.datcollate END"
                        : "d.datcollate";
        String imported = "(SELECT x.collversion FROM pg_catalog.pg_collation x WHERE x.collprovider = 'c'"
                + " AND x.collcollate = d.datcollate AND x.collencoding IN (-1, d.encoding)"
                + " AND x.collversion IS NOT NULL ORDER BY x.collencoding DESC LIMIT 1)";
        String dbVersion = major >= 15 ? "coalesce(d.datcollversion, CASE WHEN d.datlocprovider = 'c' THEN "
                + imported + " END)" : imported;
        String collLocale = major >= 17
                ? "CASE WHEN co.collprovider = 'c' THEN co.collcollate ELSE co.colllocale END"
                : major >= 15 ? "CASE WHEN co.collprovider = 'i' THEN co.colliculocale ELSE co.collcollate END"
                        : "co.collcollate";
        return """
                SELECT DISTINCT pg_catalog.format('%%I.%%I', n.nspname, ic.relname),
                  CASE WHEN co.oid = 100 THEN 'default' ELSE pg_catalog.format('%%I.%%I', cn.nspname, co.collname) END,
                  CASE WHEN co.oid = 100 THEN %1$s ELSE co.collprovider::text END,
                  CASE WHEN co.oid = 100 THEN %2$s ELSE %3$s END,
                  CASE WHEN co.oid = 100 THEN %4$s ELSE co.collversion END
                FROM pg_catalog.pg_index i
                JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
                JOIN pg_catalog.pg_namespace n ON n.oid = ic.relnamespace
                CROSS JOIN LATERAL pg_catalog.unnest(i.indcollation::pg_catalog.oid[]) AS k(coll)
                JOIN pg_catalog.pg_collation co ON co.oid = k.coll
                JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
                JOIN pg_catalog.pg_database d ON d.datname = pg_catalog.current_database()
                WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast'
                ORDER BY 1, 2""".formatted(dbProvider, dbLocale, collLocale, dbVersion);
    }

    /** The setting of that name in the configuration files, the last one read (the one that counts). */
    public Optional<FileSetting> fileSetting(String name) {
        return fileSettings.stream().filter(s -> s.name().equalsIgnoreCase(name)).reduce((a, b) -> b);
    }
}
