package dev.pghop.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.pghop.postgres.Endpoint;

class PgPassFileTest {

    @Test
    void escapesColonsAndBackslashesAsLibpqReadsThem() {
        assertThat(PgPassFile.escape("a:b\\c*d e")).isEqualTo("a\\:b\\\\c*d e");
    }

    @Test
    void isPrivateAndGoneAfterClose() throws IOException {
        Path file;
        try (PgPassFile pass = PgPassFile.create(List.of(
                new Endpoint(Endpoint.Side.OLD, "db.example", 5432, "admin", "p:w\\x"),
                new Endpoint(Endpoint.Side.NEW, "/var/run/postgresql", 5433, "new", "y")))) {
            file = pass.path();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                    .isEqualTo("rwx------");
            assertThat(file).hasContent("db.example:5432:*:admin:p\\:w\\\\x\nlocalhost:5433:*:new:y\n");
        }
        assertThat(file).doesNotExist();
        assertThat(file.getParent()).doesNotExist();
    }
}
