package dev.pghop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pghop.report.ExitCode;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;

/** The one way an input mistake must end: exit 2 and a summary line that names the variable and the problem. */
final class CommandFailure {
    private CommandFailure() {
    }

    static void assertInvalidInput(QuarkusMainLauncher launcher, String command, String message) {
        LaunchResult run = launcher.launch(command);
        String transcript = LaunchTranscript.of(command, run);

        assertThat(run.exitCode()).as(transcript).isEqualTo(ExitCode.INVALID_INPUT.status());
        // The log goes to stderr; in-process, Quarkus's test mode sends it to the captured stdout.
        assertThat(run.getOutput() + run.getErrorOutput()).as(transcript)
                .contains("pghop " + command + ": FAILED (exit 2, INVALID_INPUT): " + message);
    }
}
