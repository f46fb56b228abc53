package dev.pghop.migrate;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.pghop.postgres.Endpoint;
import dev.pghop.process.ClientPrograms;
import dev.pghop.process.ParallelJobs;
import dev.pghop.process.PgPassFile;
import dev.pghop.process.ToolFailedException;
import dev.pghop.process.ToolProcess;
import dev.pghop.restore.Analyze;

/**
 * Copies tables' rows from the old server to the new one over COPY, several at once: each lane takes the next part
 * (largest first) until none is left, and a large table is split into block ranges so several lanes fill it
 * together. Each part is a psql on the old server (inside the database's snapshot) piped straight into a psql on
 * the new one, so the rows cost pghop nothing. Rows go in COPY's binary form where every column is of a built-in
 * type, else in the text form pg_dump uses, with the same session settings.
 * <p>
 * A pair of programs per table pays only for a table of some size: the small ones (below {@link #ALONE_FROM}) go
 * together, in one stream the caller gives ({@code together}), which takes a lane like any part.
 */
final class TableCopier {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger("pghop");
    /**
     * A table larger than this is copied in block ranges, one per lane, where the old server can read a range of
     * blocks alone (TID range scans, PostgreSQL 14); an older one would read the whole table for each range.
     */
    private static final long SPLIT_ABOVE = 64L << 20;
    /**
     * A table of at least this size gets a pipe of its own; the smaller ones go together in one stream. Starting a
     * pair of psql and logging both in costs tens of milliseconds, what streaming a few MB costs.
     */
    static final long ALONE_FROM = 8L << 20;

    /** A day bounds a server that hangs; a table's rows take minutes, hours at the most. */
    private static final Duration BOUND = Duration.ofDays(1);

    private final ClientPrograms programs;
    private final int lanes;
    private final AtomicLong bytes;
    private final boolean analyze;
    private final boolean blockRanges;
    private final boolean freeze;
    /** At most {@code lanes} COPY streams at once over all databases: more only share the same cores. */
    private final Semaphore streams;

    /**
     * @param bytes counts every byte copied, for progress lines
     * @param analyze runs ANALYZE on each table as soon as all its rows are in, while other lanes still copy
     * @param blockRanges whether the old server reads block ranges on their own (PostgreSQL 14 and later), so that
     *        a large table can be split
     * @param freeze a table copied whole by one session is emptied and filled in one transaction, with COPY FREEZE:
     *        its rows arrive frozen and visible to all, so the new server's first reads (ANALYZE, the index builds)
     *        need not write every page again to mark its rows committed, and no vacuum has to freeze them later.
     *        Not where the data section also sets the tables' statistics (pg_dump --statistics), which emptying a
     *        table would reset
     */
    TableCopier(ClientPrograms programs, int lanes, AtomicLong bytes, boolean analyze, boolean blockRanges,
            boolean freeze) {
        this.programs = programs;
        this.lanes = lanes;
        this.bytes = bytes;
        this.analyze = analyze;
        this.blockRanges = blockRanges;
        this.freeze = freeze;
        this.streams = new Semaphore(lanes, true);
    }

    /**
     * The database the rows are read from, in which snapshot, and its encoding, in which both ends of each pipe
     * exchange text.
     */
    record Source(String database, String encoding, String snapshot) {
    }

    /**
     * Copies every table of {@code alone} through pipes of its own and runs {@code together} (the stream of the
     * rest) beside them; the first failure stops the database's copy and names the table.
     *
     * @param togetherBytes the size of the tables {@code together} copies, counted once it is done
     */
    void copy(Endpoint source, Endpoint target, Source from, List<SourceTables.Table> alone,
            ParallelJobs.Job<?> together, long togetherBytes) throws IOException, InterruptedException {
        List<SourceTables.Part> parts = SourceTables.parts(alone, SPLIT_ABOVE, lanes, blockRanges);
        alone.forEach(t -> LOG.infof("migrate: table %s (%s) in a pipe of its own, in COPY's %s form", t.name(),
                dev.pghop.report.Sizes.bytes(t.bytes()), t.binary() ? "binary" : "text"));
        ConcurrentLinkedQueue<SourceTables.Part> queue = new ConcurrentLinkedQueue<>(parts);
        Map<SourceTables.Table, AtomicInteger> partsLeft = new ConcurrentHashMap<>();
        parts.forEach(p -> partsLeft.computeIfAbsent(p.table(), t -> new AtomicInteger()).incrementAndGet());
        List<ParallelJobs.Job<Void>> work = new ArrayList<>();
        work.add(() -> {
            streams.acquire();
            try {
                together.run();
            } finally {
                streams.release();
            }
            bytes.addAndGet(togetherBytes);
            return null;
        });
        for (int i = 0; i < Math.min(lanes, parts.size()); i++) {
            work.add(() -> {
                lane(source, target, from, queue, partsLeft);
                return null;
            });
        }
        ParallelJobs.run("pghop-copy", lanes + 1, work);
    }

