package dev.pghop.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.pghop.testing.PgServer;
import dev.pghop.testing.PgServers;

/** The checks before work: each refuses with exit 3 and says what it found, and nothing is written anywhere. */
class GuardsIT {
    private static final String OLD_PASSWORD = "guards-0ld";
    private static final String NEW_PASSWORD = "guards-n3w";

    @RegisterExtension
    static PgServers servers = new PgServers();

    @TempDir
    Path volume;

    @Test
    void theSameClusterUnderTwoAddressesIsRefusedAndTheSourceIsUntouched() throws IOException {
        PgServer old = servers.start(BlogSetup.oldServer(OLD_PASSWORD).listenAddresses("127.0.0.1", "127.0.0.2"));
        SampleCluster.fill(old);
        ClusterSnapshot before = ClusterSnapshot.of(old);
        Pghop sameServerAsTarget = Pghop.load().dumpPath(volume).env("NEW_PG_HOST", "127.0.0.2")
                .env("NEW_PG_PORT", old.port()).env("NEW_PG_USER", old.superuser()).env("NEW_PG_PASS", old.password());

        Pghop.withArgs("plan").source(old).env("NEW_PG_HOST", "127.0.0.2").env("NEW_PG_PORT", old.port()).run()
                .exits(3).says("[BLOCKER] different clusters", "SAME cluster", old.systemIdentifier());
        Pghop.dump().dumpPath(volume).source(old).env("NEW_PG_HOST", "127.0.0.2").env("NEW_PG_PORT", old.port())
                .run().exits(3).summaryStartsWith("pghop dump: FAILED (exit 3, REFUSED)").says("SAME cluster");
        assertThat(new DumpDirectory(volume).files()).isEmpty();

        Pghop.dump().dumpPath(volume).source(old).run().exits(0);
        sameServerAsTarget.env("LOAD_INTO_NON_EMPTY", "true").run().exits(3)
                .summaryStartsWith("pghop load: FAILED (exit 3, REFUSED)").says("SAME cluster");

        assertThat(ClusterSnapshot.of(old)).isEqualTo(before);
    }

    @Test
    void aNonEmptyNewServerIsRefusedWithWhatItHoldsUnlessTheUserOptsIn() {
        PgServer old = servers.start(BlogSetup.oldServer(OLD_PASSWORD));
        PgServer target = servers.start(BlogSetup.newServer(NEW_PASSWORD));
        SampleCluster.fill(old);
        target.execute("postgres", "CREATE DATABASE leftover", "CREATE ROLE stale",
                "CREATE TYPE public.leftover_mood AS ENUM ('sad')", "CREATE PUBLICATION leftover_pub");
        Pghop.withArgs("plan").source(old).target(target).run().exits(3).says("[BLOCKER] new server is empty",
                "database leftover", "role stale", "type public.leftover_mood", "publication leftover_pub");
        Pghop.dump().dumpPath(volume).source(old).run().exits(0);

        Pghop.load().dumpPath(volume).target(target).run().exits(3)
                .says("database leftover", "role stale", "scale its Deployment to 0", "LOAD_INTO_NON_EMPTY=true");
        assertThat(target.rows("postgres", "SELECT 1 FROM pg_database WHERE datname = 'app'")).isEmpty();

        Pghop.load().dumpPath(volume).target(target).env("LOAD_INTO_NON_EMPTY", "true").run().exits(0)
                .says("LOAD_INTO_NON_EMPTY=true: loading anyway");
        assertThat(target.rows("app", "SELECT count(*) FROM app_schema.customers"))
                .isEqualTo(old.rows("app", "SELECT count(*) FROM app_schema.customers"));
    }

    @Test
    void anExtensionTheNewServerLacksIsNamedWithItsDatabase() {
        PgServer old = servers.start(BlogSetup.oldServer(OLD_PASSWORD));
        PgServer target = servers.start(BlogSetup.newServer(NEW_PASSWORD).binariesCustomizer(
                bin -> deleteQuietly(bin.resolve("share/postgresql/extension/hstore.control"))));
        SampleCluster.fill(old);

        Pghop.withArgs("plan").source(old).target(target).run().exits(3)
                .says("[BLOCKER] extensions", "database my-app uses hstore");
        Pghop.dump().dumpPath(volume).source(old).run().exits(0);
        Pghop.load().dumpPath(volume).target(target).run().exits(3).says("database my-app uses hstore");
        assertThat(target.rows("postgres", "SELECT 1 FROM pg_database WHERE datname = 'my-app'")).isEmpty();
    }

    @Test
    void aNewServerOlderThanTheOldOneIsRefused() {
        String sourceVersion = BlogSetup.newVersion();
        int sourceMajor = Integer.parseInt(sourceVersion.split("\\.")[0]);
        PgServer old = servers.start(PgServer.builder(sourceVersion).superuser("admin").password(OLD_PASSWORD));
        PgServer older = servers.start(PgServer.builder(String.valueOf(sourceMajor == 14 ? 12 : sourceMajor - 1))
                .superuser("admin").password(NEW_PASSWORD));

        Pghop.withArgs("plan").source(old).target(older).run().exits(3)
                .says("[BLOCKER] server versions", "older than the old server's");
        Pghop.dump().dumpPath(volume).source(old).target(older).run().exits(3).says("older than the old server's");
        Pghop.dump().dumpPath(volume).source(old).run().exits(0);
        Pghop.load().dumpPath(volume).target(older).run().exits(3)
                .says("older than the old server's", "writes SQL that PostgreSQL " + older.major());
    }

    @Test
    void planOnAHealthyPairExitsZeroWithAReportAPersonCanRead() throws IOException {
        PgServer old = servers.start(BlogSetup.oldServer(OLD_PASSWORD));
        PgServer target = servers.start(BlogSetup.newServer(NEW_PASSWORD));
        SampleCluster.fill(old);

        PghopRun run = Pghop.withArgs("plan").source(old).target(target).dumpPath(volume).run().exits(0);

        assertThat(run.stdout()).contains("Old server: admin@" + old.host() + ":" + old.port() + ", PostgreSQL 12.")
                .contains("New server: " + target.superuser() + "@").contains("my-app (UTF8")
                .contains("[OK]      different clusters").contains("[OK]      new server is empty")
                .contains("[OK]      dump volume room").contains("Result: no blocker");
        assertThat(new DumpDirectory(volume).files()).isEmpty();
    }

    @Test
    void planWithoutTheClientProgramsBlocksAndStillRunsTheOtherChecks(@TempDir Path emptyBinDir) {
        PgServer old = servers.start(BlogSetup.oldServer(OLD_PASSWORD));
        PgServer target = servers.start(BlogSetup.newServer(NEW_PASSWORD));
        target.execute("postgres", "CREATE DATABASE leftover");

        Pghop.withArgs("plan").source(old).target(target).env("PG_BIN_DIR", emptyBinDir).run().exits(3)
                .says("[BLOCKER] pg_dumpall version", "[BLOCKER] psql version", "set PG_BIN_DIR",
                        "[BLOCKER] new server is empty", "database leftover");
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot remove " + file + " from the server's binaries copy", e);
        }
    }
}
