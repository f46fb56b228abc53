package dev.pghop.postgres;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a cluster holds and can do, as the checks before a dump or load need it. Read live by
 * {@link InventoryReader}, or (for the old server, at load time) from the dump's manifest.
 *
 * @param systemIdentifier the cluster's identity (pg_control_system); null when unknown
 * @param bootstrapRole the role created by initdb (oid 10): the official image's POSTGRES_USER
 * @param roles every role but the predefined pg_* ones
 * @param databases every database but template0
 * @param tablespaces user tablespaces (not pg_default / pg_global)
 * @param availableExtensions extensions this server's binaries can create
 * @param locales normalized libc locale names this server knows (see {@link #normalizeLocale})
 * @param hazards objects this cluster holds that some newer server refuses to create ({@link CrossingHazard})
 * @param settings the names of the settings this server knows (pg_settings), lower case
 * @param toastCompressions the compression methods this server's build offers for TOAST (pglz, lz4)
 * @param extensionVersions every extension version this server can install, as name=version
 */
public record ClusterInventory(PgVersion version, String versionText, String systemIdentifier, Login login,
        String bootstrapRole, List<RoleInfo> roles, List<DatabaseInfo> databases, List<TablespaceInfo> tablespaces,
        Set<String> availableExtensions, Set<String> locales, List<Hazard> hazards, Set<String> settings,
        Set<String> toastCompressions, Set<String> extensionVersions) {

    /** An inventory without hazards or what the server's build offers: a manifest's, or a test's. */
    public ClusterInventory(PgVersion version, String versionText, String systemIdentifier, Login login,
            String bootstrapRole, List<RoleInfo> roles, List<DatabaseInfo> databases, List<TablespaceInfo> tablespaces,
            Set<String> availableExtensions, Set<String> locales) {
        this(version, versionText, systemIdentifier, login, bootstrapRole, roles, databases, tablespaces,
                availableExtensions, locales, List.of(), Set.of(), Set.of(), Set.of());
    }

    /**
     * One object of a {@link CrossingHazard} kind.
     *
     * @param kind the name of its CrossingHazard
     * @param database where it is; null for what is cluster-wide
     * @param object what it is, named for the report ("column b of table public.child")
     * @param detail what a new server is judged by (a setting's name), or empty
     * @param fix the statement that fixes it on the old server
     */
    public record Hazard(String kind, String database, String object, String detail, String fix) {
    }

    /** The role pghop is logged in as, and what it may do. */
    public record Login(String name, boolean superuser, boolean createRole, boolean createDb) {
    }

    /**
     * @param passwordKind how its password is stored: md5, scram-sha-256, plain, none, or unknown (not readable
     *        without superuser)
     */
    public record RoleInfo(String name, boolean superuser, boolean login, String passwordKind) {
    }

    /**
     * @param dataBytes size of its tables and their TOAST, without indexes: close to what a dump of it takes
     * @param userObjects up to ten objects found in it ("table public.t"), for "is the new server empty?"
     * @param userObjectCount how many such objects there are in all
     * @param publicSchema its public schema's owner and privileges; null when unknown (a database that takes no
     *        connections, or a manifest written before pghop recorded them)
     * @param locale its locale provider and that provider's locale; null when unknown (a manifest written before
     *        pghop recorded them)
     */
    public record DatabaseInfo(String name, String owner, String encoding, String collate, String ctype,
            long sizeBytes, long dataBytes, List<String> extensions, List<String> userObjects, int userObjectCount,
            PublicSchema publicSchema, LocaleProvider locale) {

        /** A database whose locale provider is not known. */
        public DatabaseInfo(String name, String owner, String encoding, String collate, String ctype, long sizeBytes,
                long dataBytes, List<String> extensions, List<String> userObjects, int userObjectCount,
                PublicSchema publicSchema) {
            this(name, owner, encoding, collate, ctype, sizeBytes, dataBytes, extensions, userObjects,
                    userObjectCount, publicSchema, null);
        }
    }

    /**
     * Which library a database's text sorts by: libc (its collate and ctype), icu or, from PostgreSQL 17, builtin,
     * each with its own locale (null for libc).
     */
    public record LocaleProvider(String provider, String locale) {
        public static final LocaleProvider LIBC = new LocaleProvider("libc", null);

        @Override
        public String toString() {
            return locale == null ? provider : provider + " " + locale;
        }
    }

    /**
     * The schema named public, which initdb creates: a pg_dump older than 15 does not carry its owner, nor its
     * privileges where they are the old default, and PostgreSQL 15 creates it with other ones.
     *
     * @param present false when the database has no schema public
     * @param owner its owner's name
     * @param acl its privileges as aclitem[] text ({@code {admin=UC/admin,=UC/admin}}); null for the default
     */
    public record PublicSchema(boolean present, String owner, String acl) {
        public static final PublicSchema ABSENT = new PublicSchema(false, null, null);
    }

    public record TablespaceInfo(String name, String location) {
    }

    public Optional<DatabaseInfo> database(String name) {
        return databases.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    public long totalDataBytes() {
        return databases.stream().mapToLong(DatabaseInfo::dataBytes).sum();
    }

    public long totalSizeBytes() {
        return databases.stream().mapToLong(DatabaseInfo::sizeBytes).sum();
    }

    /** Locale names compared the way glibc matches them: case and '-' ignored ("C.UTF-8" is "c.utf8"). */
    public static String normalizeLocale(String locale) {
        return locale == null ? "" : locale.toLowerCase(java.util.Locale.ROOT).replace("-", "");
    }

    public boolean knowsLocale(String locale) {
        String n = normalizeLocale(locale);
        return n.equals("c") || n.equals("posix") || n.isEmpty() || locales.contains(n);
    }
}
