package dev.pghop.upgrade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import dev.pghop.postgres.ClusterInventory;
import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.InventoryReader;
import dev.pghop.postgres.Queries;
import dev.pghop.postgres.Sessions;
import dev.pghop.report.PghopException;

/**
 * The new cluster before pg_upgrade fills it: made by the new major's initdb to match the old cluster in all that
 * pg_upgrade requires (the bootstrap superuser's name, template0's encoding and locale, data checksums, the WAL
 * segment size) and in the directory's group access, then read once, empty, for what the new major offers.
 *
 * @param inventory what `plan` reads of a new server: extensions, locales, settings the major knows
 * @param libcVersion the glibc version its libc collations sort by, when it has one
 * @param icuVersions each ICU locale's collation version, by locale
 * @param libraryDir where the new major's loadable modules are ($libdir)
 * @param libraries the file names in that directory
 */
public record NewCluster(ClusterInventory inventory, Optional<String> libcVersion, Map<String, String> icuVersions,
        Path libraryDir, Set<String> libraries) {
    private static final Logger LOG = Logger.getLogger("pghop");
    private static final Duration INITDB_BOUND = Duration.ofMinutes(10);
    /** initdb's default WAL segment size, in MB. */
    private static final int DEFAULT_WAL_SEGMENT = 16;
    /** The first initdb that turns data checksums on unless told not to. */
    private static final int CHECKSUMS_BY_DEFAULT = 18;

    /**
     * initdb's arguments for a new cluster in {@code dir} that pg_upgrade will take with the old one: its bootstrap
     * superuser, template0's locale, and what its data directory says.
     */
    static List<String> initdbArgs(Path dir, int newMajor, String superuser, OldCluster.InitdbLocale locale,
            DataDirectory disk) {
        List<String> args = new ArrayList<>(List.of("--pgdata=" + dir, "--username=" + superuser,
                "--encoding=" + locale.encoding(), "--lc-collate=" + locale.collate(), "--lc-ctype=" + locale.ctype(),
                "--auth=trust", "--no-sync"));
        switch (locale.provider()) {
            case "i" -> args.addAll(List.of("--locale-provider=icu", "--icu-locale=" + locale.locale()));
            case "b" -> args.addAll(List.of("--locale-provider=builtin", "--builtin-locale=" + locale.locale()));
            default -> {
                if (newMajor >= 15) {
                    args.add("--locale-provider=libc");
                }
            }
        }
        if (disk.control().dataChecksums()) {
            args.add("--data-checksums");
        } else if (newMajor >= CHECKSUMS_BY_DEFAULT) {
            args.add("--no-data-checksums");
        }
        disk.control().walSegmentMegabytes().filter(mb -> mb != DEFAULT_WAL_SEGMENT)
                .ifPresent(mb -> args.add("--wal-segsize=" + mb));
        if (disk.groupAccess()) {
            args.add("--allow-group-access");
        }
        return args;
    }

    /** Runs initdb; the directory must not exist yet, or be empty. */
    static void make(Path dir, ServerPrograms programs, SingleUser.Bootstrap old, DataDirectory disk)
            throws IOException, InterruptedException {
        List<String> args = initdbArgs(dir, programs.major(), old.superuser(), old.locale(), disk);
        LOG.infof("making the new cluster in %s with the old one's superuser %s, encoding %s, locale %s, data"
                + " checksums %s", dir, old.superuser(), old.locale().encoding(), old.locale().collate(),
                disk.control().dataChecksums() ? "on" : "off");
        programs.program("initdb", args).env("LC_MESSAGES", "C").output(INITDB_BOUND);
    }

    /** Reads the new cluster, running for pghop alone. */
    static NewCluster read(Endpoint endpoint) {
        ClusterInventory inventory = InventoryReader.read(endpoint);
        int major = inventory.version().major();
        String icuLocale = major >= 17 ? "colllocale" : major >= 15 ? "colliculocale" : "collcollate";
        try (Connection c = Sessions.openMaintenance(endpoint, true)) {
            // glibc's version, the same for every locale but C, POSIX and C.* (which sort by code point: no version)
            Optional<String> libc = Queries.rows(c, "SELECT v FROM (SELECT pg_catalog.pg_collation_actual_version(oid)"
                    + " AS v FROM pg_catalog.pg_collation WHERE collprovider = 'c' AND collcollate NOT IN ('C', 'POSIX')"
                    + " AND collcollate NOT LIKE 'C.%') x WHERE v IS NOT NULL LIMIT 1").stream().map(r -> r.get(0))
                    .findFirst();
            Map<String, String> icu = new TreeMap<>();
            Queries.rows(c, "SELECT " + icuLocale + ", pg_catalog.pg_collation_actual_version(oid)"
                    + " FROM pg_catalog.pg_collation WHERE collprovider = 'i'").forEach(r -> {
                        if (r.get(0) != null && r.get(1) != null) {
                            icu.putIfAbsent(r.get(0), r.get(1));
                        }
                    });
            Path libdir = Path.of(Queries.single(c, "SELECT setting FROM pg_catalog.pg_config WHERE name = 'PKGLIBDIR'"));
            Set<String> libraries = new TreeSet<>();
            if (Files.isDirectory(libdir)) {
                try (Stream<Path> files = Files.list(libdir)) {
                    files.forEach(f -> libraries.add(f.getFileName().toString()));
                }
            }
            return new NewCluster(inventory, libc, icu, libdir, libraries);
        } catch (SQLException | IOException e) {
            throw PghopException.connectionFailed("while reading the new cluster: " + e.getMessage(), e);
        }
    }

    /**
     * Whether the new major has the module a shared_preload_libraries entry names ("pg_stat_statements",
     * "$libdir/auto_explain", an absolute path).
     */
    public boolean hasLibrary(String entry) {
        String name = entry.strip();
        if (name.startsWith("$libdir/")) {
            name = name.substring("$libdir/".length());
        } else if (name.contains("/")) {
            return Files.exists(Path.of(name)) || Files.exists(Path.of(name + ".so"));
        }
        return libraries.contains(name) || libraries.contains(name + ".so");
    }

    /** The version a collation of this provider and locale sorts by in the new major; empty when unknown. */
    public Optional<String> versionOf(String provider, String locale) {
        if (provider.equals("c")) {
            return libcVersion;
        }
        return Optional.ofNullable(icuVersions.get(locale)).or(() -> Optional.ofNullable(icuVersions.get("und")))
                .or(() -> icuVersions.values().stream().findFirst());
    }
}
