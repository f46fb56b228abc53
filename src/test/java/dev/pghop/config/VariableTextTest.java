package dev.pghop.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each command's help describes a variable by what that command does with it: no text meant for another command
 * ("for load, optional ...", "verify writes ...") shows in its help.
 */
class VariableTextTest {
    private static final List<String> COMMANDS = List.of("plan", "dump", "load", "migrate", "verify", "passwords");

    static Stream<String> commands() {
        return COMMANDS.stream();
    }

    @Test
    void everyNoteBelongsToACommandThatReadsTheVariable() {
        for (Var var : Var.values()) {
            assertThat(var.commands()).as("commands that read %s", var).containsAll(var.notedCommands());
        }
    }

    @ParameterizedTest(name = "pghop {0} --help")
    @MethodSource("commands")
    void aCommandsVariableTextsSpeakOfNoOtherCommand(String command) {
        String others = String.join("|", COMMANDS.stream().filter(c -> !c.equals(command)).toList());
        Pattern aboutAnother = Pattern.compile("\\b(?:for|in) (?:" + others + ")\\b[,:]|\\b(?:" + others
                + ") (?:writes|reads|expects|checks|then|runs|copies|analyzes|uses|logs)\\b");

        for (Var var : Var.values()) {
            if (var.usedBy(command)) {
                assertThat(var.purposeIn(command)).as("%s in pghop %s --help", var, command)
                        .doesNotContainPattern(aboutAnother);
            }
        }
    }

    @Test
    void migratesJobsSayThatItCopiesTablesInParallel() {
        assertThat(Var.JOBS.purposeIn("migrate")).contains("databases at once").contains("JOBS tables at once")
                .contains("pg_restore --jobs");
        assertThat(Var.ANALYZE.purposeIn("migrate")).contains("each table").doesNotContain("vacuumdb");
        assertThat(Var.PG_HOST.purposeIn("migrate")).doesNotContain("optional");
    }
}
