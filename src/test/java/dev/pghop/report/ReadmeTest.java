package dev.pghop.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.pghop.config.PghopEnv.Var;

/** README.md is the user's reference: its exit-code table and variable table must match the code. */
class ReadmeTest {
    private static final String README = read();

    @Test
    void listsEveryExitCodeWithItsMeaning() {
        for (ExitCode code : ExitCode.values()) {
            assertThat(README).as("README row for exit code " + code)
                    .containsPattern("\\| " + code.status() + " +\\| " + java.util.regex.Pattern.quote(code.meaning()));
        }
    }

    @Test
    void documentsEveryEnvironmentVariable() {
        for (Var var : Var.values()) {
            assertThat(README).as("README row for " + var).contains("| `" + var.name() + "`");
        }
    }

    private static String read() {
        try {
            return Files.readString(Path.of("README.md"));
        } catch (IOException e) {
            throw new IllegalStateException("README.md must be readable from the project directory", e);
        }
    }
}
