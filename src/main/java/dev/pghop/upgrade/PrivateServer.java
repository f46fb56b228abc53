package dev.pghop.upgrade;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import dev.pghop.postgres.Endpoint;
import dev.pghop.process.PrivateDirectory;
import dev.pghop.process.ToolFailedException;
import dev.pghop.report.Interruption;

/**
 * A cluster pghop starts for itself, to read it or to finish it: on 127.0.0.1 at a free port, its socket in a private
 * directory, WAL archiving and subscriptions off, so the run sends and takes nothing, and its log in that directory. Its pg_hba is pghop's own: the bootstrap
 * superuser may connect without a password from there, and after that come the cluster's own rules, if given (the
 * cluster's pg_hba.conf itself is not touched), so that a role's login is judged as the cluster would judge it.
 * Stopped cleanly (a fast shutdown) on close, and when pghop itself is stopped by a signal.
 */
final class PrivateServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("pghop");
    static final String HOST = "127.0.0.1";
    /** A cluster that replays a crash's WAL may take long; a day bounds one that hangs. */
    private static final Duration START_BOUND = Duration.ofDays(1);
    private static final Duration STOP_BOUND = Duration.ofMinutes(10);
    private static final Duration STOP_ON_SIGNAL = Duration.ofSeconds(20);
    private static final Set<PrivateServer> RUNNING = ConcurrentHashMap.newKeySet();
    /**
     * What a cluster running for pghop must not do, whatever its configuration says: archive WAL somewhere,
     * start subscriptions' workers (which would apply a publisher's changes), or log every statement into the
     * Job's memory.
     */
    static final String QUIET = "-c archive_mode=off -c max_logical_replication_workers=0 -c logging_collector=off"
            + " -c log_destination=stderr -c log_statement=none -c log_min_duration_statement=-1"
            + " -c log_connections=off -c log_disconnections=off";

    static {
        Interruption.stopChildrenWith(PrivateServer::stopAllOnSignal);
    }

    private final Path dataDir;
    private final ServerPrograms programs;
    private final String superuser;
    private final int port;
    private final PrivateDirectory run;
    private final String what;
    private boolean stopped;

    private PrivateServer(Path dataDir, ServerPrograms programs, String superuser, int port, PrivateDirectory run,
            String what) {
        this.dataDir = dataDir;
        this.programs = programs;
        this.superuser = superuser;
        this.port = port;
        this.run = run;
        this.what = what;
    }

    /** Why a cluster would not start: pg_ctl's failure and the end of the server's log. */
    static final class StartFailed extends IOException {
        private final List<String> log;

        StartFailed(String message, List<String> log, Throwable cause) {
            super(message, cause);
            this.log = List.copyOf(log);
        }

        /** The server's own words: its log's lines that say what went wrong. */
        List<String> log() {
            return log;
        }
    }

    /**
     * Starts the cluster in {@code dataDir}.
     *
     * @param superuser its bootstrap superuser, let in without a password
     * @param ownRules the cluster's own pg_hba rules, which come after that one; empty for none
     * @param what names the cluster in messages ("the old cluster")
     */
    static PrivateServer start(Path dataDir, ServerPrograms programs, String superuser, String ownRules,
            String what) throws IOException, InterruptedException {
        PrivateDirectory run = PrivateDirectory.create(PrivateDirectory.Kind.SERVER);
        try {
            Path hba = run.newFile("pg_hba.conf");
            Files.writeString(hba, bootstrapRules(superuser) + ownRules, StandardCharsets.UTF_8);
            int port = freePort();
            Path log = run.newFile("server.log");
            String options = "-c listen_addresses=" + HOST + " -c port=" + port + " -c unix_socket_directories='"
                    + run.path() + "' -c hba_file='" + hba + "' " + QUIET;
            LOG.infof("starting %s for pghop alone, on %s:%d, with the programs of %s", what, HOST, port, programs);
            try {
                programs.program("pg_ctl", List.of("start", "-D", dataDir.toString(), "-w", "-t",
                        String.valueOf(START_BOUND.toSeconds()), "-l", log.toString(), "-o", options))
                        .output(START_BOUND.plusMinutes(1));
            } catch (ToolFailedException e) {
                List<String> lines = tail(log);
                throw new StartFailed(what + " did not start: " + String.join(" | ", lines), lines, e);
            }
            PrivateServer server = new PrivateServer(dataDir, programs, superuser, port, run, what);
            RUNNING.add(server);
            return server;
        } catch (IOException | InterruptedException | RuntimeException e) {
            run.close();
            throw e;
        }
    }

    /** The rules that let pghop in: the bootstrap superuser, over the private socket and from 127.0.0.1. */
    static String bootstrapRules(String superuser) {
        String role = "\"" + superuser.replace("\"", "\"\"") + "\"";
        return "# pghop's own session, for the upgrade\nlocal all " + role + " trust\nhost all " + role + " " + HOST
                + "/32 trust\n";
    }

    /** Where pghop reaches it, as its bootstrap superuser, with no password. */
    Endpoint endpoint(Endpoint.Side side) {
        return new Endpoint(side, HOST, port, superuser, "");
    }

    /** Stops the cluster cleanly (a fast shutdown: a checkpoint, then off); idempotent. */
    void stop() throws IOException, InterruptedException {
        stop(STOP_BOUND);
    }

    private synchronized void stop(Duration bound) throws IOException, InterruptedException {
        if (stopped) {
            return;
        }
        LOG.infof("stopping %s", what);
        programs.program("pg_ctl", List.of("stop", "-D", dataDir.toString(), "-m", "fast", "-w", "-t",
                String.valueOf(bound.toSeconds()))).output(bound.plusMinutes(1));
        stopped = true;
        RUNNING.remove(this);
        run.close();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop();
    }

    private static void stopAllOnSignal() {
        for (PrivateServer server : new ArrayList<>(RUNNING)) {
            try {
                server.stop(STOP_ON_SIGNAL);
            } catch (IOException e) {
                LOG.errorf("could not stop %s cleanly: %s", server.what, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    /** The last lines of the server's log, which say why it stopped or would not start. */
    private static List<String> tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return lines.subList(Math.max(0, lines.size() - 10), lines.size());
        } catch (IOException e) {
            return List.of("(its log is unreadable: " + e.getMessage() + ")");
        }
    }
}
