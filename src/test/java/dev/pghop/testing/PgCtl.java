package dev.pghop.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * initdb and pg_ctl for one test cluster, run as the server user with bounded waits. The cluster lives in a work
 * directory: {@code data/} (the data directory), {@code server.log} and {@code socket/} beside it.
 */
final class PgCtl {

    private static final Duration INITDB_TIMEOUT = Duration.ofMinutes(2);
    private static final String PG_CTL_WAIT_SECONDS = "60";
    private static final Duration PG_CTL_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

    private final Path binDir;
    private final Path workDir;

    PgCtl(Path binDir, Path workDir) {
        this.binDir = binDir;
        this.workDir = workDir;
    }

    Path binDir() {
        return binDir;
    }

    Path workDir() {
        return workDir;
    }

    Path dataDir() {
        return workDir.resolve("data");
    }

    Path socketDir() {
        return workDir.resolve("socket");
    }

    Path logFile() {
        return workDir.resolve("server.log");
    }

    /**
     * Creates the cluster. The password is hashed with SCRAM whatever the major: a SCRAM secret logs in under both md5
     * and scram-sha-256 pg_hba methods, so the first login works before the caller re-hashes it as configured.
     */
    void initdb(String superuser, Path passwordFile) throws IOException {
        run(List.of(binDir.resolve("initdb").toString(), "-D", dataDir().toString(), "-U", superuser,
                "--pwfile=" + passwordFile, "-E", "UTF8", "--locale=C", "--no-sync",
                "--auth-local=trust", "--auth-host=scram-sha-256"), INITDB_TIMEOUT);
    }

    /** Starts the server, logging to {@link #logFile()} (without -l pg_ctl keeps our output pipe open forever). */
    void start() throws IOException {
        run(List.of(pgCtl(), "start", "-D", dataDir().toString(), "-l", logFile().toString(),
                "-w", "-t", PG_CTL_WAIT_SECONDS), PG_CTL_TIMEOUT);
    }

    /** Fast shutdown; kills the postmaster and its children if that does not stop it. Harmless when not running. */
    void stop() throws IOException {
        IOException stopFailure = null;
        if (Files.exists(dataDir().resolve("postmaster.pid"))) {
            try {
                run(List.of(pgCtl(), "stop", "-D", dataDir().toString(), "-m", "fast",
                        "-w", "-t", PG_CTL_WAIT_SECONDS), PG_CTL_TIMEOUT);
            } catch (IOException e) {
                stopFailure = e;
            }
        }
        Optional<ProcessHandle> postmaster = postmaster();
        if (postmaster.isPresent()) {
            kill(postmaster.get(), stopFailure);
        }
    }

    /** The last lines of the server log, for error messages. */
    List<String> logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
            return lines.subList(Math.max(0, lines.size() - BoundedProcess.TAIL_LINES), lines.size());
        } catch (IOException e) {
            return List.of("(no server log at " + logFile() + ": " + e + ")");
        }
    }

    private Optional<ProcessHandle> postmaster() throws IOException {
        Path pidFile = dataDir().resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).strip().matches("\\d+")) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(lines.get(0).strip())).filter(ProcessHandle::isAlive);
    }

    private void kill(ProcessHandle postmaster, IOException stopFailure) throws IOException {
        List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
        all.add(postmaster);
        all.forEach(ProcessHandle::destroyForcibly);
        try {
            postmaster.onExit().get(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            IOException failure = new IOException("PostgreSQL postmaster pid " + postmaster.pid() + " of "
                    + dataDir() + " survived pg_ctl stop and SIGKILL; kill it by hand", e);
            if (stopFailure != null) {
                failure.addSuppressed(stopFailure);
            }
            throw failure;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while killing postmaster pid " + postmaster.pid(), e);
        }
    }

    private String pgCtl() {
        return binDir.resolve("pg_ctl").toString();
    }

    private void run(List<String> command, Duration timeout) throws IOException {
        BoundedProcess.runChecked(ServerUser.command(command), workDir, timeout);
    }
}
