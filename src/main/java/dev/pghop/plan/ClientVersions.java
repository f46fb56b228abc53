package dev.pghop.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.pghop.postgres.PgVersion;
import dev.pghop.process.PgTools;
import dev.pghop.report.PghopException;

/**
 * The client programs plan judges (pg_dumpall, psql), with a blocker for each that is missing: plan reports that
 * itself, where dump and load would stop.
 *
 * @param missing a blocker for each program that was not found
 */
public record ClientVersions(Optional<PgVersion> pgDumpall, Optional<PgVersion> psql, List<Finding> missing) {

    public static ClientVersions of(PgTools tools) {
        List<Finding> missing = new ArrayList<>();
        return new ClientVersions(version(tools, "pg_dumpall", missing), version(tools, "psql", missing), missing);
    }

    /** For the report: "pg_dumpall 17.4, psql 17.4". */
    public String describe() {
        return "pg_dumpall " + pgDumpall.map(PgVersion::toString).orElse("missing") + ", psql "
                + psql.map(PgVersion::toString).orElse("missing");
    }

    private static Optional<PgVersion> version(PgTools tools, String tool, List<Finding> missing) {
        try {
            return Optional.of(tools.version(tool));
        } catch (PghopException e) {
            missing.add(Finding.blocker(tool + " version", e.getMessage() + ". dump and load need it; run plan in the"
                    + " image of the new server's major, or set PG_BIN_DIR"));
            return Optional.empty();
        }
    }
}
