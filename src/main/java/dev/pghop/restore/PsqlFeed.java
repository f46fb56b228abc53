package dev.pghop.restore;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;

import dev.pghop.postgres.Endpoint;
import dev.pghop.process.ClientPrograms;
import dev.pghop.process.PgPassFile;
import dev.pghop.process.ToolFailedException;
import dev.pghop.process.ToolProcess;
import dev.pghop.script.DumpFilter;

/**
 * Feeds a SQL script through a {@link DumpFilter} into psql on the new server, with ON_ERROR_STOP so the first error
 * ends the load instead of being skipped over, and with the load session settings (LOAD_SETTINGS).
 */
public final class PsqlFeed {
    /**
     * After the last byte is handed over psql may still run the final statements (an index build on a big table);
     * a day bounds a server that hangs.
     */
    private static final Duration FINISH_AFTER_INPUT = Duration.ofDays(1);

    private final ClientPrograms programs;
    private final String applicationName;

    public PsqlFeed(ClientPrograms programs) {
        this(programs, null);
    }

    private PsqlFeed(ClientPrograms programs, String applicationName) {
        this.programs = programs;
        this.applicationName = applicationName;
    }

    /** The same feed, its psql session named {@code name} in pg_stat_activity, so it can be watched. */
    public PsqlFeed named(String name) {
        return new PsqlFeed(programs, name);
    }

    /**
     * Runs {@code script} into {@code database} on {@code target}.
     *
     * @param what names the script in messages ("the dump", "database app")
     * @throws LoadFailedException when psql stopped; it says where and why
     */
    public void run(InputStream script, DumpFilter filter, Endpoint target, String database, String what)
            throws IOException, InterruptedException {
        try (PgPassFile pass = PgPassFile.create(List.of(target))) {
            run(script, filter, target, database, what, pass, psql -> { });
        }
    }

    /**
     * As above, with the password file at hand; {@code started} is given the psql once it runs, so that another
     * thread can stop it (closing it ends a feed blocked on a full pipe).
     *
     */
    public void run(InputStream script, DumpFilter filter, Endpoint target, String database, String what, PgPassFile pass,
            java.util.function.Consumer<ToolProcess> started) throws IOException, InterruptedException {
        try (ToolProcess psql = start(target, database, pass)) {
            started.accept(psql);
            IOException feedFailure = null;
            try (OutputStream out = new BufferedOutputStream(psql.stdin(), 1 << 16)) {
                filter.filter(script, out);
            } catch (IOException e) {
                // Mostly a broken pipe: psql stopped on an error and exited; awaitSuccess says why.
                feedFailure = e;
            }
            try {
                psql.awaitSuccess(FINISH_AFTER_INPUT);
            } catch (ToolFailedException e) {
                throw new LoadFailedException(e, LoadFailure.from(e.stderrTail(), filter));
            }
            if (feedFailure != null) {
                throw new IOException("psql ended cleanly but was not given all of " + what + " ("
                        + filter.bytesRead() + " bytes read): " + feedFailure.getMessage(), feedFailure);
            }
        }
    }

    private ToolProcess start(Endpoint target, String database, PgPassFile pass) throws IOException {
        ToolProcess.Builder psql = programs.psqlScript(target, database, pass);
        if (applicationName != null) {
            psql.env("PGAPPNAME", applicationName);
        }
        return psql.start();
    }
}
