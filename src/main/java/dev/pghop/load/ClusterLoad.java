package dev.pghop.load;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.pghop.postgres.Endpoint;
import dev.pghop.process.PgPassFile;
import dev.pghop.process.PgTools;
import dev.pghop.process.ToolFailedException;
import dev.pghop.process.ToolProcess;
import dev.pghop.report.Progress;

/**
 * Feeds a pg_dumpall script through {@link DumpFilter} into psql on the new server, with ON_ERROR_STOP so the first
 * error ends the load instead of being skipped over.
 */
public final class ClusterLoad {
    /**
     * After the last byte is handed over psql may still run the final statements (an index build on a big table);
     * a day bounds a server that hangs.
     */
    private static final Duration FINISH_AFTER_INPUT = Duration.ofDays(1);

    private final PgTools tools;
    private final Duration progressInterval;

    public ClusterLoad(PgTools tools, Duration progressInterval) {
        this.tools = tools;
        this.progressInterval = progressInterval;
    }

    /**
     * Loads {@code dump} into {@code target}.
     *
     * @throws LoadFailedException when psql stopped; it says where and why
     */
    public void run(Path dump, long dumpBytes, Endpoint target, LoadRules rules)
            throws IOException, InterruptedException {
        DumpFilter filter = new DumpFilter(rules);
        try (PgPassFile pass = PgPassFile.create(List.of(target));
                ToolProcess psql = start(target, pass);
                Progress progress = Progress.start("load", filter::bytesRead, dumpBytes, progressInterval)) {
            IOException feedFailure = null;
            try (InputStream in = Files.newInputStream(dump);
                    OutputStream out = new BufferedOutputStream(psql.stdin(), 1 << 16)) {
                filter.filter(in, out);
            } catch (IOException e) {
                // Mostly a broken pipe: psql stopped on an error and exited; awaitSuccess says why.
                feedFailure = e;
            }
            try {
                psql.awaitSuccess(FINISH_AFTER_INPUT);
            } catch (ToolFailedException e) {
                throw new LoadFailedException(e, LoadFailure.from(e.stderrTail(), dump));
            }
            if (feedFailure != null) {
                throw new IOException("psql ended cleanly but was not given the whole dump ("
                        + filter.bytesRead() + " of " + dumpBytes + " bytes read): " + feedFailure.getMessage(),
                        feedFailure);
            }
        }
    }

    /** Reads the script with {@code --file -}: only then does psql prefix errors with {@code psql:<stdin>:LINE:}. */
    private ToolProcess start(Endpoint target, PgPassFile pass) throws IOException {
        return ToolProcess.of(tools.find("psql"))
                .args("--no-psqlrc", "--quiet", "--set", "ON_ERROR_STOP=1", "--host", target.host(),
                        "--port", String.valueOf(target.port()), "--username", target.user(), "--no-password",
                        "--dbname", "postgres", "--file", "-")
                .passFile(pass)
                .stdinPiped()
                .stdout(ToolProcess.Stdout.DISCARD)
                .start();
    }
}
