package dev.pghop.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.pghop.testing.PgServer;
import dev.pghop.testing.PgServers;

/**
 * Passwords with the characters that break naive handling: ':' and '\' (the .pgpass separators and escape), '*'
 * (the .pgpass wildcard), a space, quotes, and "${HOME}" (a config expression to SmallRye, a variable to a shell).
 * Given as PG_PASS, or in a PG_PASS_FILE / NEW_PG_PASS_FILE ending in a newline, as a mounted Secret does.
 */
class PasswordCharactersIT {
    private static final String OLD_PASSWORD = "p:ss\\w*rd x ${HOME} 'q\"";
    private static final String NEW_PASSWORD = "n3w:\\\\*pa ss$1 ${PGDUMP_PATH}";

    @RegisterExtension
    static PgServers servers = new PgServers();
    static PgServer old;
    static PgServer target;

    @TempDir
    Path volume;
    @TempDir
    Path secrets;

    @BeforeAll
    static void startServers() {
        old = servers.start(BlogSetup.oldServer(OLD_PASSWORD));
        target = servers.start(BlogSetup.newServer(NEW_PASSWORD));
        SampleCluster.fill(old);
    }

    @Test
    void dumpWithTheAwkwardPasswordInPgPass() {
        Pghop.dump().dumpPath(volume).source(old).run().exits(0).summaryStartsWith("pghop dump: OK: dumped")
                .neverShows(OLD_PASSWORD);
        assertThat(volume.resolve(DumpDirectory.DUMP)).isNotEmptyFile();
    }

    @Test
    void dumpWithTheAwkwardPasswordInPgPassFile() throws IOException {
        Path secret = secretFile("old-admin-password", OLD_PASSWORD + "\n");

        Pghop.dump().dumpPath(volume).source(old).without("PG_PASS").env("PG_PASS_FILE", secret).run().exits(0)
                .summaryStartsWith("pghop dump: OK: dumped").neverShows(OLD_PASSWORD);
        assertThat(volume.resolve(DumpDirectory.DUMP)).isNotEmptyFile();
    }

    @Test
    void loadWithTheAwkwardPasswordInNewPgPassFile() throws IOException {
        Path secret = secretFile("new-admin-password", NEW_PASSWORD + "\n");
        Pghop.dump().dumpPath(volume).source(old).run().exits(0);

        Pghop.load().dumpPath(volume).target(target).without("NEW_PG_PASS").env("NEW_PG_PASS_FILE", secret).run()
                .exits(0).summaryStartsWith("pghop load: OK: loaded").neverShows(NEW_PASSWORD);
        assertThat(target.value("app", "SELECT name FROM app_schema.customers WHERE id = "
                + SampleCluster.NON_ASCII_CUSTOMER_ID)).isEqualTo(SampleCluster.NON_ASCII_NAME);
    }

    private Path secretFile(String name, String content) throws IOException {
        return Files.writeString(secrets.resolve(name), content, StandardCharsets.UTF_8);
    }
}
