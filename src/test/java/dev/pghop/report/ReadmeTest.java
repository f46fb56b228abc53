package dev.pghop.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.pghop.config.Var;

/** README.md is the user's reference: its exit-code table and variable table must match the code. */
class ReadmeTest {
    private static final String README = read();
    private static final Set<String> ALL_COMMANDS = Set.of("plan", "dump", "load", "migrate", "verify", "passwords");
    private static final Pattern VARIABLE_ROW = Pattern.compile(
            "(?m)^\\| `([A-Z_]+)` +\\| ([^|]+)\\| ([^|]+)\\| ([^|]+)\\|$");

    @Test
    void listsEveryExitCodeWithItsMeaning() {
        for (ExitCode code : ExitCode.values()) {
            assertThat(README).as("README row for exit code " + code)
                    .containsPattern("\\| " + code.status() + " +\\| " + Pattern.quote(code.meaning()));
        }
    }

    @Test
    void documentsEveryEnvironmentVariableOnceWithItsCommandsAndDefault() {
        List<String[]> rows = variableRows();
        Map<String, Long> rowsPerName = rows.stream().collect(Collectors.groupingBy(r -> r[0], Collectors.counting()));
        assertThat(rowsPerName.keySet()).as("variables in the README's table")
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(Var.values()).map(Var::name).toList());
        assertThat(rowsPerName).as("rows per variable").allSatisfy((name, count) -> assertThat(count).isOne());

        Map<String, String[]> byName = rows.stream().collect(Collectors.toMap(r -> r[0], Function.identity()));
        for (Var var : Var.values()) {
            String[] row = byName.get(var.name());
            assertThat(commands(row[1])).as("commands that read " + var).isEqualTo(new TreeSet<>(var.commands()));
            String expectedDefault = var.defaultValue() == null ? "(none)" : "`" + var.defaultValue() + "`";
            if (var != Var.VERIFY_REPORT && var != Var.PG_BIN_DIR) { // defaults described, not a literal value
                assertThat(row[2].strip()).as("default of " + var).isEqualTo(expectedDefault);
            }
        }
    }

    /** Each row of the variables table: name, used by, default, meaning. */
    private static List<String[]> variableRows() {
        int start = README.indexOf("## Environment variables");
        assertThat(start).as("README section Environment variables").isNotNegative();
        String section = README.substring(start, README.indexOf("\n## ", start + 1));
        Matcher m = VARIABLE_ROW.matcher(section);
        List<String[]> rows = new java.util.ArrayList<>();
        while (m.find()) {
            rows.add(new String[] {m.group(1), m.group(2), m.group(3), m.group(4)});
        }
        return rows;
    }

    private static Set<String> commands(String cell) {
        String text = cell.strip();
        return new TreeSet<>(text.equals("all") ? ALL_COMMANDS : Set.of(text.split(", *")));
    }

    private static String read() {
        try {
            return Files.readString(Path.of("README.md"));
        } catch (IOException e) {
            throw new IllegalStateException("README.md must be readable from the project directory", e);
        }
    }
}
