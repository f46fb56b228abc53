package dev.pghop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pghop.config.Var;
import dev.pghop.report.ExitCode;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import picocli.CommandLine.Command;

/**
 * What a person reads before running pghop: the command list, the version, and each command's help with every
 * variable it reads and every exit code. Run in-process here and against the packaged artifact by HelpCommandIT.
 */
@QuarkusMainTest
class HelpCommandTest {

    /** The subcommands as declared on the top command, so a new command is checked without touching this test. */
    static List<String> commands() {
        return Arrays.stream(PghopCommand.class.getAnnotation(Command.class).subcommands())
                .map(sub -> sub.getAnnotation(Command.class).name()).toList();
    }

    @Test
    void topLevelHelpListsEveryCommandAndTheExitCodes(QuarkusMainLauncher launcher) {
        LaunchResult help = launcher.launch("--help");
        String transcript = LaunchTranscript.of("--help", help);

        assertThat(help.exitCode()).as(transcript).isZero();
        assertThat(commands()).as(transcript).isNotEmpty()
                .allSatisfy(command -> assertThat(help.getOutput()).as(transcript).containsPattern("(?m)^ +" + command + " "));
        assertListsTheExitCodes(help.getOutput(), transcript);
    }

    /** Picocli lists each command with the first line of its description: it must be a whole sentence. */
    @Test
    void topLevelHelpSumsUpEachCommandInAWholeSentence(QuarkusMainLauncher launcher) {
        LaunchResult help = launcher.launch("--help");
        String transcript = LaunchTranscript.of("--help", help);
        String list = help.getOutput().substring(help.getOutput().indexOf("Commands:"));
        String commands = list.substring(0, list.indexOf("\n\n") < 0 ? list.length() : list.indexOf("\n\n"));

        for (String command : commands()) {
            Matcher summary = Pattern.compile("(?m)^ +" + command + " +(.+(?:\n {4,}.+)*)").matcher(commands);
            assertThat(summary.find()).as(transcript).isTrue();
            assertThat(summary.group(1).strip()).as("summary of %s in %s", command, transcript).endsWith(".");
        }
    }

    @ParameterizedTest(name = "pghop {0} --help")
    @CsvSource({"dump, OLD", "load, NEW", "migrate, NEW", "plan, NEW"})
    void commandHelpSaysWhichMajorsImageToRunItIn(String command, String side, QuarkusMainLauncher launcher) {
        LaunchResult help = launcher.launch(command, "--help");

        assertThat(withoutSpaces(help.getOutput())).as(LaunchTranscript.of(command + " --help", help))
                .contains(withoutSpaces("Run it in the " + side + " major's image"));
    }

    @Test
    void versionIsTheProjectVersion(QuarkusMainLauncher launcher) {
        String expected = System.getProperty("pghop.version");
        LaunchResult version = launcher.launch("--version");
        String transcript = LaunchTranscript.of("--version", version);

        assertThat(expected).as("system property pghop.version, set by the build").isNotBlank();
        assertThat(version.exitCode()).as(transcript).isZero();
        assertThat(version.getOutput().strip()).as(transcript).isEqualTo("pghop " + expected);
    }

    @ParameterizedTest(name = "pghop {0} --help")
    @MethodSource("commands")
    void commandHelpListsItsVariablesAndTheExitCodes(String command, QuarkusMainLauncher launcher) {
        LaunchResult help = launcher.launch(command, "--help");
        String transcript = LaunchTranscript.of(command + " --help", help);

        assertThat(help.exitCode()).as(transcript).isZero();
        assertThat(help.getOutput()).as(transcript).contains("Usage: pghop " + command, "Environment:");
        Stream.of(Var.values()).filter(var -> var.usedBy(command)).forEach(var -> {
            assertThat(help.getOutput()).as(transcript).containsPattern("(?m)^ +" + var.name() + " +\\S");
            assertThat(withoutSpaces(help.getOutput())).as(transcript)
                    .contains(withoutSpaces(var.name() + var.purposeIn(command)));
        });
        assertListsTheExitCodes(help.getOutput(), transcript);
    }

    /** Text without its white space: help wraps lines at spaces and at some punctuation, and indents them. */
    private static String withoutSpaces(String text) {
        return text.replaceAll("\\s+", "");
    }

    private static void assertListsTheExitCodes(String output, String transcript) {
        assertThat(output).as(transcript).contains("Exit codes:");
        for (ExitCode code : ExitCode.values()) {
            assertThat(output).as(transcript)
                    .containsPattern("(?m)^ +" + code.status() + " +" + Pattern.quote(code.meaning()) + "$");
        }
    }
}
