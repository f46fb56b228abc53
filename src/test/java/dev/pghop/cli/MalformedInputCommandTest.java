package dev.pghop.cli;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/**
 * Variables set but wrong: a port that is not a number, a host with a space in it. Exit 2, the summary naming the
 * variable and its value. Run in-process here and against the packaged artifact by MalformedInputCommandIT.
 */
@QuarkusMainTest
@TestProfile(MalformedInputCommandTest.Typos.class)
class MalformedInputCommandTest {

    /** Property names are the variables' (pg.port is PG_PORT): a profile cannot set environment variables. */
    public static class Typos implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "termination.log", "/dev/null",
                    "pgdump.path", System.getProperty("java.io.tmpdir"),
                    "pg.host", "127.0.0.1",
                    "pg.port", "54x2",
                    "pg.user", "admin",
                    "pg.pass", "not-used",
                    "new.pg.host", "db host");
        }
    }

    @ParameterizedTest(name = "pghop {0} with typos")
    @CsvSource(delimiter = '|', value = {
            "dump | PG_PORT is '54x2', not a port number from 1 to 65535",
            "load | NEW_PG_HOST is 'db host', which holds whitespace",
            "plan | PG_PORT is '54x2', not a port number from 1 to 65535"})
    void stopsWithExitTwoNamingTheVariableAndItsValue(String command, String message, QuarkusMainLauncher launcher) {
        CommandFailure.assertInvalidInput(launcher, command, message);
    }
}
