package dev.pghop.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PgServerTest {

    private static final String HSTORE_CONTROL = "share/postgresql/extension/hstore.control";
    private static final String HSTORE_AVAILABLE =
            "select count(*) from pg_available_extensions where name = 'hstore'";

    @RegisterExtension
    static PgServers servers = new PgServers();

    @Test
    void pg12WithMd5AndAnAwkwardPasswordLogsInLikeTheOfficialImage() throws SQLException {
        String password = "pa:ss\\word *x";
        PgServer server = servers.start(PgServer.builder("12").superuser("admin").password(password)
                .passwordEncryption("md5"));

        assertThat(server.version()).isEqualTo("12.22.0");
        assertThat(server.major()).isEqualTo(12);
        try (Connection connection = server.connect("admin", "admin", password)) {
            assertThat(connection.isValid(5)).isTrue();
        }
        assertThatThrownBy(() -> server.connect("admin", "admin", "pa:ss\\word *y").close())
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
        assertThat(server.value("postgres", "show password_encryption")).isEqualTo("md5");
        assertThat(server.value("postgres", "select rolpassword from pg_authid where rolname = 'admin'"))
                .startsWith("md5");
        assertThat(server.rows("postgres", "select datname from pg_database where datname = 'admin'"))
                .containsExactly(List.of("admin"));
        assertThat(Files.exists(server.binDir().resolve("postgres"))).isTrue();
    }

    @Test
    void pg15OnTwoLoopbackAddressesIsOneServer() throws SQLException {
        PgServer server = servers.start(PgServer.builder("15").listenAddresses("127.0.0.1", "127.0.0.2"));

        assertThat(server.host()).isEqualTo("127.0.0.1");
        String viaFirst = systemIdentifierAt("127.0.0.1", server);
        String viaSecond = systemIdentifierAt("127.0.0.2", server);
        assertThat(viaFirst).isNotBlank().isEqualTo(viaSecond).isEqualTo(server.systemIdentifier());
        assertThat(server.value("postgres", "show password_encryption")).isEqualTo("scram-sha-256");
        assertThat(server.value("postgres", "select rolpassword from pg_authid where rolname = 'postgres'"))
                .startsWith("SCRAM-SHA-256$");
    }

    @Test
    void closeStopsTheServerRemovesTheDataDirectoryAndCanBeRepeated() throws SQLException {
        PgServer server = PgServer.builder("17").start();
        Path dataDir = server.dataDir();
        assertThat(dataDir.resolve("PG_VERSION")).exists();
        assertThat(server.value("postgres", "select 1")).isEqualTo("1");

        server.close();
        server.close();
        server.stop();

        assertThat(dataDir).doesNotExist();
        assertThat(dataDir.getParent()).doesNotExist();
        assertThatThrownBy(() -> server.connect("postgres").close()).isInstanceOf(SQLException.class);
    }

    @Test
    void theExtensionClosesAServerStartedInATestAfterThatTest() {
        PgServers extension = new PgServers();
        extension.beforeEach(null);
        PgServer server = extension.start(PgServer.builder("14.17.0"));
        assertThat(server.value("postgres", "select current_user")).isEqualTo("postgres");

        extension.afterEach(null);

        assertThat(server.dataDir()).doesNotExist();
    }

    @Test
    void aCustomizedCopyOfTheBinariesCanLackAnExtension() {
        PgServer normal = servers.start(PgServer.builder("16"));
        PgServer withoutHstore = servers.start(PgServer.builder("16")
                .binariesCustomizer(root -> delete(root.resolve(HSTORE_CONTROL))));

        assertThat(normal.value("postgres", HSTORE_AVAILABLE)).isEqualTo("1");
        assertThat(withoutHstore.value("postgres", HSTORE_AVAILABLE)).isEqualTo("0");
        assertThat(withoutHstore.binDir()).isNotEqualTo(normal.binDir());
        assertThat(normal.binDir().resolveSibling(HSTORE_CONTROL)).exists();
    }

    @Test
    void aServerThatCannotStartReportsTheEndOfItsLog() {
        assertThatThrownBy(() -> PgServer.builder("14").setting("shared_buffers", "lots").start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("could not start PostgreSQL 14.17.0")
                .hasMessageContaining("server.log")
                .hasMessageContaining("invalid value for parameter \"shared_buffers\"");
    }

    @Test
    void versionsResolveFromAMajorAndClientMajorIsReadFromPsql() {
        assertThat(PgServer.newestVersionAtLeast(13)).isEqualTo("14.17.0");
        assertThat(PgServer.newestVersionAtLeast(15)).isEqualTo("15.12.0");
        assertThat(PgServer.clientMajor()).isGreaterThanOrEqualTo(10);
        assertThatThrownBy(() -> PgServer.builder("13").start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("14.17.0");
        assertThatThrownBy(() -> PgServer.builder("17").listenAddresses("0.0.0.0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
        assertThatThrownBy(() -> PgServer.builder("17").hbaMethod("password"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scram-sha-256");
    }

    private static String systemIdentifierAt(String host, PgServer server) throws SQLException {
        Properties login = new Properties();
        login.setProperty("user", server.superuser());
        login.setProperty("password", server.password());
        String url = "jdbc:postgresql://" + host + ":" + server.port() + "/postgres";
        try (Connection connection = DriverManager.getConnection(url, login);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(
                        "select system_identifier::text, host(inet_server_addr()) from pg_control_system()")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(2)).isEqualTo(host);
            return result.getString(1);
        }
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
