package dev.pghop.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.pghop.container.CorpusFindings.Blocker;
import dev.pghop.container.CorpusFindings.Hop;
import dev.pghop.scenario.PghopRun;

/**
 * PostgreSQL's own regression database, the corpus pg_upgrade's cross-version test upgrades, hopped as deployed:
 * plan names every object the new major refuses with its fix, before anything is written; migrate (and dump with
 * the new server known) refuses on them and writes nothing; the fixes plan gives, run on the old server, let the
 * hop pass, with migrate and with dump/load; verify then lists only true differences ({@link CorpusFindings}).
 * Each hop starts from the cached corpus image, so it may change its old server.
 */
@ExtendWith(DockerEngine.class)
class RegressionCorpusIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static MatrixServers servers = new MatrixServers();

    @TempDir
    Path volume;

    @AfterEach
    void stopThisHopsServers() {
        servers.stopPerHop();
    }

    static Stream<Hop> hops() {
        return CorpusFindings.HOPS.stream();
    }

    static Stream<Hop> planned() {
        return CorpusFindings.PLANNED.stream();
    }

    @ParameterizedTest(name = "plan: {0}")
    @MethodSource("planned")
    void planNamesEveryObjectTheNewMajorRefusesWithItsFix(Hop hop) {
        PostgresInContainer old = servers.freshRegressionCorpus(hop.oldMajor());
        PostgresInContainer target = servers.freshNew(hop.newMajor());

        assertPlanNamesTheBlockers(inImage(Math.max(hop.newMajor(), 17), old, target).run("plan"), hop);
    }

    @ParameterizedTest(name = "migrate, verify: {0}")
    @MethodSource("hops")
    void migrateRefusesWhatTheNewMajorRefusesThenPassesOnceItIsFixed(Hop hop) throws Exception {
        PostgresInContainer old = servers.freshRegressionCorpus(hop.oldMajor());
        PostgresInContainer target = servers.freshNew(hop.newMajor());

        PghopRun plan = inImage(hop.newMajor(), old, target).run("plan");
        if (hop.blockers().isEmpty()) {
            plan.exits(0).says("[OK]      objects the new server refuses: none found");
        } else {
            assertPlanNamesTheBlockers(plan, hop);
            inImage(hop.newMajor(), old, target).run("migrate").exits(3)
                    .summaryStartsWith("pghop migrate: FAILED (exit 3, REFUSED)").says(hop.blockers().get(0).object());
            assertThat(target.rows("postgres", "SELECT datname FROM pg_database WHERE datname = 'regression'"))
                    .as("the new server after migrate refused").isEmpty();
            fixOnTheOldServer(old, hop.blockers());
        }

        inImage(hop.newMajor(), old, target).run("migrate").exits(0).summaryStartsWith("pghop migrate: OK");
        assertVerifyListsOnly(hop, old, target);
    }

    @ParameterizedTest(name = "dump, load, verify: {0}")
    @MethodSource("hops")
    void dumpAndLoadPassOnceWhatTheNewMajorRefusesIsFixed(Hop hop) throws Exception {
        PostgresInContainer old = servers.freshRegressionCorpus(hop.oldMajor());
        PostgresInContainer target = servers.freshNew(hop.newMajor());

        if (!hop.blockers().isEmpty()) {
            inImage(hop.oldMajor(), old, target).dumpVolume(volume).run("dump").exits(3)
                    .summaryStartsWith("pghop dump: FAILED (exit 3, REFUSED)").says(hop.blockers().get(0).object());
            try (Stream<Path> files = Files.list(volume)) {
                assertThat(files.map(f -> f.getFileName().toString())).as("the dump volume after dump refused")
                        .allMatch(".pghop.lock"::equals);
            }
            fixOnTheOldServer(old, hop.blockers());
        }

        inImage(hop.oldMajor(), old, target).dumpVolume(volume).run("dump").exits(0)
                .summaryStartsWith("pghop dump: OK");
        inImage(hop.newMajor(), old, target).dumpVolume(volume).run("load").exits(0)
                .summaryStartsWith("pghop load: OK");
        assertVerifyListsOnly(hop, old, target);
    }

    /** One blocker per kind, with how many objects; each object named with its fix. */
    private static void assertPlanNamesTheBlockers(PghopRun plan, Hop hop) {
        plan.exits(3);
        CorpusFindings.byKind(hop.blockers()).forEach((kind, objects) -> plan.says("[BLOCKER] objects the new server"
                + " refuses: " + objects.size() + " " + kind + " in the old cluster: "));
        hop.blockers().forEach(b -> plan.says(b.object() + " in database " + b.database(),
                "in database " + b.database() + ": " + b.fix()));
        assertThat(plan.output().split("\\[BLOCKER\\] objects the new server refuses: ", -1).length - 1)
                .as("blockers of objects the new server refuses")
                .isEqualTo(CorpusFindings.byKind(hop.blockers()).size());
    }

    private PghopInContainer inImage(int major, PostgresInContainer old, PostgresInContainer target) {
        return PghopInContainer.image(major, servers.network()).source(old).target(target);
    }

    /** The statements plan gave, each in its database on the old server, as a user would run them. */
    private static void fixOnTheOldServer(PostgresInContainer old, List<Blocker> blockers) {
        blockers.forEach(b -> old.execute(b.database(), b.fix()));
    }

    /** verify exits 0, or 7 with exactly the hop's true differences in its report. */
    private void assertVerifyListsOnly(Hop hop, PostgresInContainer old, PostgresInContainer target)
            throws IOException, SQLException {
        Path report = TestImages.openToContainers(Files.createDirectories(volume.resolve("verify")));
        PghopRun verify = inImage(hop.newMajor(), old, target).dumpVolume(report).run("verify");
        List<String> differences = new ArrayList<>();
        for (JsonNode d : JSON.readTree(report.resolve("verify-report.json").toFile()).path("differences")) {
            differences.add(d.path("object").asText() + ": " + d.path("what").asText());
        }
        assertThat(differences).as("verify's differences; its output:\n%s", verify.output())
                .containsExactlyInAnyOrderElementsOf(hop.trueDifferences());
        verify.exits(hop.trueDifferences().isEmpty() ? 0 : 7);
        assertThat(target.value("regression", "SELECT count(*) FROM pg_class"))
                .as("the new server holds the regression database").isNotEqualTo("0");
    }
}
