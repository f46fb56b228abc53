package dev.pghop.verify;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

import dev.pghop.postgres.Endpoint;

/**
 * Verify sessions to one server, shared by the table workers: a worker borrows a session to a database and gives
 * it back, and the next table in that database reuses it. At most {@code idleLimit} idle sessions are kept; the
 * one idle longest is closed first, so a cluster with many databases does not pile up connections.
 */
final class SessionPool implements AutoCloseable {
    private record Idle(String database, Connection session) {
    }

    private final Endpoint endpoint;
    private final int idleLimit;
    private final Deque<Idle> idle = new ArrayDeque<>();

    SessionPool(Endpoint endpoint, int idleLimit) {
        this.endpoint = endpoint;
        this.idleLimit = idleLimit;
    }

    Endpoint endpoint() {
        return endpoint;
    }

    Connection borrow(String database) {
        synchronized (this) {
            for (Iterator<Idle> it = idle.descendingIterator(); it.hasNext();) {
                Idle candidate = it.next();
                if (candidate.database().equals(database)) {
                    it.remove();
                    return candidate.session();
                }
            }
        }
        return VerifySessions.open(endpoint, database);
    }

    void giveBack(String database, Connection session) {
        Idle oldest = null;
        synchronized (this) {
            idle.addLast(new Idle(database, session));
            if (idle.size() > idleLimit) {
                oldest = idle.pollFirst();
            }
        }
        if (oldest != null) {
            close(oldest.session());
        }
    }

    @Override
    public synchronized void close() {
        idle.forEach(i -> close(i.session()));
        idle.clear();
    }

    private static void close(Connection session) {
        try {
            session.close();
        } catch (SQLException e) {
            // the session was only read through; a failed close loses nothing
        }
    }
}
