package dev.pghop.load;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.jboss.logging.Logger;

import dev.pghop.postgres.Endpoint;
import dev.pghop.process.PgPassFile;
import dev.pghop.process.PgTools;
import dev.pghop.process.ReadOnlySession;
import dev.pghop.process.ToolProcess;

/**
 * Rebuilds a database's planner statistics on the new server, so applications are not slow after the cut-over: a
 * dump carries no statistics. One pass of vacuumdb --analyze-only, at the default statistics target: the
 * applications wait for the whole upgrade anyway, and --analyze-in-stages would read every table three times.
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
     * Analyzes one database, {@code jobs} tables at once, e.g. as soon as it is loaded while others still load. A
     * failure only warns: the data is complete, and statistics can be rebuilt later.
     */
    public void database(Endpoint target, String database, int jobs) throws InterruptedException {
        List<String> args = List.of("--host", target.host(), "--port", String.valueOf(target.port()), "--username",
                target.user(), "--no-password", "--analyze-only", "--dbname",
                ReadOnlySession.conninfoFor(database), "--jobs", String.valueOf(jobs));
        try (PgPassFile pass = PgPassFile.create(List.of(target));
                ToolProcess vacuumdb = ToolProcess.of(tools.find("vacuumdb")).args(args).passFile(pass).start()) {
            vacuumdb.awaitSuccess(BOUND);
        } catch (IOException e) {
            LOG.warnf("rebuilding the statistics of database %s failed (%s); the data is complete. Run vacuumdb"
                    + " --dbname %s --analyze-only against the new server", database, e.getMessage(), database);
        }
    }
}
