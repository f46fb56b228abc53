package dev.pghop.migrate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.pghop.dump.DumpPrograms;
import dev.pghop.load.LoadSettings;
import dev.pghop.postgres.Endpoint;
import dev.pghop.process.PgPassFile;
import dev.pghop.process.PgTools;
import dev.pghop.process.ReadOnlySession;
import dev.pghop.process.ToolProcess;

/**
 * A database's post-data section (indexes, constraints, triggers, materialized view data, ...), built in parallel
 * where that cannot deadlock. pg_dump writes the schema and the post-data section (no rows: a few hundred
 * kilobytes) to a private archive, whose tables let pg_restore keep two entries on one table apart; pg_restore then runs the post-data entries in
 * the two passes of {@link PostDataLists}: indexes and the constraints that build one over several sessions, so a
 * table's indexes are built at the same time, then the rest in one session.
 */
final class PostData {
    private static final Duration BOUND = Duration.ofDays(1);
    private static final Duration LIST_BOUND = Duration.ofMinutes(5);

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
        try {
            if (jobs == 1) {
                restore(target, database, archive, 1, null);
                return;
            }
            PostDataLists lists = lists(archive);
            restore(target, database, archive, jobs, write(archive.resolveSibling("parallel.list"), lists.parallel()));
            restore(target, database, archive, 1, write(archive.resolveSibling("serial.list"), lists.serial()));
        } finally {
            try (var files = Files.list(archive.getParent())) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(archive.getParent());
        }
    }

    private PostDataLists lists(Path archive) throws IOException, InterruptedException {
        try (ToolProcess list = ToolProcess.of(tools.find("pg_restore"))
                .args("--list", "--section=post-data", archive.toString()).stdout(ToolProcess.Stdout.PIPE).start()) {
            PostDataLists lists;
            try (BufferedReader toc = new BufferedReader(new InputStreamReader(list.stdout(), StandardCharsets.UTF_8))) {
                lists = PostDataLists.of(toc.lines());
            }
            list.awaitSuccess(LIST_BOUND);
            return lists;
        }
    }

    private static Path write(Path list, List<String> entries) throws IOException {
        return Files.write(list, entries, StandardCharsets.UTF_8);
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
