package dev.pghop.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.Keepalives;

/**
 * Every command line of the PostgreSQL client programs pghop runs (psql, pg_dump, pg_dumpall, pg_restore, vacuumdb),
 * built in this one place, so that each gets the same connection whatever it does:
 * <ul>
 * <li>where and as whom it logs in, {@code --host --port --username --no-password}: the password only ever goes
 * through the private {@link PgPassFile} the caller hands over;</li>
 * <li>the database as a connection string, so any name works, with the {@link Keepalives} that make a silent server
 * noticed within a bounded time;</li>
 * <li>the session settings of the side it works on. On the old server every session is read-only
 * ({@code default_transaction_read_only}), and waits for a table's lock at most the lock wait (LOCK_WAIT_TIMEOUT):
 * {@code lock_timeout}, and pg_dump's own {@code --lock-wait-timeout}, which it sets in place of the first. On the new
 * server the load's sessions take the LOAD_SETTINGS.</li>
 * </ul>
 */
public final class ClientPrograms {
    private final PgTools tools;
    private final Optional<Duration> lockWait;
    private final Optional<String> loadOptions;

    private ClientPrograms(PgTools tools, Optional<Duration> lockWait, Optional<String> loadOptions) {
        this.tools = tools;
        this.lockWait = lockWait;
        this.loadOptions = loadOptions;
    }

    /**
     * Programs that read the old server and write to the new one (migrate).
     *
     * @param lockWait how long a session on the old server waits for a table's lock before it fails
     *        (LOCK_WAIT_TIMEOUT)
     * @param loadOptions PGOPTIONS of the sessions that write to the new server (LOAD_SETTINGS), when any
     */
    public static ClientPrograms between(PgTools tools, Duration lockWait, Optional<String> loadOptions) {
        return new ClientPrograms(tools, Optional.of(lockWait), loadOptions);
    }

    /** Programs that only read the old server (dump). */
    public static ClientPrograms fromTheOldServer(PgTools tools, Duration lockWait) {
        return new ClientPrograms(tools, Optional.of(lockWait), Optional.empty());
    }

    /** Programs that only write to the new server (load). */
    public static ClientPrograms toTheNewServer(PgTools tools, Optional<String> loadOptions) {
        return new ClientPrograms(tools, Optional.empty(), loadOptions);
    }

    public PgTools tools() {
        return tools;
    }

    /** How long a session on the old server waits for a table's lock before it fails (LOCK_WAIT_TIMEOUT). */
    public Duration lockWait() {
        return oldServerLockWait();
    }

    /**
     * psql reading a script on its stdin ({@code --file -}: only then does it prefix errors with
     * {@code psql:<stdin>:LINE:}), stopping at the first error; its own output is discarded.
     */
    public ToolProcess.Builder psqlScript(Endpoint server, String database, PgPassFile pass) {
        return psql(server, database, pass).args("--file", "-").stdinPiped().stdout(ToolProcess.Stdout.DISCARD);
    }

    /** psql running a script file, stopping at the first error (pg_upgrade's update_extensions.sql, say). */
    public ToolProcess.Builder psqlFile(Endpoint server, String database, PgPassFile pass, Path script) {
        return psql(server, database, pass).args("--file", script.toString());
    }

    /**
     * psql running statements, each a {@code -c} of its own (its own transaction, unless one of them is BEGIN), and
     * stopping at the first error.
     */
    public ToolProcess.Builder psqlCommands(Endpoint server, String database, PgPassFile pass,
            List<String> statements) {
        List<String> commands = new ArrayList<>();
        statements.forEach(sql -> commands.addAll(List.of("-c", sql)));
        return psql(server, database, pass).args(commands);
    }

    /**
     * pg_dumpall of the old server, every identifier quoted (a name that is a keyword of the new major still loads).
     *
     * @param options e.g. --globals-only, --no-role-passwords
     */
    public ToolProcess.Builder pgDumpall(Endpoint source, PgPassFile pass, List<String> options) {
        // pg_dumpall takes the connection string for every database it connects to; it ignores a dbname in it.
        return connected("pg_dumpall", source, pass, Keepalives.conninfo(), dumpOptions(options));
    }

