package dev.pghop.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.Sessions;

/**
 * Watches which database the loading psql is in (pg_stat_activity, by its application name) and tells when it has
 * left one: psql runs a script's statements in order and moves on with \connect only once the last one before it
 * succeeded, so every database it has left is completely loaded. A database it passes through between two looks
 * is not told; nor is the one it starts in, where pg_dumpall's script creates the roles and comes back later; nor a
 * database it seems to come back to (the newest session is the one looked at).
 */
final class SessionDatabaseWatch implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("pghop");
    private static final Duration LOOK_EVERY = Duration.ofMillis(200);

    private final Thread thread;
    private volatile boolean stopped;

    private SessionDatabaseWatch(Endpoint target, String applicationName, Consumer<String> left) {
        thread = new Thread(() -> watch(target, applicationName, left), "pghop-load-watch");
        thread.setDaemon(true);
    }

    /** Starts watching the session named {@code applicationName} on {@code target}. */
    static SessionDatabaseWatch start(Endpoint target, String applicationName, Consumer<String> left) {
        SessionDatabaseWatch watch = new SessionDatabaseWatch(target, applicationName, left);
        watch.thread.start();
        return watch;
    }

    private void watch(Endpoint target, String applicationName, Consumer<String> left) {
        try (Connection c = Sessions.openMaintenance(target, true);
                PreparedStatement look = c.prepareStatement("SELECT datname FROM pg_catalog.pg_stat_activity"
                        + " WHERE application_name = ? AND backend_type = 'client backend'"
                        + " ORDER BY backend_start DESC LIMIT 1")) { // during \connect the old session lingers
            look.setString(1, applicationName);
            Set<String> done = new HashSet<>();
            String current = null;
            boolean first = true;
            while (!stopped) {
                String now = databaseOf(look);
                if (now != null && !now.equals(current) && !done.contains(now)) {
                    if (current != null && !first) {
                        done.add(current);
                        left.accept(current);
                    }
                    first = current == null;
                    current = now;
                }
                Thread.sleep(LOOK_EVERY.toMillis());
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debugf("stopped watching the load's session: %s", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String databaseOf(PreparedStatement look) throws SQLException {
        try (ResultSet rs = look.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.interrupt();
        thread.join(Duration.ofSeconds(5).toMillis());
    }
}
