package dev.pghop.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A real PostgreSQL server for a test, started from the binaries in {@code target/pg-dist} and run as an unprivileged
 * OS user. Set up like the official container image: the superuser logs in with a password over TCP (loopback only),
 * and a database named after the superuser exists. Close it to stop the server and delete its files.
 */
public final class PgServer implements SqlServer, AutoCloseable {

    private static final String LOGIN_TIMEOUT_SECONDS = "10";

    private final String version;
    private final String superuser;
    private final String password;
    private final List<String> listenAddresses;
    private final int port;
    private final PgCtl ctl;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    PgServer(String version, Builder wanted, int port, PgCtl ctl) {
        this.version = version;
        this.superuser = wanted.superuser;
        this.password = wanted.password;
        this.listenAddresses = wanted.listenAddresses;
        this.port = port;
        this.ctl = ctl;
    }

    public static Builder builder(String version) {
        return new Builder(version);
    }

    /** The major of the psql client the code under test will run ($PG_BIN_DIR/psql, else psql on the PATH). */
    public static int clientMajor() {
        return ClientTools.psqlMajor();
    }

    /** The first available server version whose major is the given one or newer (newest patch of that major). */
    public static String newestVersionAtLeast(int major) {
        return PgBinaries.newestAtLeast(major);
    }

    public String version() {
        return version;
    }

    public int major() {
        return PgBinaries.major(version);
    }

    public String host() {
        return listenAddresses.get(0);
    }

    public int port() {
        return port;
    }

    @Override
    public String superuser() {
        return superuser;
    }

    @Override
    public String password() {
        return password;
    }

    public Path dataDir() {
        return ctl.dataDir();
    }

    public Path binDir() {
        return ctl.binDir();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port + "/" + database;
    }

    @Override
    public Connection connect(String database, String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", LOGIN_TIMEOUT_SECONDS);
        props.setProperty("loginTimeout", LOGIN_TIMEOUT_SECONDS);
        return DriverManager.getConnection(jdbcUrl(database), props);
    }

    public String systemIdentifier() {
        return value("postgres", "select system_identifier::text from pg_control_system()");
    }

    /** Fast shutdown, then kill if it is still running. Idempotent. */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        try {
            ctl.stop();
        } catch (IOException e) {
            throw new IllegalStateException("while stopping " + this + ": " + e.getMessage(), e);
        }
    }

    /** Stops the server and deletes its data directory, log and private binaries. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            stop();
        } finally {
            CloseOnExit.forget(ctl.workDir());
            WorkDir.delete(ctl.workDir());
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL " + version + " at " + host() + ":" + port;
    }

    /** What to start; {@link #start()} does the work. */
    public static final class Builder {

        final String version;
        String superuser = "postgres";
        String password = "postgres";
        String passwordEncryption = "scram-sha-256";
        String hbaMethod;
        List<String> listenAddresses = List.of("127.0.0.1");
        final Map<String, String> settings = new LinkedHashMap<>();
        Consumer<Path> binariesCustomizer;

        private Builder(String version) {
            this.version = version;
        }

        public Builder superuser(String name) {
            this.superuser = name;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** {@code md5} or {@code scram-sha-256}: how the superuser's password is stored, and the server setting. */
        public Builder passwordEncryption(String method) {
            this.passwordEncryption =
                    ClusterLauncher.requireOneOf("password encryption", method, "md5", "scram-sha-256");
            return this;
        }

        /** The pg_hba method of the TCP lines: md5, scram-sha-256 or trust; defaults to the password encryption. */
        public Builder hbaMethod(String method) {
            this.hbaMethod = ClusterLauncher.requireOneOf("pg_hba method", method, "md5", "scram-sha-256", "trust");
            return this;
        }

        /** Loopback addresses (127.x.x.x) to listen on; the first is {@link PgServer#host()}. */
        public Builder listenAddresses(String... addresses) {
            this.listenAddresses = ClusterLauncher.requireLoopback(List.of(addresses));
            return this;
        }

        /** An extra postgresql.conf setting; it overrides the harness's own (except port and listen_addresses). */
        public Builder setting(String name, String value) {
            settings.put(name, value);
            return this;
        }

        /** Runs the server from a private copy of the binaries, changed by the customizer before initdb. */
        public Builder binariesCustomizer(Consumer<Path> customizer) {
            this.binariesCustomizer = customizer;
            return this;
        }

        public PgServer start() {
            return new ClusterLauncher(this).launch();
        }
    }
}
