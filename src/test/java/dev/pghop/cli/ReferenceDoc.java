package dev.pghop.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.pghop.config.Var;
import dev.pghop.report.ExitCode;
import picocli.CommandLine;

/**
 * The generated part of docs/reference.md, rendered from the code that pghop itself prints from: every variable from
 * {@link Var}, every exit code from {@link ExitCode}, and each command's --help as the command line shows it.
 * {@link ReferenceDocTest} keeps the file equal to it.
 */
final class ReferenceDoc {
    static final String BEGIN = "<!-- generated from the code: do not edit between these lines; regenerate with"
            + " bin/update-reference -->";
    static final String END = "<!-- end of the generated part -->";
    private static final List<String> COMMANDS = List.of("plan", "dump", "load", "migrate", "verify", "passwords",
            "upgrade");

    private ReferenceDoc() {
    }

    static String render() {
        StringBuilder out = new StringBuilder(BEGIN).append("\n\n");
        variables(out);
        notes(out);
        exitCodes(out);
        help(out);
        return out.append(END).append('\n').toString();
    }

    private static void variables(StringBuilder out) {
        out.append("## Environment variables\n\n")
                .append("\"all\" means every command: ").append(COMMANDS.stream().map(c -> "`" + c + "`")
                        .collect(Collectors.joining(", "))).append(".\n\n")
                .append("| Variable | Used by | Default | Meaning |\n|---|---|---|---|\n");
        for (Var var : Var.values()) {
            String usedBy = Set.copyOf(var.commands()).equals(Set.copyOf(COMMANDS)) ? "all"
                    : COMMANDS.stream().filter(var::usedBy).collect(Collectors.joining(", "));
            out.append("| `").append(var.name()).append("` | ").append(usedBy).append(" | ")
                    .append(defaultOf(var)).append(" | ").append(cell(var.purpose())).append(" |\n");
        }
        out.append('\n');
    }

    /** What a command does of its own with a variable, as its --help says it. */
    private static void notes(StringBuilder out) {
        out.append("### What each command does with them\n\n");
        for (Var var : Var.values()) {
            Map<String, String> notes = new TreeMap<>();
            var.notedCommands().forEach(c -> notes.put(c, var.purposeIn(c).substring(var.purpose().length() + 2)));
            if (!notes.isEmpty()) {
                out.append("* `").append(var.name()).append("`:\n");
                COMMANDS.stream().filter(notes::containsKey).forEach(c -> out.append("  * `").append(c).append("`: ")
                        .append(notes.get(c)).append('\n'));
            }
        }
        out.append('\n');
    }

    private static void exitCodes(StringBuilder out) {
        out.append("## Exit codes\n\n| Code | Meaning |\n|---|---|\n");
        Arrays.stream(ExitCode.values()).forEach(code -> out.append("| ").append(code.status()).append(" | ")
                .append(cell(code.meaning())).append(" |\n"));
        out.append('\n');
    }

    private static void help(StringBuilder out) {
        CommandLine cli = CommandLineSetup.withHelpFooters(new CommandLine(new PghopCommand()));
        out.append("## Each command's --help\n\n```\n").append(cli.getUsageMessage()).append("```\n\n");
        for (String command : COMMANDS) {
            out.append("### pghop ").append(command).append("\n\n```\n")
                    .append(cli.getSubcommands().get(command).getUsageMessage()).append("```\n\n");
        }
    }

    private static String defaultOf(Var var) {
        if (var.defaultValue() == null) {
            return "(none)";
        }
        return var.defaultValue().matches("[A-Z_]+") ? "`" + var.defaultValue() + "`'s value"
                : "`" + var.defaultValue() + "`";
    }

    /** Text for a table cell: a pipe would end the cell. */
    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
