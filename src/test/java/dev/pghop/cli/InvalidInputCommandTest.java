package dev.pghop.cli;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/**
 * A Job started with none of its variables set: every command stops with exit 2 before contacting anything, and
 * its summary names the first variable it needs. Run in-process here and against the packaged artifact by
 * InvalidInputCommandIT.
 */
@QuarkusMainTest
@TestProfile(InvalidInputCommandTest.NothingSet.class)
class InvalidInputCommandTest {

    /** No variable of the contract; only the termination message is kept away from a real /dev/termination-log. */
    public static class NothingSet implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("termination.log", "/dev/null");
        }
    }

    @ParameterizedTest(name = "pghop {0} without variables")
    @CsvSource({
            "dump, PGDUMP_PATH is not set",
            "load, PGDUMP_PATH is not set",
            "plan, PG_HOST is not set"})
    void stopsWithExitTwoNamingTheVariable(String command, String message, QuarkusMainLauncher launcher) {
        CommandFailure.assertInvalidInput(launcher, command, message);
    }
}
