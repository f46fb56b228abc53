package dev.pghop.load;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import org.jboss.logging.Logger;

import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.Queries;
import dev.pghop.postgres.Sessions;
import dev.pghop.process.ClientPrograms;
import dev.pghop.process.PgPassFile;
import dev.pghop.process.ToolProcess;

/**
 * Gives a loaded database its planner statistics on the new server, so applications are not slow after the
 * cut-over. A dump by pg_dump or pg_dumpall before 18 carries none: one pass of vacuumdb --analyze-only, at the
 * default statistics target (the applications wait for the whole upgrade anyway, and --analyze-in-stages would read
 * every table three times). One of 18 or later carries them: only what they cannot cover is analyzed.
 */
public final class Analyze {
    private static final Logger LOG = Logger.getLogger("pghop");
    /** A day bounds a server that hangs; analyzing even a large cluster takes minutes. */
    private static final Duration BOUND = Duration.ofDays(1);

    private final ClientPrograms programs;
    private volatile boolean carriedByTheDump;

    public Analyze(ClientPrograms programs) {
        this.programs = programs;
    }

    /** The dump carries the old server's statistics (its pg_dump was 18 or later): only the rest is analyzed. */
    public void carriedByTheDump(boolean carried) {
        carriedByTheDump = carried;
    }

    /**
     * Analyzes one database, {@code jobs} tables at once, e.g. as soon as it is loaded while others still load. A
     * failure only warns: the data is complete, and statistics can be rebuilt later.
     */
    public void database(Endpoint target, String database, int jobs) throws InterruptedException {
        if (carriedByTheDump) {
            notCovered(target, database);
            return;
        }
        try (PgPassFile pass = PgPassFile.create(List.of(target));
                ToolProcess vacuumdb = programs.vacuumdb(target, database, pass, List.of("--analyze-only", "--jobs",
                        String.valueOf(jobs))).start()) {
            vacuumdb.awaitSuccess(BOUND);
        } catch (IOException e) {
            LOG.warnf("rebuilding the statistics of database %s failed (%s); the data is complete. Run vacuumdb"
                    + " --dbname %s --analyze-only against the new server", database, e.getMessage(), database);
        }
    }

    private static void notCovered(Endpoint target, String database) {
        try (Connection c = Sessions.open(target, database, false); Statement s = c.createStatement()) {
            for (String relation : Queries.column(c, Queries.NOT_COVERED_BY_CARRIED_STATISTICS)) {
                s.execute("ANALYZE " + relation);
            }
        } catch (SQLException e) {
            LOG.warnf("analyzing the tables of database %s the dump's statistics do not cover failed (%s); the data"
                    + " is complete. Run ANALYZE there", database, e.getMessage());
        }
    }
}
