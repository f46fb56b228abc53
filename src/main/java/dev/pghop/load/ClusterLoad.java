package dev.pghop.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.pghop.postgres.Endpoint;
import dev.pghop.process.PgTools;
import dev.pghop.report.Progress;

/** Loads a pg_dumpall script file into the new server: the plain format's `load`. */
public final class ClusterLoad {
    private final PsqlFeed feed;
    private final Duration progressInterval;

    public ClusterLoad(PgTools tools, LoadSettings settings, Duration progressInterval) {
        this.feed = new PsqlFeed(tools, settings);
        this.progressInterval = progressInterval;
    }

    /**
     * Loads {@code dump} into {@code target}; returns the time spent in schema, data and indexes. Each database psql
     * is done with goes to {@code statistics} at once.
     *
     * @throws LoadFailedException when psql stopped; it says where and why
     */
    public Map<String, Duration> run(Path dump, long dumpBytes, Endpoint target, LoadRules rules,
            BackgroundAnalyze statistics) throws IOException, InterruptedException {
        DumpFilter filter = DumpFilter.forCluster(rules);
        String session = "pghop-load-" + ProcessHandle.current().pid();
        try (Progress progress = Progress.start("load", filter::bytesRead, dumpBytes, progressInterval,
                () -> filter.phases().current());
                SessionDatabaseWatch watch = SessionDatabaseWatch.start(target, session, statistics::loaded);
                InputStream in = Files.newInputStream(dump)) {
            feed.named(session).run(in, filter, target, "postgres", "the dump");
        }
        return filter.phases().durations();
    }
}
