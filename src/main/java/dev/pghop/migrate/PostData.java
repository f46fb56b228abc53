package dev.pghop.migrate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import dev.pghop.dump.DumpPrograms;
import dev.pghop.load.LoadSettings;
import dev.pghop.postgres.Endpoint;
import dev.pghop.process.PgPassFile;
import dev.pghop.process.PgTools;
import dev.pghop.process.ReadOnlySession;
import dev.pghop.process.ToolProcess;

/**
 * A database's post-data section (indexes, constraints, triggers, materialized view data, ...), built in parallel:
 * pg_dump writes just those definitions (no rows: a few kilobytes) to a private archive, and pg_restore -j runs them
 * over several sessions in dependency order, so a table's indexes are built at the same time.
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
     * The definitions as the snapshot sees them, in a new private file.
     *
     * @param more further pg_dump options (the indexes' statistics, where pg_dump carries them)
     */
    Path dump(Endpoint source, String database, String snapshot, List<String> more)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("pghop-post-data-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path archive = dir.resolve("post-data.dump");
        List<String> options = new java.util.ArrayList<>(List.of("--section=post-data", "--snapshot=" + snapshot,
                "--format=custom", "--file", archive.toString()));
        options.addAll(more);
        try (PgPassFile pass = PgPassFile.create(List.of(source));
                ToolProcess pgDump = DumpPrograms.pgDump(tools, source, pass, database, false,
                        ToolProcess.Stdout.LOG, options.toArray(String[]::new))) {
            pgDump.awaitSuccess(BOUND);
        }
        return archive;
    }

    /** Runs the definitions on the new server with {@code jobs} sessions, then deletes the archive. */
    void restore(Endpoint target, String database, Path archive, int jobs) throws IOException, InterruptedException {
        try (PgPassFile pass = PgPassFile.create(List.of(target))) {
            ToolProcess.Builder restore = ToolProcess.of(tools.find("pg_restore"))
                    .args("--host", target.host(), "--port", String.valueOf(target.port()), "--username",
                            target.user(), "--no-password", "--exit-on-error", "--jobs", String.valueOf(jobs),
                            "--dbname", ReadOnlySession.conninfoFor(database), archive.toString())
                    .passFile(pass);
            settings.pgOptions().ifPresent(options -> restore.env("PGOPTIONS", options));
            try (ToolProcess pgRestore = restore.start()) {
                pgRestore.awaitSuccess(BOUND);
            }
        } finally {
            Files.deleteIfExists(archive);
            Files.deleteIfExists(archive.getParent());
        }
    }
}
