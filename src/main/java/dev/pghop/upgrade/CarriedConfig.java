package dev.pghop.upgrade;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

/**
 * What pg_upgrade leaves behind and pghop carries into the new cluster: the configuration files (postgresql.conf,
 * postgresql.auto.conf, pg_hba.conf, pg_ident.conf, and what they include), the other files of the data directory's
 * top level (a certificate and key, say), and the files the configuration names inside it. Each setting is judged
 * against the new major: one it does not know (removed or renamed) is named, with its new name where it has one,
 * and carried as a comment, never silently dropped and never left to stop the new server.
 *
 * @param files each file carried, relative to the data directory
 * @param unknown each setting the new major does not know
 * @param notCarried what the data directory holds that is not carried, and why
 */
public record CarriedConfig(List<Path> files, List<UnknownSetting> unknown, List<String> notCarried) {
    private static final Logger LOG = Logger.getLogger("pghop");

    /** A setting of an old configuration file that the new major does not know. */
    public record UnknownSetting(String name, Path file, int line, String value, String instead) {
        public String describe() {
            return name + " = '" + value + "' (" + file.getFileName() + " line " + line + ")" + (instead.isEmpty()
                    ? "" : ": " + instead);
        }
    }

    /** What the data directory's top level holds of PostgreSQL's own, which the new cluster has or must not have. */
    private static final Set<String> OWN_FILES = Set.of("PG_VERSION", "postmaster.pid", "postmaster.opts",
            "current_logfiles", "backup_label", "backup_label.old", "tablespace_map", "tablespace_map.old",
            "standby.signal", "recovery.signal", "recovery.done", "delete_old_cluster.sh", "update_extensions.sql");
    private static final Set<String> OWN_DIRECTORIES = Set.of("base", "global", "pg_wal", "pg_xact", "pg_commit_ts",
            "pg_dynshmem", "pg_logical", "pg_multixact", "pg_notify", "pg_replslot", "pg_serial", "pg_snapshots",
            "pg_stat", "pg_stat_tmp", "pg_subtrans", "pg_tblspc", "pg_twophase", "lost+found", "pg_upgrade_output.d");
    /** Settings that name a file or directory, which is carried when it is inside the data directory. */
    private static final Set<String> PATH_SETTINGS = Set.of("hba_file", "ident_file", "ssl_cert_file",
            "ssl_key_file", "ssl_ca_file", "ssl_crl_file", "ssl_crl_dir", "ssl_dh_params_file");
    /** What to set instead of a setting a newer major removed or renamed. */
    private static final Map<String, String> INSTEAD = Map.ofEntries(
            Map.entry("wal_keep_segments", "PostgreSQL 13 replaced it by wal_keep_size, in MB (segments × 16 MB)"),
            Map.entry("operator_precedence_warning", "PostgreSQL 14 removed it; nothing replaces it"),
            Map.entry("password_encryption", "PostgreSQL 14 no longer takes on/off: use md5 or scram-sha-256"),
            Map.entry("vacuum_defer_cleanup_age", "PostgreSQL 16 removed it: use hot_standby_feedback or a"
                    + " replication slot"),
            Map.entry("promote_trigger_file", "PostgreSQL 16 removed it: promote with pg_ctl promote or"
                    + " pg_promote()"),
            Map.entry("force_parallel_mode", "PostgreSQL 16 renamed it debug_parallel_query"),
            Map.entry("old_snapshot_threshold", "PostgreSQL 17 removed it; nothing replaces it"),
            Map.entry("db_user_namespace", "PostgreSQL 17 removed it; nothing replaces it"),
            Map.entry("trace_recovery_messages", "PostgreSQL 17 removed it: use log_min_messages"),
            Map.entry("stats_temp_directory", "PostgreSQL 15 removed it: statistics live in shared memory"));

