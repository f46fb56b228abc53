package dev.pghop.migrate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.pghop.dump.DumpPrograms;
import dev.pghop.load.ArchiveListing;
import dev.pghop.load.LoadSettings;
import dev.pghop.load.RestorePasses;
import dev.pghop.postgres.Endpoint;
import dev.pghop.process.PgPassFile;
import dev.pghop.process.PgTools;
import dev.pghop.process.ReadOnlySession;
import dev.pghop.process.ToolProcess;

/**
 * A database's post-data section (indexes, constraints, triggers, materialized view data, ...), built in parallel
 * where that cannot deadlock. pg_dump writes the schema and the post-data section (no rows: a few hundred
 * kilobytes) to a private archive, whose tables let pg_restore keep two entries on one table apart; pg_restore then
 * runs the post-data entries in the two passes of {@link RestorePasses}: indexes and the constraints that build one
 * over several sessions, so a table's indexes are built at the same time, then the rest in one session.
 */
final class PostData {
    private static final Duration BOUND = Duration.ofDays(1);

    private final PgTools tools;
    private final LoadSettings settings;

    PostData(PgTools tools, LoadSettings settings) {
        this.tools = tools;
        this.settings = settings;
    }

    /**
     * The schema as the snapshot sees it, in a new private directory: the pre-data section only lets pg_restore
     * keep two entries on one table apart.
     *
     * @param more further pg_dump options (the indexes' statistics, where pg_dump carries them)
     */
    Path dump(Endpoint source, String database, String snapshot, List<String> more)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("pghop-post-data-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path archive = dir.resolve("schema.dump");
        List<String> options = new ArrayList<>(List.of("--section=pre-data", "--section=post-data",
                "--snapshot=" + snapshot, "--format=custom", "--file", archive.toString()));
        options.addAll(more);
        try (PgPassFile pass = PgPassFile.create(List.of(source));
                ToolProcess pgDump = DumpPrograms.pgDump(tools, source, pass, database, false,
                        ToolProcess.Stdout.LOG, options.toArray(String[]::new))) {
            pgDump.awaitSuccess(BOUND);
        }
        return archive;
    }

    /** Runs the post-data entries on the new server, {@code jobs} sessions where they may, then deletes the files. */
    void restore(Endpoint target, String database, Path archive, int jobs) throws IOException, InterruptedException {
        List<Path> lists = new ArrayList<>();
        try {
            if (jobs == 1) {
                restore(target, database, archive, 1, null);
                return;
            }
            RestorePasses passes = RestorePasses.of(ArchiveListing.of(tools, archive, "--section=post-data").stream());
            lists.add(ArchiveListing.write(passes.parallel()));
            lists.add(ArchiveListing.write(passes.serial()));
            restore(target, database, archive, jobs, lists.get(0));
            restore(target, database, archive, 1, lists.get(1));
        } finally {
            for (Path list : lists) {
                Files.deleteIfExists(list);
            }
            Files.deleteIfExists(archive);
            Files.deleteIfExists(archive.getParent());
        }
    }

    /** @param list the entries to run, or null for the whole post-data section */
    private void restore(Endpoint target, String database, Path archive, int jobs, Path list)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--host", target.host(), "--port", String.valueOf(target.port()),
                "--username", target.user(), "--no-password", "--exit-on-error", "--section=post-data",
                "--jobs", String.valueOf(jobs)));
        if (list != null) {
            args.add("--use-list=" + list);
        }
        args.addAll(List.of("--dbname", ReadOnlySession.conninfoFor(database), archive.toString()));
        try (PgPassFile pass = PgPassFile.create(List.of(target))) {
            ToolProcess.Builder restore = ToolProcess.of(tools.find("pg_restore")).args(args).passFile(pass);
            settings.pgOptions().ifPresent(options -> restore.env("PGOPTIONS", options));
            try (ToolProcess pgRestore = restore.start()) {
                pgRestore.awaitSuccess(BOUND);
            }
        }
    }
}
