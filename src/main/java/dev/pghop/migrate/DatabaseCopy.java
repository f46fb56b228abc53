package dev.pghop.migrate;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.pghop.dump.DumpPrograms;
import dev.pghop.load.DumpFilter;
import dev.pghop.load.LoadFailedException;
import dev.pghop.load.LoadRules;
import dev.pghop.load.PsqlFeed;
import dev.pghop.postgres.Endpoint;
import dev.pghop.process.PgPassFile;
import dev.pghop.process.PgTools;
import dev.pghop.process.ToolProcess;

/**
 * Copies one database with no file in between: pg_dump on the old server, streamed through pghop (count, CRC-32C,
 * the load rules) into psql on the new one. pg_dump's sessions are read-only.
 */
final class DatabaseCopy {
    /** pg_dump has closed its output when this starts; it should be gone at once. */
    private static final Duration EXIT_AFTER_EOF = Duration.ofSeconds(60);

    /** What one database's copy moved and how long each phase took. */
    record Result(String database, long bytes, String crc32c, Map<String, Duration> phases) {
    }

    private final PgTools tools;
    private final PsqlFeed feed;
    private final String database;
    private final boolean create;
    private volatile CountingStream stream;
    private volatile DumpFilter filter;

    /** @param create whether the dump creates the database (all but postgres and template1, as pg_dumpall does) */
    DatabaseCopy(PgTools tools, PsqlFeed feed, String database, boolean create) {
        this.tools = tools;
        this.feed = feed;
        this.database = database;
        this.create = create;
    }

    String database() {
        return database;
    }

    long bytes() {
        CountingStream s = stream;
        return s == null ? 0 : s.bytes();
    }

    /** The phase the copy is in: waiting, schema, data, indexes, done. */
    String phase() {
        DumpFilter f = filter;
        return f == null ? "waiting" : f.phases().current();
    }

    Result run(Endpoint source, Endpoint target, LoadRules rules) throws IOException, InterruptedException {
        filter = DumpFilter.forDatabase(rules);
        try (PgPassFile pass = PgPassFile.create(List.of(source));
                ToolProcess pgDump = DumpPrograms.pgDump(tools, source, pass, database, create,
                        ToolProcess.Stdout.PIPE)) {
            stream = new CountingStream(pgDump.stdout());
            try {
                feed.run(stream, filter, target, create ? "postgres" : database, "database " + database);
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
        return new Result(database, stream.bytes(), stream.crc32c(), filter.phases().durations());
    }
}
