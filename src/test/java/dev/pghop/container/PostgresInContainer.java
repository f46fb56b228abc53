package dev.pghop.container;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;

import dev.pghop.testing.SqlServer;

/**
 * A server in a postgres image ({@link TestImages#postgres}), as people run it without an operator: POSTGRES_USER
 * as superuser and a database of the same name, reachable by the pghop containers under a network alias and by the
 * test through a port published on 127.0.0.1 only.
 */
final class PostgresInContainer implements SqlServer, AutoCloseable {
    private static final int PORT = PostgreSQLContainer.POSTGRESQL_PORT;

    private final PostgreSQLContainer container;
    private final String alias;
    private final int major;

    private PostgresInContainer(PostgreSQLContainer container, String alias, int major) {
        this.container = container;
        this.alias = alias;
        this.major = major;
    }

    /** An old server as the blog's: md5 hashes, md5 over TCP, whatever the major's default. */
    static PostgresInContainer md5(int major, String alias, String superuser, String password, Network network) {
        return new PostgresInContainer(image(major, alias, superuser, password, network)
                .withEnv("POSTGRES_HOST_AUTH_METHOD", "md5")
                .withEnv("POSTGRES_INITDB_ARGS", "--auth-host=md5")
                .withCommand("postgres", "-c", "fsync=off", "-c", "password_encryption=md5"), alias, major);
    }

    /**
     * An old server as the blog's (md5) whose data directory already holds PostgreSQL's regression database
     * ({@link TestImages#regressionCorpus}): the entry point only starts it, so it says it is ready once.
     */
    static PostgresInContainer regressionCorpus(int major, String alias, String superuser, String password,
            Network network) {
        PostgreSQLContainer container = image(TestImages.regressionCorpus(major, superuser, password), alias, superuser,
                password, network)
                .withCommand("postgres", "-c", "fsync=off", "-c", "password_encryption=md5")
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\s", 1)
                        .withStartupTimeout(Duration.ofMinutes(2)));
        return new PostgresInContainer(container, alias, major);
    }

    /** A new server as the image sets it up from PostgreSQL 14 on: SCRAM hashes, SCRAM over TCP. */
    static PostgresInContainer scram(int major, String alias, String superuser, String password, Network network) {
        return new PostgresInContainer(image(major, alias, superuser, password, network)
                .withEnv("POSTGRES_HOST_AUTH_METHOD", "scram-sha-256")
                .withCommand("postgres", "-c", "fsync=off", "-c", "password_encryption=scram-sha-256"), alias,
                major);
    }

    private static PostgreSQLContainer image(int major, String alias, String superuser, String password,
            Network network) {
        return image(TestImages.postgres(major), alias, superuser, password, network);
    }

    private static PostgreSQLContainer image(DockerImageName image, String alias, String superuser, String password,
            Network network) {
        return new PostgreSQLContainer(image).withImagePullPolicy(TestImages.pullPolicy())
                .withUsername(superuser).withPassword(password).withDatabaseName(superuser)
                .withNetwork(network).withNetworkAliases(alias)
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(
                        new PortBinding(Ports.Binding.bindIp("127.0.0.1"), ExposedPort.tcp(PORT))));
    }

    PostgresInContainer start() {
        container.start();
        return this;
    }

    int major() {
        return major;
    }

    /** The host name other containers on the network reach it by. */
    String alias() {
        return alias;
    }

    @Override
    public String superuser() {
        return container.getUsername();
    }

    @Override
    public String password() {
        return container.getPassword();
    }

    @Override
    public Connection connect(String database, String user, String password) throws SQLException {
        return PublishedPort.connect(container.getMappedPort(PORT), database, user, password);
    }

    @Override
    public void close() {
        container.stop();
    }

    @Override
    public String toString() {
        return container.getDockerImageName() + " (" + alias + ")";
    }
}
