package dev.pghop.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import dev.pghop.postgres.Endpoint;
import dev.pghop.testing.PgServer;
import dev.pghop.testing.PgServers;

/**
 * A migration's progress moves while one large table is still being copied: the new server's COPY sessions report
 * the bytes they have taken in, and they count beside the tables already finished.
 */
class CopyProgressIT {
    @RegisterExtension
    static PgServers servers = new PgServers();

    @Test
    void countsWhatARunningCopyHasTakenInBesideTheFinishedTables() throws Exception {
        PgServer target = servers.start(PgServer.builder("15").superuser("pg-15-admin").password("progress-n3w")
                .passwordEncryption("scram-sha-256"));
        target.execute("postgres", "CREATE TABLE big (id int, v text)");
        Endpoint endpoint = new Endpoint(Endpoint.Side.NEW, target.host(), target.port(), target.superuser(),
                target.password());
        AtomicLong finished = new AtomicLong(1000);

        Properties asPghop = new Properties();
        asPghop.setProperty("user", target.superuser());
        asPghop.setProperty("password", target.password());
        asPghop.setProperty("ApplicationName", "pghop");
        try (CopyProgress progress = new CopyProgress(endpoint, finished, true);
                Connection copying = DriverManager.getConnection(target.jdbcUrl("postgres"), asPghop)) {
            assertThat(progress.getAsLong()).isEqualTo(1000);
            CopyIn copy = copying.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY big FROM STDIN");
            byte[] rows = "1\tsome row of text to copy\n".repeat(40_000).getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(rows, 0, rows.length);
            copy.flushCopy();

            long during = awaitAtLeast(progress, 1000 + rows.length / 2);
            assertThat(during).as("progress while the copy runs").isGreaterThan(1000 + rows.length / 2);
            copy.endCopy();

            finished.addAndGet(rows.length);
            assertThat(progress.getAsLong()).as("never back once the table is finished")
                    .isGreaterThanOrEqualTo(during);
        }
    }

    /** The server updates its count as it reads; the bound is a few seconds. */
    private static long awaitAtLeast(CopyProgress progress, long bytes) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        long seen = progress.getAsLong();
        while (seen <= bytes && System.nanoTime() < deadline) {
            Thread.sleep(50);
            seen = progress.getAsLong();
        }
        return seen;
    }
}
