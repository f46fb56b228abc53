package dev.pghop.migrate;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.Queries;
import dev.pghop.restore.Analyze;
import dev.pghop.restore.Statistics;
import dev.pghop.script.LoadRules;

/**
 * One database from the old server to the new, in its snapshot: the schema (pg_dump --section=pre-data into psql,
 * through the load rules), the rows (COPY, several tables at once), sequence values and large objects, then the
 * post-data definitions (indexes, constraints) in parallel. The first part holds the snapshot; the post-data part
 * can run while the next database is copied.
 */
final class DatabaseMigration {
    private final String database;
    private final String encoding;
    private final boolean create;
    private final Steps steps;
    private final DumpStream dumps;
    private final TableCopier tables;
    private final PostData postData;
    private final Map<String, Duration> phases = new LinkedHashMap<>();
    private volatile String step = "waiting";
    private Statistics statistics = Statistics.REBUILD;

    /**
     * What copies every database, shared by all of them.
     *
     * @param lockWait how long the snapshot waits for a table's lock (LOCK_WAIT_TIMEOUT)
     */
    record Steps(DumpStream dumps, TableCopier tables, PostData postData, Duration lockWait) {
    }

    /**
     * @param encoding the database's encoding, in which its rows travel
     * @param create whether its dump creates the database (all but postgres and template1, as pg_dumpall does)
     */
    DatabaseMigration(String database, String encoding, boolean create, Steps steps) {
        this.database = database;
        this.encoding = encoding;
        this.create = create;
        this.steps = steps;
        this.dumps = steps.dumps();
        this.tables = steps.tables();
        this.postData = steps.postData();
    }

    String database() {
        return database;
    }

    String step() {
        return step;
    }

    Map<String, Duration> phases() {
        synchronized (phases) {
            return new LinkedHashMap<>(phases);
        }
    }

    /**
     * The whole database: {@link #copy}, then {@link #finish}; statistics as the rows and indexes arrive. A small
     * database is one plain pg_dump stream instead: splitting it would only add programs to start.
     */
    void run(Endpoint source, Endpoint target, LoadRules rules, int jobs, Statistics statistics, boolean small)
            throws IOException, InterruptedException {
        this.statistics = statistics;
        boolean analyze = statistics != Statistics.SKIP;
        if (small) {
            long start = begin("whole");
            List<String> options = new ArrayList<>(statistics.dumpOptions());
            if (create) {
                options.add("--create");
            }
            dumps.run(source, target, database, options, create ? "postgres" : database, rules);
            end("whole", start, analyze ? "analyze" : "done");
            if (analyze) {
                Analyze.named(target, database, statistics.rebuilds() ? Queries.USER_TABLES
                        : Queries.NOT_COVERED_BY_CARRIED_STATISTICS);
                end("analyze", start, "done");
            }
            step = "done";
            return;
        }
        PostDataWork rest = copy(source, target, rules);
        finish(target, rest, jobs);
        if (analyze) {
            long start = begin("analyze");
            Analyze.named(target, database, statistics.rebuilds() ? ONLY_POST_DATA_COMPLETES
                    : Queries.NOT_COVERED_BY_CARRIED_STATISTICS);
            end("analyze", start, "done");
        }
        step = "done";
    }

    /** What is left once the rows are in: the post-data archive, and the large tables' keys to build early. */
    private record PostDataWork(Path archive, KeyIndexes keys) {
    }

    /**
     * Schema, rows, sequences and large objects; the post-data section is read from the old server while the large
     * tables still copy.
     */
    private PostDataWork copy(Endpoint source, Endpoint target, LoadRules rules)
            throws IOException, InterruptedException {
        AtomicReference<Path> archive = new AtomicReference<>();
        boolean copied = false;
        try (SourceSnapshot snapshot = SourceSnapshot.export(source, database, steps.lockWait())) {
            String id = snapshot.id();
            long start = begin("schema");
            List<String> schema = new ArrayList<>(List.of("--section=pre-data", "--snapshot=" + id));
            if (create) {
                schema.add("--create");
            }
            dumps.run(source, target, database, schema, create ? "postgres" : database, rules);
            start = end("schema", start, "data");
            List<SourceTables.Table> all = snapshot.tables();
            List<SourceTables.Table> alone = all.stream().filter(t -> t.bytes() >= TableCopier.ALONE_FROM).toList();
            List<SourceTables.Table> together = all.stream().filter(t -> t.bytes() < TableCopier.ALONE_FROM)
                    .toList();
            KeyIndexes keys = KeyIndexes.of(snapshot.session(), alone.stream().map(SourceTables.Table::name).toList());
            // The small tables' rows, every sequence's value and the large objects: pg_dump's data section
            // without the tables that have pipes of their own.
            List<String> rest = new ArrayList<>(List.of("--section=data", "--snapshot=" + id));
            rest.addAll(statistics.dumpOptions());
            alone.forEach(t -> rest.add("--exclude-table-data=" + t.name()));
            tables.copy(source, target, new TableCopier.Source(database, encoding, id), alone, () -> {
                dumps.run(source, target, database, rest, database, rules);
                tables.analyzeTogether(target, database, together);
                archive.set(postData.dump(source, database, id, statistics.dumpOptions()));
                return null;
            }, together.stream().mapToLong(SourceTables.Table::bytes).sum());
            end("data", start, "indexes");
            copied = true;
            return new PostDataWork(archive.get(), keys);
        } catch (SQLException e) {
            throw new IOException("copying database " + database + ": " + e.getMessage(), e);
        } finally {
            if (!copied) {
                postData.discard(archive.get());
            }
        }
    }

    /** Indexes, constraints and the rest of post-data, {@code jobs} at a time. */
    private void finish(Endpoint target, PostDataWork rest, int jobs) throws IOException, InterruptedException {
        long start = System.nanoTime();
        postData.restore(target, database, rest.archive(), jobs, rest.keys());
        end("indexes", start, "analyze");
    }

    void record(String phase, Duration took) {
        synchronized (phases) {
            phases.merge(phase, took, Duration::plus);
        }
    }

    private long begin(String phase) {
        step = phase;
        return System.nanoTime();
    }

    private long end(String phase, long start, String next) {
        record(phase, Duration.ofNanos(System.nanoTime() - start));
        return begin(next);
    }

    /**
     * The statistics the per-table ANALYZE after each COPY could not gather yet: expression indexes (built by
     * post-data), materialized views (filled by post-data) and partitioned tables (over all their partitions).
     */
    private static final String ONLY_POST_DATA_COMPLETES = """
            SELECT pg_catalog.format('%I.%I', n.nspname, c.relname)
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast'
              AND (c.relkind IN ('m', 'p') OR EXISTS (SELECT 1 FROM pg_catalog.pg_index i
                  WHERE i.indrelid = c.oid AND i.indexprs IS NOT NULL))""";
}
