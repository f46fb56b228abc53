package dev.pghop.migrate;

import java.util.List;

import dev.pghop.postgres.PgVersion;

/**
 * How the new server gets its planner statistics, which a copy of the rows does not bring by itself.
 * <ul>
 * <li>{@link #CARRY}: pg_dump of 18 or later reads them from the old server (--statistics) and the new server, 18
 * or later, takes them as they were; only what they cannot cover is analyzed after: tables the old server had no
 * statistics for, and tables with extended statistics (CREATE STATISTICS), which no dump carries;</li>
 * <li>{@link #REBUILD}: ANALYZE of every table on the new server, each as soon as its rows are in;</li>
 * <li>{@link #SKIP}: ANALYZE=false, left to the user.</li>
 * </ul>
 */
enum Statistics {
    SKIP, REBUILD, CARRY;

    /** The statistics the copy can carry where both pg_dump and the new server know them; else those it rebuilds. */
    static Statistics choose(boolean analyze, PgVersion pgDump, PgVersion newServer) {
        if (!analyze) {
            return SKIP;
        }
        return pgDump.carriesStatistics() && newServer.carriesStatistics() ? CARRY : REBUILD;
    }

    /** pg_dump's options for the parts that hold statistics: the data section and post-data. */
    List<String> dumpOptions() {
        return this == CARRY ? List.of("--statistics") : List.of();
    }

    /** Whether each table is analyzed as its rows arrive. */
    boolean rebuilds() {
        return this == REBUILD;
    }
}
