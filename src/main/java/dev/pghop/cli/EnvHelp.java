package dev.pghop.cli;

import java.util.Arrays;

import dev.pghop.config.Var;
import dev.pghop.report.ExitCode;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.Column.Overflow;
import picocli.CommandLine.Help.TextTable;

/**
 * The "Environment" and "Exit codes" sections of --help, rendered from the one declaration of the variables and the
 * one table of exit codes, as two columns with wrapped, indented descriptions.
 */
final class EnvHelp {
    static final int WIDTH = 100;

    private EnvHelp() {
    }

    static String render(String command) {
        TextTable table = table(24);
        Arrays.stream(Var.values()).filter(v -> v.usedBy(command)).forEach(v -> table.addRowValues(v.name(),
                v.purposeIn(command) + (v.defaultValue() == null ? "" : " (default: " + v.defaultValue() + ")")));
        return "%nEnvironment:%n" + escaped(table);
    }

    static String exitCodes() {
        TextTable table = table(5);
        for (ExitCode code : ExitCode.values()) {
            table.addRowValues(String.valueOf(code.status()), code.meaning());
        }
        return "%nExit codes:%n" + escaped(table);
    }

    private static TextTable table(int firstColumn) {
        return TextTable.forColumns(Help.defaultColorScheme(Ansi.OFF), new Column(firstColumn, 2, Overflow.SPAN),
                new Column(WIDTH - firstColumn, 1, Overflow.WRAP));
    }

    /** Footers go through String.format: a literal '%' must be doubled. */
    private static String escaped(TextTable table) {
        return table.toString().replace("%", "%%");
    }
}
