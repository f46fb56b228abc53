package dev.pghop.migrate;

import java.util.ArrayList;
import java.util.List;

import dev.pghop.postgres.Endpoint;
import dev.pghop.process.PgPassFile;
import dev.pghop.process.PgTools;
import dev.pghop.process.ReadOnlySession;
import dev.pghop.process.ToolProcess;

/**
 * psql running a few statements in a database, each a -c of its own (its own transaction, unless one of them is
 * BEGIN), stopping at the first error.
 */
final class PsqlCommands {
    private PsqlCommands() {
    }

    static ToolProcess.Builder on(PgTools tools, Endpoint server, String database, PgPassFile pass,
            List<String> statements) {
        List<String> commands = new ArrayList<>();
        statements.forEach(sql -> commands.addAll(List.of("-c", sql)));
        return ToolProcess.of(tools.find("psql"))
                .args("--no-psqlrc", "--quiet", "--set", "ON_ERROR_STOP=1", "--host", server.host(), "--port",
                        String.valueOf(server.port()), "--username", server.user(), "--no-password", "--dbname",
                        ReadOnlySession.conninfoFor(database))
                .args(commands).passFile(pass);
    }
}
