package dev.pghop.plan;

import java.util.ArrayList;
import java.util.List;

import dev.pghop.postgres.PgVersion;

/** Major versions in the right order: old server, the dump tool, the new server, and the psql that loads. */
final class VersionCheck {
    private VersionCheck() {
    }

    static Finding servers(PgVersion source, PgVersion target) {
        String check = "server versions";
        if (target.major() < source.major()) {
            return Finding.blocker(check, "the new server runs PostgreSQL " + target + ", older than the old server's "
                    + source + "; a dump cannot move to an older major. Point NEW_PG_HOST at a server of major "
                    + source.major() + " or newer");
        }
        if (target.major() == source.major()) {
            return Finding.warning(check, "both servers run major " + source.major() + ": there is no major to hop");
        }
        return Finding.ok(check, source + " -> " + target);
    }

    /** pg_dumpall must be at least the old server's major, and not newer than the new server's. */
    static List<Finding> dumpTool(PgVersion tool, PgVersion source, PgVersion target) {
        String check = "pg_dumpall version";
        List<Finding> findings = new ArrayList<>();
        if (tool.major() < source.major()) {
            findings.add(Finding.blocker(check, "pg_dumpall " + tool + " cannot dump a PostgreSQL " + source
                    + " server (a client cannot dump a newer major). Run the dump with pg_dumpall " + source.major()
                    + " or newer (the image of the old server's major, or PG_BIN_DIR)"));
        }
        if (target != null && tool.major() > target.major()) {
            findings.add(Finding.blocker(check, "pg_dumpall " + tool + " writes SQL that PostgreSQL " + target
                    + " may reject (e.g. LOCALE_PROVIDER since 15). Dump with pg_dumpall " + target.major()
                    + " or older"));
        }
        if (findings.isEmpty()) {
            findings.add(Finding.ok(check, tool + " for " + source + (target == null ? "" : " -> " + target)));
        }
        return findings;
    }

    static Finding psql(PgVersion psql, PgVersion target) {
        String check = "psql version";
        if (psql.major() < target.major()) {
            return Finding.blocker(check, "psql " + psql + " is older than the new server's PostgreSQL " + target
                    + ". Load with psql " + target.major() + " or newer (the image of the new server's major)");
        }
        return Finding.ok(check, psql + " for " + target);
    }
}
