package dev.pghop.migrate;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.Queries;
import dev.pghop.postgres.Sessions;

/**
 * A moment of one database on the old server that every part of its copy reads: a read-only REPEATABLE READ
 * transaction that exports its snapshot, held open until the copy is done. pg_dump takes it with --snapshot, the
 * table copies with SET TRANSACTION SNAPSHOT, exactly as pg_dump -j does with its own workers.
 */
final class SourceSnapshot implements AutoCloseable {
    private final Connection session;
    private final String id;

    private SourceSnapshot(Connection session, String id) {
        this.session = session;
        this.id = id;
    }

    static SourceSnapshot export(Endpoint source, String database) throws SQLException {
        Connection c = Sessions.open(source, database, true);
        try {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            }
            return new SourceSnapshot(c, Queries.single(c, "SELECT pg_catalog.pg_export_snapshot()"));
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    String id() {
        return id;
    }

    /** The exporting session itself, for reads that must see the same moment (the table list, sequences). */
    Connection session() {
        return session;
    }

    @Override
    public void close() throws SQLException {
        try {
            session.rollback();
        } finally {
            session.close();
        }
    }
}