    /** Statistics of the tables copied together, many per statement: one round trip instead of one per table. */
    void analyzeTogether(Endpoint target, String database, List<SourceTables.Table> tables) throws IOException {
        if (analyze) {
            Analyze.relations(target, database, tables.stream().map(SourceTables.Table::name).toList());
        }
    }

    private void lane(Endpoint source, Endpoint target, Source from, ConcurrentLinkedQueue<SourceTables.Part> queue,
            Map<SourceTables.Table, AtomicInteger> partsLeft) throws IOException, InterruptedException {
        try (PgPassFile pass = PgPassFile.create(List.of(source, target))) {
            for (SourceTables.Part part = queue.poll(); part != null; part = queue.poll()) {
                streams.acquire();
                try {
                    copyPart(source, target, from, pass, part);
                } finally {
                    streams.release();
                }
                bytes.addAndGet(part.table().bytes() / part.of());
                if (analyze && partsLeft.get(part.table()).decrementAndGet() == 0) {
                    Analyze.relations(target, from.database(), List.of(part.table().name()));
                }
            }
        }
    }

    /**
     * psql on the old server, inside the snapshot, writing COPY TO STDOUT into an operating-system pipe read by psql
     * on the new server running COPY FROM STDIN: the rows never pass through pghop.
     */
    private void copyPart(Endpoint source, Endpoint target, Source from, PgPassFile pass, SourceTables.Part part)
            throws IOException, InterruptedException {
        String database = from.database();
        List<String> same = PipeSessionSettings.statements(from.encoding());
        List<String> out = new ArrayList<>(List.of("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
                "SET TRANSACTION SNAPSHOT '" + from.snapshot().replace("'", "''") + "'", "SET row_security = off"));
        out.addAll(same);
        out.add(part.copyOut());
        List<String> in = new ArrayList<>(same);
        boolean freeze = this.freeze && part.canFreeze();
        if (freeze && part.table().bytes() > SPLIT_ABOVE) {
            LOG.infof("migrate: table %s copied whole by one session, its rows arriving frozen", part.table().name());
        }
        if (freeze) {
            in.addAll(List.of("BEGIN", "TRUNCATE ONLY " + part.table().name()));
        }
        in.add(part.copyIn(freeze));
        if (freeze) {
            in.add("COMMIT");
        }
        ToolProcess.Builder reader = programs.psqlCommands(source, database, pass, out);
        ToolProcess.Builder writer = programs.psqlCommands(target, database, pass, in);
        List<ToolProcess> pair = ToolProcess.pipe(reader, writer);
        try {
            ToolFailedException written = failure(pair.get(1), BOUND);
            // Once the writer is gone the reader ends too (a closed pipe), so this wait is short after a failure.
            ToolFailedException read = failure(pair.get(0), BOUND);
            if (read != null || written != null) {
                String why = (read != null ? "on the old server: " + read.getMessage() : "")
                        + (read != null && written != null ? "; " : "")
                        + (written != null ? "on the new server: " + written.getMessage() : "");
                throw new IOException("copying the rows of table " + part.table().name() + " in database " + database
                        + " failed " + why + (read != null && read.getMessage().contains("lock timeout")
                                ? ". Another session waits for or holds a lock on the table that reading it must wait"
                                        + " for (an ALTER TABLE, TRUNCATE, DROP or VACUUM FULL on the old server):"
                                        + " stop it and run migrate again, or raise LOCK_WAIT_TIMEOUT" : ""),
                        read != null ? read : written);
            }
        } finally {
            pair.forEach(ToolProcess::close);
        }
    }

    private static ToolFailedException failure(ToolProcess p, Duration bound) throws InterruptedException {
        try {
            p.awaitSuccess(bound);
            return null;
        } catch (ToolFailedException e) {
            return e;
        }
    }
}
