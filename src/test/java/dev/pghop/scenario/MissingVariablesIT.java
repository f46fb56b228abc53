package dev.pghop.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Input mistakes in the Job's environment: each ends with exit 2 before any server is contacted, with a message
 * that names the variable, and leaves PGDUMP_PATH as it was. No server runs here; the port given is unused.
 */
class MissingVariablesIT {
    private static final String MISSING = "/nonexistent/pghop-test";

    @TempDir
    Path volume;

    static Stream<Arguments> dumpMistakes() {
        return Stream.of(
                mistake("PGDUMP_PATH unset", p -> p.without("PGDUMP_PATH"), "PGDUMP_PATH is not set"),
                mistake("PG_HOST unset", p -> p.without("PG_HOST"), "PG_HOST is not set"),
                mistake("PG_USER unset", p -> p.without("PG_USER"), "PG_USER is not set"),
                mistake("PG_PASS unset", p -> p.without("PG_PASS"), "PG_PASS is not set, nor is PG_PASS_FILE"),
                mistake("PG_PORT not a number", p -> p.env("PG_PORT", "abc"), "PG_PORT is 'abc', not a port number"),
                mistake("PGDUMP_PATH not a directory", p -> p.env("PGDUMP_PATH", MISSING),
                        "PGDUMP_PATH names " + MISSING + ", which is not an existing directory"),
                mistake("PG_PASS_FILE unreadable", p -> p.without("PG_PASS").env("PG_PASS_FILE", MISSING),
                        "PG_PASS_FILE names " + MISSING + ", which cannot be read"),
                mistake("PG_PASS and PG_PASS_FILE both set", p -> p.env("PG_PASS_FILE", MISSING),
                        "PG_PASS and PG_PASS_FILE are both set"),
                mistake("PG_HOST empty", p -> p.env("PG_HOST", ""), "PG_HOST is set but empty; give it a value"),
                mistake("PG_PORT empty", p -> p.env("PG_PORT", ""), "PG_PORT is set but empty; give it a value, or"
                        + " remove it to use the default (5432)"),
                mistake("PG_PORT with a space", p -> p.env("PG_PORT", " 5432"), "PG_PORT is ' 5432', with spaces"
                        + " around it; remove them"),
                mistake("a yes for a flag", p -> p.env("KEEP_SCRIPT_DUMP", "yes"), "KEEP_SCRIPT_DUMP is 'yes'; set it"
                        + " to true or false"),
                mistake("PG_PASS_FILE a directory", p -> p.without("PG_PASS").env("PG_PASS_FILE", "/tmp"),
                        "PG_PASS_FILE names /tmp, which is a directory; name the file in it that holds the password"),
                mistake("PG_PASS_FILE empty", p -> p.without("PG_PASS").env("PG_PASS_FILE", "/dev/null"),
                        "PG_PASS_FILE names /dev/null, which is empty; put the password in the file"),
                mistake("JOBS out of range", p -> p.env("JOBS", "0"), "JOBS is '0', not a whole number from 1 to"));
    }

    static Stream<Arguments> loadMistakes() {
        return Stream.of(
                mistake("NEW_PG_HOST unset", p -> p.without("NEW_PG_HOST"), "NEW_PG_HOST is not set"),
                mistake("no password at all", p -> p.without("NEW_PG_PASS"),
                        "NEW_PG_PASS is not set, nor are NEW_PG_PASS_FILE, PG_PASS and PG_PASS_FILE"),
                mistake("NEW_PG_PORT not a number", p -> p.env("NEW_PG_PORT", "54 32"),
                        "NEW_PG_PORT is '54 32', not a port number"),
                mistake("no user at all", p -> p.without("NEW_PG_USER"), "NEW_PG_USER is not set, nor is PG_USER"),
                mistake("NEW_PG_PASS_FILE unreadable", p -> p.without("NEW_PG_PASS").env("NEW_PG_PASS_FILE", MISSING),
                        "NEW_PG_PASS_FILE names " + MISSING + ", which cannot be read"),
                mistake("DUMP_FORMAT unknown", p -> p.env("DUMP_FORMAT", "tar"), "DUMP_FORMAT is 'tar'; use plain"
                        + " or directory"));
    }

    @ParameterizedTest(name = "dump with {0}")
    @MethodSource("dumpMistakes")
    void dumpRefusesInvalidInput(String mistake, UnaryOperator<Pghop> change, String message) throws IOException {
        PghopRun run = change.apply(Pghop.dump().dumpPath(volume).env("PG_HOST", "127.0.0.1")
                .env("PG_PORT", UnusedPort.find()).env("PG_USER", "admin").env("PG_PASS", "secret")).run();

        run.exits(2).summaryStartsWith("pghop dump: FAILED (exit 2, INVALID_INPUT): " + message);
        assertThat(new DumpDirectory(volume).files()).as(run.transcript()).isEmpty();
        assertThat(Path.of(MISSING)).doesNotExist();
    }

    @ParameterizedTest(name = "load with {0}")
    @MethodSource("loadMistakes")
    void loadRefusesInvalidInput(String mistake, UnaryOperator<Pghop> change, String message) throws IOException {
        PghopRun run = change.apply(Pghop.load().dumpPath(volume).env("NEW_PG_HOST", "127.0.0.1")
                .env("NEW_PG_PORT", UnusedPort.find()).env("NEW_PG_USER", "admin").env("NEW_PG_PASS", "secret")).run();

        run.exits(2).summaryStartsWith("pghop load: FAILED (exit 2, INVALID_INPUT): " + message);
        assertThat(new DumpDirectory(volume).files()).as(run.transcript()).isEmpty();
    }

    @Test
    void dumpHelpListsTheVariables() {
        Pghop.withArgs("dump", "--help").run().exits(0).says("PGDUMP_PATH", "PG_PASS_FILE", "Exit codes:");
    }

    private static Arguments mistake(String name, UnaryOperator<Pghop> change, String message) {
        return Arguments.of(name, change, message);
    }
}
