package dev.pghop.migrate;

import java.util.List;

import dev.pghop.postgres.Endpoint;
import dev.pghop.process.PgPassFile;
import dev.pghop.process.PgTools;
import dev.pghop.process.ReadOnlySession;
import dev.pghop.process.ToolProcess;

/** psql running a few statements (each a -c of its own) in a database, stopping at the first error. */
final class PsqlCommands {
    private PsqlCommands() {
    }

    /** @param commands "-c", "statement", "-c", ... */
    static ToolProcess.Builder on(PgTools tools, Endpoint server, String database, PgPassFile pass,
            List<String> commands) {
        return ToolProcess.of(tools.find("psql"))
                .args("--no-psqlrc", "--quiet", "--set", "ON_ERROR_STOP=1", "--host", server.host(), "--port",
                        String.valueOf(server.port()), "--username", server.user(), "--no-password", "--dbname",
                        ReadOnlySession.conninfoFor(database))
                .args(commands).passFile(pass);
    }
}
