package dev.pghop.migrate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.pghop.postgres.Endpoint;
import dev.pghop.process.ClientPrograms;
import dev.pghop.process.ParallelJobs;
import dev.pghop.process.PgPassFile;
import dev.pghop.process.PrivateDirectory;
import dev.pghop.process.ToolFailedException;
import dev.pghop.process.ToolProcess;
import dev.pghop.restore.ArchiveListing;
import dev.pghop.restore.RestorePasses;

/**
 * A database's post-data section (indexes, constraints, triggers, materialized view data, ...), built in parallel
 * where that cannot deadlock. pg_dump writes the schema and the post-data section (no rows: a few hundred
 * kilobytes) to a private archive, whose tables let pg_restore keep two entries on one table apart; pg_restore then
 * runs the post-data entries in the two passes of {@link RestorePasses}: indexes and the constraints that build one
 * over several sessions, then the rest in one session. A large table's key is built beside its other indexes
 * ({@link KeyIndexes}): as a constraint, pg_restore would build it alone.
 */
final class PostData {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger("pghop");
    private static final Duration BOUND = Duration.ofDays(1);

    private final ClientPrograms programs;

    PostData(ClientPrograms programs) {
        this.programs = programs;
    }

    /**
     * The schema as the snapshot sees it, in a new {@link PrivateDirectory}: the pre-data section only lets
     * pg_restore keep two entries on one table apart. It holds no rows, but may hold secrets (the passwords of user
     * mappings, the connection strings of subscriptions): only its owner may read it, and a run killed before it
     * deleted it leaves it to the next run to delete.
     *
     * @param more further pg_dump options (the indexes' statistics, where pg_dump carries them)
     */
    Path dump(Endpoint source, String database, String snapshot, List<String> more)
            throws IOException, InterruptedException {
        PrivateDirectory dir = PrivateDirectory.create(PrivateDirectory.Kind.SCHEMA);
        Path archive;
        try {
            archive = dir.newFile("schema.dump");
        } catch (IOException e) {
            dir.close();
            throw e;
        }
        List<String> options = new ArrayList<>(List.of("--section=pre-data", "--section=post-data",
                "--snapshot=" + snapshot, "--format=custom", "--file", archive.toString()));
        options.addAll(more);
        try (PgPassFile pass = PgPassFile.create(List.of(source));
                ToolProcess pgDump = programs.pgDump(source, database, pass, options).start()) {
            pgDump.awaitSuccess(BOUND);
        } catch (IOException | RuntimeException e) {
            dir.close();
            throw e;
        }
        return archive;
    }

    /**
     * Runs the post-data entries on the new server, {@code jobs} sessions where they may, then deletes the files.
     * The {@code keys} are built as unique indexes in a session of their own beside the other indexes, and made
     * constraints before the entries that may need them (foreign keys) run.
     */
    void restore(Endpoint target, String database, Path archive, int jobs, KeyIndexes keys)
            throws IOException, InterruptedException {
        List<Path> lists = new ArrayList<>();
        try {
            if (jobs == 1) {
                restoreList(target, database, archive, 1, null);
                return;
            }
            RestorePasses passes = RestorePasses.of(ArchiveListing.of(programs, archive, "--section=post-data")
                    .stream());
            lists.add(ArchiveListing.write(keys.without(passes.parallel())));
            lists.add(ArchiveListing.write(passes.serial()));
            if (keys.isEmpty()) {
                restoreList(target, database, archive, jobs, lists.get(0));
            } else {
                ParallelJobs.run("pghop-post-data", 2, List.<ParallelJobs.Job<Void>>of(() -> {
                    restoreList(target, database, archive, jobs - 1, lists.get(0));
                    return null;
                }, () -> {
                    statements(target, database, keys.indexes().stream().map(KeyIndexes.KeyIndex::definition)
                            .toList(), "building the unique indexes of the keys of " + keys.tables());
                    return null;
                }));
                statements(target, database, keys.attachments(), "making the unique indexes of "
                        + keys.tables() + " their keys");
            }
            restoreList(target, database, archive, 1, lists.get(1));
        } finally {
            for (Path list : lists) {
                Files.deleteIfExists(list);
            }
            discard(archive);
        }
    }

    /**
     * Deletes an archive {@link #dump} made, and its directory; null for none. A file that cannot be deleted is a
     * warning, not the run's failure: the next run deletes it.
     */
    void discard(Path archive) {
        if (archive == null) {
            return;
        }
        try {
            Files.deleteIfExists(archive);
            Files.deleteIfExists(archive.getParent());
        } catch (IOException e) {
            LOG.warnf("could not delete the schema archive %s: %s; the next pghop run deletes it, or delete it by"
                    + " hand", archive, e.getMessage());
        }
    }

    /** Statements in one psql session with the load settings, each its own transaction; the first error stops it. */
    private void statements(Endpoint target, String database, List<String> sql, String doing)
            throws IOException, InterruptedException {
        try (PgPassFile pass = PgPassFile.create(List.of(target))) {
            try (ToolProcess p = programs.psqlCommands(target, database, pass, sql).start()) {
                p.awaitSuccess(BOUND);
            } catch (ToolFailedException e) {
                throw new IOException(doing + " in database " + database + " failed: " + e.getMessage(), e);
            }
        }
    }

    /** @param list the entries to run, or null for the whole post-data section */
    private void restoreList(Endpoint target, String database, Path archive, int jobs, Path list)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--section=post-data", "--jobs", String.valueOf(jobs)));
        if (list != null) {
            args.add("--use-list=" + list);
        }
        args.add(archive.toString());
        try (PgPassFile pass = PgPassFile.create(List.of(target));
                ToolProcess pgRestore = programs.pgRestore(target, database, pass, args).start()) {
            pgRestore.awaitSuccess(BOUND);
        }
    }
}
