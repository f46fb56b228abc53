package dev.pghop.load;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import dev.pghop.postgres.Endpoint;
import dev.pghop.process.ClientPrograms;
import dev.pghop.process.PgPassFile;
import dev.pghop.report.Progress;
import dev.pghop.restore.PsqlFeed;
import dev.pghop.script.LoadRules;
import dev.pghop.script.ScriptMap;

/**
 * Loads a pg_dumpall script file into the new server: the plain format's `load`. The globals first, then the
 * databases side by side, JOBS psql sessions at once, a database with much table data in several of them (see
 * {@link LoadPieces}).
 */
public final class ClusterLoad {
    private static final Logger LOG = Logger.getLogger("pghop");

    private final PsqlFeed feed;
    private final Duration progressInterval;
    private final int jobs;

    public ClusterLoad(ClientPrograms programs, Duration progressInterval, int jobs) {
        // Named in pg_stat_activity, so that the load's sessions can be told apart on the new server.
        this.feed = new PsqlFeed(programs).named("pghop-load-" + ProcessHandle.current().pid());
        this.progressInterval = progressInterval;
        this.jobs = jobs;
    }

    /**
     * Loads {@code dump}, mapped as {@code map}, into {@code target}; returns the time psql sessions spent in schema,
     * data and indexes, added up. Each database the load is done with goes to {@code statistics} at once.
     *
     * @throws LoadFailedException when psql stopped; it says where and why
     */
    public Map<String, Duration> run(Path dump, long dumpBytes, ScriptMap map, Endpoint target, LoadRules rules,
            BackgroundAnalyze statistics) throws IOException, InterruptedException {
        try (FileChannel file = FileChannel.open(dump, StandardOpenOption.READ);
                PgPassFile pass = PgPassFile.create(List.of(target))) {
            List<LoadPieces.Piece> pieces = LoadPieces.of(map, file, jobs);
            LOG.infof("loading the globals and %d database(s) in %d part(s), %d at once", map.databases().size(),
                    pieces.size(), Math.min(jobs, pieces.size()));
            PieceLoad load = new PieceLoad(feed, file, target, rules, pass, pieces, statistics::loaded);
            try (Progress progress = Progress.start("load", load::bytesRead, dumpBytes, progressInterval,
                    load::current)) {
                return load.run(jobs);
            }
        }
    }
}
