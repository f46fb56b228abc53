package dev.pghop.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jboss.logging.Logger;

import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.PgVersion;
import dev.pghop.postgres.Sessions;
import dev.pghop.process.ClientPrograms;
import dev.pghop.process.PgPassFile;
import dev.pghop.process.ToolFailedException;
import dev.pghop.process.ToolProcess;
import dev.pghop.restore.ArchiveListing;
import dev.pghop.restore.DatabaseEntries;
import dev.pghop.restore.PsqlFeed;
import dev.pghop.restore.RestorePasses;
import dev.pghop.script.DumpFilter;
import dev.pghop.script.LoadRules;

/**
 * Restores one database of a directory-format dump with pg_restore, as pg_dumpall's script would have loaded it:
 * <ul>
 * <li>postgres and template1, which every server has, are loaded into;</li>
 * <li>a database the new server already held (the image's superuser database, say) first gets its own properties
 * (owner, settings, comment, privileges) through the load rules, which leave out its CREATE DATABASE, then its
 * contents;</li>
 * <li>every other database is created by pg_restore --create.</li>
 * </ul>
 * A database an earlier run left half-loaded is loaded again: dropped first when the load created it, else cleaned
 * object by object (--clean --if-exists). Several jobs restore in two passes that cannot deadlock each other.
 */
final class DatabaseRestore {
    private static final Logger LOG = Logger.getLogger("pghop");
    private static final Set<String> MAINTENANCE = Set.of("postgres", "template1");
    /** pg_restore has closed its output when this starts; it should be gone at once. */
    private static final Duration EXIT_AFTER_EOF = Duration.ofSeconds(60);
    /** Restoring even a large database takes hours; a week bounds a server that hangs. */
    private static final Duration RESTORE_BOUND = Duration.ofDays(7);

    private final ClientPrograms programs;
    private final PsqlFeed feed;
    private final Endpoint target;
    private final PgVersion targetVersion;
    private final LoadRules rules;
    private final Set<String> preExisting;

    /** @param preExisting the databases the new server held before the load began */
    DatabaseRestore(ClientPrograms programs, Endpoint target, PgVersion targetVersion, LoadRules rules,
            Set<String> preExisting) {
        this.programs = programs;
        this.feed = new PsqlFeed(programs);
        this.target = target;
        this.targetVersion = targetVersion;
        this.rules = rules;
        this.preExisting = Set.copyOf(preExisting);
    }

    /**
     * @param again an earlier run started this database and stopped before it was done
     * @param jobs pg_restore's own parallel jobs
     */
    void run(String database, Path archive, boolean again, int jobs) throws IOException, InterruptedException {
        try {
            if (MAINTENANCE.contains(database)) {
                restore(archive, database, database, jobs, again ? List.of("--clean", "--if-exists") : List.of());
            } else if (preExisting.contains(database)) {
                loadProperties(database, archive);
                restore(archive, database, database, jobs, again ? List.of("--clean", "--if-exists") : List.of());
            } else {
                if (again) {
                    drop(database);
                }
                restore(archive, "postgres", database, jobs, List.of("--create"));
            }
        } catch (ToolFailedException e) {
            throw new IOException("database " + database + ": " + e.getMessage(), e);
        }
    }

    /**
     * pg_restore of the archive in the two passes of {@link RestorePasses} when it runs several jobs: all but the
     * post-data entries that lock more than one table in parallel, then those in one session, so that two of them
     * never wait on each other. A rerun that cleans first (--clean) restores in one session.
     *
     * @param into the database pg_restore connects to first ("postgres" with --create)
     */
    private void restore(Path archive, String into, String database, int jobs, List<String> options)
            throws IOException, InterruptedException {
        if (jobs == 1 || options.contains("--clean")) {
            restore(archive, into, 1, options, null);
            return;
        }
        List<String> whole = ArchiveListing.of(programs, archive, options.toArray(String[]::new));
        RestorePasses passes = RestorePasses.ofWhole(whole.stream(),
                ArchiveListing.of(programs, archive, "--section=post-data").stream());
        Path parallel = ArchiveListing.write(passes.parallel());
        Path serial = ArchiveListing.write(passes.serial());
        try {
            restore(archive, into, jobs, options, parallel);
            restore(archive, database, 1, List.of(), serial);
        } finally {
            Files.deleteIfExists(parallel);
            Files.deleteIfExists(serial);
        }
    }

    /** @param list the entries to restore, or null for all of them */
    private void restore(Path archive, String database, int jobs, List<String> options, Path list)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--jobs=" + jobs));
        args.addAll(options);
        if (list != null) {
            args.add("--use-list=" + list);
        }
        args.add(archive.toString());
        try (PgPassFile pass = PgPassFile.create(List.of(target));
                ToolProcess pgRestore = programs.pgRestore(target, database, pass, args).start()) {
            pgRestore.awaitSuccess(RESTORE_BOUND);
        }
    }

    /**
     * The database's own entries, as the SQL pg_restore --create writes for them, through the load rules into psql:
     * the rules skip the CREATE DATABASE of a database that exists, and everything else about it arrives.
     */
    private void loadProperties(String database, Path archive) throws IOException, InterruptedException {
        Path list = ArchiveListing.write(DatabaseEntries.of(ArchiveListing.of(programs, archive, "--create").stream()));
        try {
            try (ToolProcess script = programs.pgRestoreOffline(List.of("--create", "--use-list=" + list,
                    "--file=-", archive.toString())).stdout(ToolProcess.Stdout.PIPE).start()) {
                feed.run(script.stdout(), DumpFilter.forDatabase(rules), target, "postgres",
                        "the properties of database " + database);
                script.awaitSuccess(EXIT_AFTER_EOF);
            }
        } finally {
            Files.deleteIfExists(list);
        }
    }

    /** Drops a database this load created and an earlier run left half-loaded; sessions left in it are ended. */
    private void drop(String database) throws IOException {
        String sql = "DROP DATABASE IF EXISTS \"" + database.replace("\"", "\"\"") + "\""
                + (targetVersion.major() >= 13 ? " WITH (FORCE)" : "");
        LOG.warnf("database %s: the earlier run stopped while loading it; dropping it to load it again", database);
        try (Connection c = Sessions.openMaintenance(target, false); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IOException("cannot drop the half-loaded database " + database + " on the " + target + ": "
                    + e.getMessage(), e);
        }
    }
}
