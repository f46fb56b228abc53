package dev.pghop.migrate;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.pghop.postgres.Endpoint;
import dev.pghop.process.ClientPrograms;
import dev.pghop.process.PgPassFile;
import dev.pghop.process.ToolProcess;
import dev.pghop.restore.LoadFailedException;
import dev.pghop.restore.PsqlFeed;
import dev.pghop.script.DumpFilter;
import dev.pghop.script.LoadRules;

/**
 * One pg_dump of one database, with no file in between: streamed from the old server through pghop (count,
 * CRC-32C, the load rules) into psql on the new one. pg_dump's sessions are read-only; with a snapshot it reads
 * exactly what the other parts of the same database's copy read.
 */
final class DumpStream {
    /** pg_dump has closed its output when this starts; it should be gone at once. */
    private static final Duration EXIT_AFTER_EOF = Duration.ofSeconds(60);

    /** What one stream moved, and how long each script phase took. */
    record Result(long bytes, String crc32c, Map<String, Duration> phases) {
    }

    private final ClientPrograms programs;
    private final PsqlFeed feed;

    DumpStream(ClientPrograms programs, PsqlFeed feed) {
        this.programs = programs;
        this.feed = feed;
    }

    /**
     * Runs {@code pg_dump <options> database} into {@code targetDatabase} on the new server.
     *
     * @param options e.g. --section=pre-data, --create, --snapshot=...
     */
    Result run(Endpoint source, Endpoint target, String database, List<String> options, String targetDatabase,
            LoadRules rules) throws IOException, InterruptedException {
        DumpFilter filter = DumpFilter.forDatabase(rules);
        CountingStream stream;
        try (PgPassFile pass = PgPassFile.create(List.of(source));
                ToolProcess pgDump = programs.pgDump(source, database, pass, options)
                        .stdout(ToolProcess.Stdout.PIPE).start()) {
            stream = new CountingStream(pgDump.stdout());
            try {
                feed.run(stream, filter, target, targetDatabase, "database " + database);
            } catch (LoadFailedException e) {
                throw e;
            } catch (IOException e) {
                if (pgDump.failed()) {
                    pgDump.awaitSuccess(EXIT_AFTER_EOF); // throws, with pg_dump's own reason
                }
                throw e;
            }
            pgDump.awaitSuccess(EXIT_AFTER_EOF);
        }
        return new Result(stream.bytes(), stream.crc32c(), filter.phases().durations());
    }
}
