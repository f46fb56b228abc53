package dev.pghop.load;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.jboss.logging.Logger;

import dev.pghop.postgres.Endpoint;
import dev.pghop.process.PgPassFile;
import dev.pghop.process.PgTools;
import dev.pghop.process.ToolProcess;

/**
 * Rebuilds planner statistics on the new server after a load, so applications are not slow after the cut-over: a
 * dump carries no statistics. vacuumdb --analyze-in-stages gives usable statistics within seconds, then full ones.
 */
public final class Analyze {
    private static final Logger LOG = Logger.getLogger("pghop");
    /** A day bounds a server that hangs; analyzing even a large cluster takes minutes. */
    private static final Duration BOUND = Duration.ofDays(1);

    private final PgTools tools;

    public Analyze(PgTools tools) {
        this.tools = tools;
    }

    /**
     * Analyzes every database when {@code wanted}; returns the time it took. A failure only warns: the data is
     * complete, and statistics can be rebuilt later.
     */
    public Duration afterLoad(boolean wanted, Endpoint target, int jobs) throws InterruptedException {
        if (!wanted) {
            return Duration.ZERO;
        }
        long start = System.nanoTime();
        try {
            run(target, jobs);
        } catch (IOException e) {
            LOG.warnf("rebuilding statistics failed (%s); the data is complete. Run vacuumdb --all"
                    + " --analyze-in-stages against the new server", e.getMessage());
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private void run(Endpoint target, int jobs) throws IOException, InterruptedException {
        try (PgPassFile pass = PgPassFile.create(List.of(target));
                ToolProcess vacuumdb = ToolProcess.of(tools.find("vacuumdb"))
                        .args("--host", target.host(), "--port", String.valueOf(target.port()), "--username",
                                target.user(), "--no-password", "--all", "--analyze-in-stages", "--jobs",
                                String.valueOf(jobs))
                        .passFile(pass)
                        .start()) {
            vacuumdb.awaitSuccess(BOUND);
        }
    }
}
