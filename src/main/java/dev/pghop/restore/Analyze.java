package dev.pghop.restore;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.jboss.logging.Logger;

import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.Queries;
import dev.pghop.postgres.Sessions;
import dev.pghop.process.ClientPrograms;
import dev.pghop.process.PgPassFile;
import dev.pghop.process.ToolProcess;

/**
 * Gives the new server its planner statistics, so applications are not slow after the cut-over, as
 * {@link Statistics} decides: the one way load and migrate analyze.
 * <ul>
 * <li>a whole loaded database ({@link #database}): one pass of vacuumdb --analyze-only, at the default statistics
 * target (the applications wait for the whole upgrade anyway, and --analyze-in-stages would read every table three
 * times); where the dump carried the statistics, only what they cannot cover;</li>
 * <li>the relations a catalog query names, or a list of them ({@link #named}, {@link #relations}): ANALYZE over one
 * session, many relations per statement, one round trip instead of one per table.</li>
 * </ul>
 * The catalogs need nothing: initdb gathered theirs, and analyzing them would cost a second each time.
 */
public final class Analyze {
    private static final Logger LOG = Logger.getLogger("pghop");
    /** A day bounds a server that hangs; analyzing even a large cluster takes minutes. */
    private static final Duration BOUND = Duration.ofDays(1);
    /** Relations per ANALYZE statement. */
    private static final int BATCH = 200;

    private final ClientPrograms programs;
    private final Statistics statistics;

    public Analyze(ClientPrograms programs, Statistics statistics) {
        this.programs = programs;
        this.statistics = statistics;
    }

    public Statistics statistics() {
        return statistics;
    }

    /**
     * Analyzes one loaded database, {@code jobs} tables at once, e.g. as soon as it is loaded while others still
     * load. A failure only warns: the data is complete, and statistics can be rebuilt later.
     */
    public void database(Endpoint target, String database, int jobs) throws InterruptedException {
        if (statistics == Statistics.SKIP) {
            return;
        }
        if (statistics == Statistics.CARRY) {
            try {
                named(target, database, Queries.NOT_COVERED_BY_CARRIED_STATISTICS);
            } catch (IOException e) {
                LOG.warnf("analyzing the tables of database %s the dump's statistics do not cover failed (%s); the"
                        + " data is complete. Run ANALYZE there", database, e.getMessage());
            }
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

    /** ANALYZE of each relation a catalog query names (schema-qualified, quoted), in {@code database}. */
    public static void named(Endpoint target, String database, String query) throws IOException {
        try (Connection c = Sessions.open(target, database, false)) {
            analyze(c, new ArrayList<>(Queries.column(c, query)));
        } catch (SQLException e) {
            throw new IOException("gathering statistics in database " + database + ": " + e.getMessage(), e);
        }
    }

    /** ANALYZE of these relations (schema-qualified, quoted), in {@code database}. */
    public static void relations(Endpoint target, String database, Collection<String> names) throws IOException {
        if (names.isEmpty()) {
            return;
        }
        try (Connection c = Sessions.open(target, database, false)) {
            analyze(c, List.copyOf(names));
        } catch (SQLException e) {
            throw new IOException("gathering statistics of " + (names.size() == 1 ? names.iterator().next()
                    : names.size() + " tables") + " in database " + database + ": " + e.getMessage(), e);
        }
    }

    private static void analyze(Connection c, List<String> names) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (int i = 0; i < names.size(); i += BATCH) {
                s.execute("ANALYZE " + String.join(", ", names.subList(i, Math.min(names.size(), i + BATCH))));
            }
        }
    }
}