    /**
     * What would be carried from the old data directory.
     *
     * @param knownSettings the settings the new major knows, lower case
     */
    static CarriedConfig plan(Path oldDir, List<OldCluster.FileSetting> settings, Set<String> knownSettings)
            throws IOException {
        Set<Path> files = new TreeSet<>();
        List<String> notCarried = new ArrayList<>();
        Set<String> named = new TreeSet<>();
        for (OldCluster.FileSetting s : settings) {
            inside(oldDir, s.file()).ifPresentOrElse(files::add, () -> notCarried.add(s.file()
                    + " (a configuration file outside the data directory: keep it where the new server finds it)"));
            if (PATH_SETTINGS.contains(s.name().toLowerCase(java.util.Locale.ROOT))) {
                Path target = oldDir.resolve(s.value());
                Optional<Path> relative = inside(oldDir, target);
                if (relative.isPresent() && Files.isDirectory(target)) {
                    try (Stream<Path> walk = Files.walk(target)) {
                        walk.filter(Files::isRegularFile).forEach(f -> files.add(oldDir.relativize(f)));
                    }
                } else if (relative.isPresent() && Files.isRegularFile(target)) {
                    files.add(relative.get());
                }
                relative.ifPresent(r -> named.add(r.getName(0).toString()));
            }
        }
        try (Stream<Path> top = Files.list(oldDir)) {
            for (Path entry : top.sorted().toList()) {
                String name = entry.getFileName().toString();
                if (name.startsWith(Layout.INSIDE_PREFIX)) {
                    continue; // pghop's own, inside a PGDATA that is its volume's root
                }
                if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    if (!OWN_FILES.contains(name)) {
                        files.add(Path.of(name));
                    }
                } else if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) && !OWN_DIRECTORIES.contains(name)
                        && !named.contains(name) && files.stream().noneMatch(f -> f.getName(0).toString()
                                .equals(name))) {
                    notCarried.add(entry + "/ (not PostgreSQL's, and no setting names it: it stays with the old"
                            + " cluster)");
                }
            }
        }
        List<UnknownSetting> unknown = settings.stream()
                .filter(s -> !s.name().contains(".") && !knownSettings.contains(s.name().toLowerCase(
                        java.util.Locale.ROOT)))
                .map(s -> new UnknownSetting(s.name(), s.file(), s.line(), s.value(), INSTEAD.getOrDefault(
                        s.name().toLowerCase(java.util.Locale.ROOT), "")))
                .toList();
        return new CarriedConfig(List.copyOf(files), unknown, notCarried);
    }

    /**
     * Copies the files into the new cluster's directory, replacing initdb's, each unknown setting's line turned
     * into a comment that says why.
     */
    void apply(Path oldDir, Path newDir, int oldMajor, int newMajor) throws IOException {
        Map<Path, Map<Integer, UnknownSetting>> byFile = new TreeMap<>();
        unknown.forEach(u -> inside(oldDir, u.file()).ifPresent(rel -> byFile.computeIfAbsent(rel,
                k -> new TreeMap<>()).put(u.line(), u)));
        for (Path relative : files) {
            Path from = oldDir.resolve(relative);
            Path to = newDir.resolve(relative);
            Files.createDirectories(to.getParent());
            Map<Integer, UnknownSetting> lines = byFile.get(relative);
            if (lines == null) {
                Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                continue;
            }
            List<String> text = new ArrayList<>(Files.readAllLines(from, StandardCharsets.UTF_8));
            lines.forEach((line, u) -> {
                if (line >= 1 && line <= text.size()) {
                    text.set(line - 1, "# pghop: PostgreSQL " + newMajor + " has no setting " + u.name()
                            + " (carried from PostgreSQL " + oldMajor + (u.instead().isEmpty() ? "" : "; "
                                    + u.instead()) + "): " + text.get(line - 1));
                }
            });
            Files.write(to, text, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
        }
        LOG.infof("carried into the new cluster: %s", String.join(", ", files.stream().map(Path::toString)
                .toList()));
    }

    /** The path relative to the data directory, when it is inside it. */
    private static Optional<Path> inside(Path dataDir, Path file) {
        Path normal = dataDir.resolve(file).normalize();
        return normal.startsWith(dataDir) && !normal.equals(dataDir) ? Optional.of(dataDir.relativize(normal))
                : Optional.empty();
    }
}
