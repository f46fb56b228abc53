package dev.pghop.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The PostgreSQL client tools the code under test runs: $PG_BIN_DIR when set, else the PATH. */
final class ClientTools {

    private static final Pattern PSQL_VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)");
    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(30);

    private ClientTools() {
    }

    static int psqlMajor() {
        String binDir = System.getenv("PG_BIN_DIR");
        String psql = binDir == null || binDir.isBlank() ? "psql" : Path.of(binDir, "psql").toString();
        String output;
        try {
            output = String.join("\n", BoundedProcess.runChecked(List.of(psql, "--version"), null, VERSION_TIMEOUT));
        } catch (IOException e) {
            throw new IllegalStateException("could not run `" + psql + " --version`: " + e.getMessage()
                    + "; install the PostgreSQL client or set PG_BIN_DIR to the directory holding psql", e);
        }
        Matcher major = PSQL_VERSION.matcher(output);
        if (!major.find()) {
            throw new IllegalStateException("`" + psql + " --version` printed '" + output
                    + "', not 'psql (PostgreSQL) <version>'");
        }
        return Integer.parseInt(major.group(1));
    }
}
