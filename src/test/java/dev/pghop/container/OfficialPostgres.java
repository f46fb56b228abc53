package dev.pghop.container;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import org.testcontainers.containers.Network;
import org.testcontainers.postgresql.PostgreSQLContainer;

import dev.pghop.testing.SqlServer;

/**
 * A server of the official postgres image, as people run it without an operator: POSTGRES_USER as superuser, a
 * database of the same name, reachable by the pghop containers under a network alias and by the test through its
 * mapped port.
 */
final class OfficialPostgres implements SqlServer {
    private final PostgreSQLContainer container;
    private final String alias;

    private OfficialPostgres(PostgreSQLContainer container, String alias) {
        this.container = container;
        this.alias = alias;
    }

    /** The blog's old server: PostgreSQL 12 storing md5 hashes and asking for md5 over TCP. */
    static OfficialPostgres md5(int major, String superuser, String password, Network network) {
        return new OfficialPostgres(image(major, superuser, password, network)
                .withEnv("POSTGRES_HOST_AUTH_METHOD", "md5")
                .withEnv("POSTGRES_INITDB_ARGS", "--auth-host=md5")
                .withCommand("postgres", "-c", "fsync=off", "-c", "password_encryption=md5"), alias(major));
    }

    /** A new server as the image sets it up from PostgreSQL 14 on: SCRAM hashes, SCRAM over TCP. */
    static OfficialPostgres scram(int major, String superuser, String password, Network network) {
        return new OfficialPostgres(image(major, superuser, password, network)
                .withCommand("postgres", "-c", "fsync=off"), alias(major));
    }

    private static PostgreSQLContainer image(int major, String superuser, String password, Network network) {
        return new PostgreSQLContainer("postgres:" + major).withUsername(superuser).withPassword(password)
                .withDatabaseName(superuser).withNetwork(network).withNetworkAliases(alias(major));
    }

    private static String alias(int major) {
        return "postgres-" + major;
    }

    PostgreSQLContainer container() {
        return container;
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
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "10");
        return DriverManager.getConnection("jdbc:postgresql://" + container.getHost() + ":"
                + container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT) + "/" + database, props);
    }

    @Override
    public String toString() {
        return container.getDockerImageName() + " (" + alias + ")";
    }
}
