package dev.pghop.container;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** How the test reaches a server in a container: over JDBC, through the port it publishes on 127.0.0.1. */
final class PublishedPort {
    private PublishedPort() {
    }

    static Connection connect(int port, String database, String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "10");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, props);
    }
}