    /**
     * pg_dump of one database of the old server, every identifier quoted.
     *
     * @param options e.g. --create, --section=..., --snapshot=..., --format=directory
     */
    public ToolProcess.Builder pgDump(Endpoint source, String database, PgPassFile pass, List<String> options) {
        return connected("pg_dump", source, pass, conninfo(database), dumpOptions(options));
    }

    /**
     * pg_restore into a database of the new server, stopping at the first error.
     *
     * @param options e.g. --jobs=4, --use-list=..., --section=post-data, and last the archive's path
     */
    public ToolProcess.Builder pgRestore(Endpoint target, String database, PgPassFile pass, List<String> options) {
        List<String> all = new ArrayList<>(List.of("--exit-on-error"));
        all.addAll(options);
        return connected("pg_restore", target, pass, conninfo(database), all);
    }

    /** pg_restore reading an archive with no server: its table of contents (--list), or its SQL (--file=-). */
    public ToolProcess.Builder pgRestoreOffline(List<String> options) {
        return ToolProcess.of(tools.find("pg_restore")).args(options);
    }

    /** vacuumdb on a database of the new server, e.g. --analyze-only --jobs=2. */
    public ToolProcess.Builder vacuumdb(Endpoint target, String database, PgPassFile pass, List<String> options) {
        return connected("vacuumdb", target, pass, conninfo(database), options);
    }

    /**
     * A program of a PostgreSQL installation that works on a data directory rather than over a connection (initdb,
     * pg_ctl, pg_controldata, pg_upgrade, postgres), from that installation's bin directory: an in-place upgrade runs
     * those of two majors.
     *
     * @throws IllegalArgumentException when the directory holds no such program; the caller checked it before
     */
    public static ToolProcess.Builder serverProgram(Path binDir, String program, List<String> args) {
        Path binary = binDir.resolve(program);
        if (!java.nio.file.Files.isExecutable(binary)) {
            throw new IllegalArgumentException(binDir + " holds no executable " + program);
        }
        return ToolProcess.of(binary).args(args);
    }

    /** A libpq connection string naming one database, quoted so that any name works, with the keepalives. */
    public static String conninfo(String database) {
        return "dbname='" + database.replace("\\", "\\\\").replace("'", "\\'") + "' " + Keepalives.conninfo();
    }

    private ToolProcess.Builder psql(Endpoint server, String database, PgPassFile pass) {
        return connected("psql", server, pass, conninfo(database), List.of("--no-psqlrc", "--quiet", "--set",
                "ON_ERROR_STOP=1"));
    }

    private List<String> dumpOptions(List<String> options) {
        List<String> all = new ArrayList<>(List.of("--quote-all-identifiers",
                "--lock-wait-timeout=" + oldServerLockWait().toMillis()));
        all.addAll(options);
        return all;
    }

    /** The program logged in to {@code server}: its connection, its password file and its side's settings. */
    private ToolProcess.Builder connected(String program, Endpoint server, PgPassFile pass, String conninfo,
            List<String> options) {
        ToolProcess.Builder builder = ToolProcess.of(tools.find(program))
                .args("--host", server.host(), "--port", String.valueOf(server.port()), "--username", server.user(),
                        "--no-password", "--dbname", conninfo)
                .args(options)
                .passFile(pass)
                .talksTo(server.toString());
        sessionOptions(server).ifPresent(o -> builder.env("PGOPTIONS", o));
        return builder;
    }

    /** PGOPTIONS of a session on this side: read-only with a bounded lock wait on the old server, LOAD_SETTINGS on the new. */
    private Optional<String> sessionOptions(Endpoint server) {
        if (server.side() == Endpoint.Side.OLD) {
            return Optional.of((System.getenv().getOrDefault("PGOPTIONS", "")
                    + " -c default_transaction_read_only=on -c lock_timeout=" + oldServerLockWait().toMillis())
                    .strip());
        }
        return loadOptions;
    }

    private Duration oldServerLockWait() {
        return lockWait.orElseThrow(() -> new IllegalStateException("these client programs were made for the new"
                + " server only, not to read the old one"));
    }
}
