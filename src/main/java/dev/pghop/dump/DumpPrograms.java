package dev.pghop.dump;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.PgVersion;
import dev.pghop.postgres.Queries;
import dev.pghop.process.PgPassFile;
import dev.pghop.process.PgTools;
import dev.pghop.process.ReadOnlySession;
import dev.pghop.process.ToolProcess;

/**
 * Starts pg_dumpall and pg_dump against the old server the way every pghop dump does: read-only sessions
 * (PGOPTIONS), every identifier quoted (a name that is a keyword on the new major still loads), the password only
 * through the private password file.
 */
public final class DumpPrograms {
    private DumpPrograms() {
    }

    /**
     * pg_dumpall with its output piped to pghop.
     *
     * @param withoutRolePasswords without superuser pg_dumpall cannot read pg_authid: it then dumps roles without
     *        their passwords
     * @param more further options, e.g. --globals-only
     */
    public static ToolProcess pgDumpall(PgTools tools, Endpoint source, PgPassFile pass, boolean withoutRolePasswords,
            String... more) throws IOException {
        List<String> args = connection(source);
        if (withoutRolePasswords) {
            args.add("--no-role-passwords");
        }
        args.addAll(List.of(more));
        return start(tools, "pg_dumpall", args, pass, ToolProcess.Stdout.PIPE);
    }

    /**
     * pg_dump of one database.
     *
     * @param create whether the dump creates the database (all but postgres and template1, as pg_dumpall does)
     * @param more further options, e.g. the archive format and its directory
     */
    public static ToolProcess pgDump(PgTools tools, Endpoint source, PgPassFile pass, String database, boolean create,
            ToolProcess.Stdout stdout, String... more) throws IOException {
        List<String> args = connection(source);
        if (create) {
            args.add("--create");
        }
        args.addAll(List.of(more));
        args.add("--dbname");
        args.add(ReadOnlySession.conninfoFor(database));
        return start(tools, "pg_dump", args, pass, stdout);
    }

    /**
     * The options that make a pg_dump or pg_dumpall of 18 or later carry the planner statistics, so the load need
     * not gather them again (none for an older one, which cannot).
     */
    public static String[] statisticsOptions(PgVersion tool) {
        return tool.major() >= Queries.CARRIES_STATISTICS_FROM ? new String[] {"--statistics"} : new String[0];
    }

    private static List<String> connection(Endpoint e) {
        return new ArrayList<>(List.of("--host", e.host(), "--port", String.valueOf(e.port()), "--username",
                e.user(), "--no-password", "--quote-all-identifiers"));
    }

    private static ToolProcess start(PgTools tools, String tool, List<String> args, PgPassFile pass,
            ToolProcess.Stdout stdout) throws IOException {
        return ToolProcess.of(tools.find(tool)).args(args).passFile(pass)
                .env("PGOPTIONS", ReadOnlySession.pgOptions()).stdout(stdout).start();
    }
}
