package dev.pghop.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import org.postgresql.PGConnection;

/** Brings up one test cluster: initdb, configure, start on a free port, wait for a login, finish like the image. */
final class ClusterLauncher {

    private static final Pattern LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    private static final int START_ATTEMPTS = 3;
    private static final Duration LOGIN_WAIT = Duration.ofSeconds(30);
    private static final Duration LOGIN_RETRY_PAUSE = Duration.ofMillis(100);

    private final PgServer.Builder wanted;

    ClusterLauncher(PgServer.Builder wanted) {
        this.wanted = wanted;
    }

    PgServer launch() {
        String version = PgBinaries.resolve(wanted.version);
        Path workDir = WorkDir.create();
        CloseOnExit.remember(workDir, () -> WorkDir.delete(workDir));
        PgCtl ctl = null;
        try {
            ctl = new PgCtl(binaries(version, workDir).resolve("bin"), workDir);
            PgCtl created = ctl;
            CloseOnExit.remember(workDir, () -> abandon(workDir, created, null));
            initdb(ctl);
            PgServer server = new PgServer(version, wanted, startOnFreePort(ctl), ctl);
            finishLikeTheImage(server);
            CloseOnExit.remember(workDir, server::close);
            return server;
        } catch (IOException | SQLException | RuntimeException e) {
            String log = ctl == null || !Files.exists(ctl.logFile()) ? ""
                    : "\n--- last lines of " + ctl.logFile() + ":\n" + String.join("\n", ctl.logTail());
            IllegalStateException failure = new IllegalStateException("could not start PostgreSQL " + version
                    + " for a test: " + e.getMessage() + log, e);
            abandon(workDir, ctl, failure);
            throw failure;
        }
    }

    static String requireOneOf(String what, String value, String... allowed) {
        if (!List.of(allowed).contains(value)) {
            throw new IllegalArgumentException(
                    what + " '" + value + "' is not supported; use one of " + List.of(allowed));
        }
        return value;
    }

    static List<String> requireLoopback(List<String> addresses) {
        if (addresses.isEmpty() || !addresses.stream().allMatch(LOOPBACK.asMatchPredicate())) {
            throw new IllegalArgumentException("listen addresses " + addresses + " must be IPv4 loopback addresses "
                    + "(127.x.x.x), so a test server is never reachable from outside this machine");
        }
        return List.copyOf(addresses);
    }

    private Path binaries(String version, Path workDir) throws IOException {
        if (wanted.binariesCustomizer == null) {
            return PgBinaries.unpacked(version);
        }
        return PgBinaries.customizedCopy(version, workDir.resolve("pg"), wanted.binariesCustomizer);
    }

    /** initdb with the password in a 0600 file the server user owns, deleted right after. */
    private void initdb(PgCtl ctl) throws IOException {
        if (wanted.password.contains("\n") || wanted.password.contains("\r")) {
            throw new IllegalArgumentException(
                    "the superuser password must be a single line: initdb reads it from a file");
        }
        Path passwordFile = ctl.workDir().resolve("pwfile");
        Files.writeString(Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------"))), wanted.password + "\n", StandardCharsets.UTF_8);
        try {
            ServerUser.own(ctl.workDir());
            ctl.initdb(wanted.superuser, passwordFile);
        } finally {
            Files.deleteIfExists(passwordFile);
        }
        String tcpMethod = wanted.hbaMethod != null ? wanted.hbaMethod : wanted.passwordEncryption;
        Files.writeString(ctl.dataDir().resolve("pg_hba.conf"), """
                # Written by the pghop test harness: socket connections trusted, TCP only from loopback.
                local   all          all                  trust
                local   replication  all                  trust
                host    all          all    127.0.0.0/8   %1$s
                host    replication  all    127.0.0.0/8   %1$s
                """.formatted(tcpMethod), StandardCharsets.UTF_8);
        Files.writeString(ctl.dataDir().resolve("postgresql.conf"), "\ninclude 'pghop.conf'\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** Starts on a free port, picking another when something grabbed the port between the check and the start. */
    private int startOnFreePort(PgCtl ctl) throws IOException {
        for (int attempt = 1; ; attempt++) {
            int port = FreePort.onAll(wanted.listenAddresses);
            writeSettings(ctl, port);
            try {
                ctl.start();
                return port;
            } catch (IOException e) {
                boolean portTaken = ctl.logTail().stream().anyMatch(line -> line.contains("Address already in use"));
                if (attempt == START_ATTEMPTS || !portTaken) {
                    throw e;
                }
                ctl.stop();
            }
        }
    }

    /** Harness defaults, then the test's settings (they win), then what the harness relies on (it wins). */
    private void writeSettings(PgCtl ctl, int port) throws IOException {
        StringBuilder conf = new StringBuilder("# Written by the pghop test harness.\n");
        appendSetting(conf, "fsync", "off");
        appendSetting(conf, "logging_collector", "off");
        appendSetting(conf, "password_encryption", wanted.passwordEncryption);
        wanted.settings.forEach((name, value) -> appendSetting(conf, name, value));
        appendSetting(conf, "listen_addresses", String.join(",", wanted.listenAddresses));
        appendSetting(conf, "port", Integer.toString(port));
        appendSetting(conf, "unix_socket_directories", ctl.socketDir().toString());
        Files.writeString(ctl.dataDir().resolve("pghop.conf"), conf, StandardCharsets.UTF_8);
        ServerUser.own(ctl.dataDir());
    }

    private static void appendSetting(StringBuilder conf, String name, String value) {
        conf.append(name).append(" = '").append(value.replace("\\", "\\\\").replace("'", "''")).append("'\n");
    }

    /** Like the official image: the password stored as configured, and a database named after the superuser. */
    private void finishLikeTheImage(PgServer server) throws IOException, SQLException {
        try (Connection connection = firstLogin(server); Statement statement = connection.createStatement()) {
            connection.unwrap(PGConnection.class).alterUserPassword(wanted.superuser, wanted.password.toCharArray(),
                    wanted.passwordEncryption);
            if (!"postgres".equals(wanted.superuser)) {
                statement.execute("CREATE DATABASE \"" + wanted.superuser.replace("\"", "\"\"") + "\"");
            }
        }
    }

    /** pg_ctl -w saw the server ready; a JDBC login over TCP is what the tests need, so wait for that too. */
    private static Connection firstLogin(PgServer server) throws IOException {
        Instant deadline = Instant.now().plus(LOGIN_WAIT);
        SQLException last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                return server.connect("postgres");
            } catch (SQLException e) {
                if (e.getSQLState() != null && e.getSQLState().startsWith("28")) {
                    throw new IOException("the superuser cannot log in: " + e.getMessage(), e);
                }
                last = e;
            }
            try {
                Thread.sleep(LOGIN_RETRY_PAUSE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the first login", e);
            }
        }
        throw new IOException("no JDBC login within " + LOGIN_WAIT.toSeconds() + "s; last failure: " + last, last);
    }

    /** Stops whatever runs (ctl may be null) and deletes the work directory; problems join the failure, if any. */
    private static void abandon(Path workDir, PgCtl ctl, RuntimeException failure) {
        try {
            if (ctl != null) {
                ctl.stop();
            }
            WorkDir.delete(workDir);
            CloseOnExit.forget(workDir);
        } catch (IOException | RuntimeException e) {
            if (failure == null) {
                throw new IllegalStateException("while cleaning up the test server in " + workDir + ": " + e, e);
            }
            failure.addSuppressed(e);
        }
    }
}
