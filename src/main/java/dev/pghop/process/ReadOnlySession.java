package dev.pghop.process;

/**
 * PGOPTIONS for client programs that only read the old server (pg_dumpall, pg_dump): every session they open is
 * read-only, so nothing can be written to the old server through pghop. Options already in the environment stay.
 */
public final class ReadOnlySession {
    private ReadOnlySession() {
    }

    public static String pgOptions() {
        return (System.getenv().getOrDefault("PGOPTIONS", "") + " -c default_transaction_read_only=on").strip();
    }

    /** A libpq connection string naming one database, quoted so any database name works (even with '=' in it). */
    public static String conninfoFor(String database) {
        return "dbname='" + database.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
