package dev.pghop.restore;

import java.util.List;
import java.util.Optional;

import dev.pghop.postgres.PgVersion;

/**
 * How the new server gets its planner statistics, which a copy of the rows does not bring by itself: the one place
 * that decides it, for load and migrate alike.
 * <ul>
 * <li>{@link #CARRY}: pg_dump of 18 or later reads them from the old server (--statistics) and the new server, 18
 * or later, takes them as they were; only what they cannot cover is analyzed after: tables the old server had no
 * statistics for, and tables with extended statistics (CREATE STATISTICS), which no dump carries;</li>
 * <li>{@link #REBUILD}: ANALYZE of every table on the new server, each as soon as its rows are in;</li>
 * <li>{@link #SKIP}: ANALYZE=false, left to the user.</li>
 * </ul>
 */
public enum Statistics {
    SKIP, REBUILD, CARRY;

    /**
     * The statistics the copy can carry where both the program that dumps and the new server know them; else those it
     * rebuilds.
     *
     * @param analyze ANALYZE: false leaves statistics to the user
     * @param dumpTool the pg_dump or pg_dumpall that dumps (or dumped); empty when unknown (a dump written without
     *        pghop), which carries none
     */
    public static Statistics choose(boolean analyze, Optional<PgVersion> dumpTool, PgVersion newServer) {
        if (!analyze) {
            return SKIP;
        }
        return dumpTool.map(PgVersion::carriesStatistics).orElse(false) && newServer.carriesStatistics() ? CARRY
                : REBUILD;
    }

    /** pg_dump's options for the parts that hold statistics: the data section and post-data. */
    public List<String> dumpOptions() {
        return this == CARRY ? List.of("--statistics") : List.of();
    }

    /** Whether each table is analyzed as its rows arrive. */
    public boolean rebuilds() {
        return this == REBUILD;
    }
}
