package dev.pghop.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import dev.pghop.testing.PgServer;

/** Waits, bounded, for sessions of a running pghop to show in a server's pg_stat_activity, or to be gone. */
final class ServerSessions {
    private ServerSessions() {
    }

    /**
     * The backends of at least {@code count} sessions matching {@code where} (a condition on pg_stat_activity), once
     * there are; pghop must still be running meanwhile.
     */
    static List<Long> await(PgServer server, Pghop.Running pghop, int count, String where, Duration bound)
            throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            List<Long> pids = server.rows("postgres", "SELECT pid FROM pg_stat_activity WHERE " + where).stream()
                    .map(row -> Long.parseLong(row.getFirst())).toList();
            if (pids.size() >= count) {
                return pids;
            }
            assertThat(pghop.process().isAlive()).as("pghop is still running").isTrue();
            Thread.sleep(10);
        }
        throw new AssertionError(count + " session(s) with " + where + " did not come within " + bound.toSeconds()
                + " s; the server's sessions: " + server.rows("postgres", "SELECT pid, datname, state, wait_event_type,"
                        + " left(query, 80) FROM pg_stat_activity WHERE backend_type = 'client backend'"));
    }

    /** Returns once no session matches {@code where}; fails after {@code bound}. */
    static void awaitNone(PgServer server, String where, String what, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!server.rows("postgres", "SELECT pid FROM pg_stat_activity WHERE (" + where + ")"
                + " AND pid <> pg_backend_pid()").isEmpty()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
