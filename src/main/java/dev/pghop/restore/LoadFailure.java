package dev.pghop.restore;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.pghop.process.Redaction;
import dev.pghop.script.DumpFilter;
import dev.pghop.script.StatementStarts;

/**
 * Explains a stopped load: which line of the script psql stopped at, how that statement starts, and what the server
 * said. Password literals are masked in everything it quotes.
 */
public record LoadFailure(long line, long statementLine, String statementStart, String serverMessage) {
    private static final Pattern PSQL_ERROR = Pattern.compile("^psql:[^:]*:(\\d+): (ERROR|FATAL|PANIC):\\s+(.*)$");

    /** Reads psql's stderr tail; null when it holds no located error (the caller then quotes the tail). */
    public static LoadFailure from(List<String> stderrTail, DumpFilter script) {
        for (int i = 0; i < stderrTail.size(); i++) {
            Matcher m = PSQL_ERROR.matcher(stderrTail.get(i));
            if (m.matches()) {
                long psqlLine = Long.parseLong(m.group(1));
                StringBuilder message = new StringBuilder(m.group(2)).append(": ").append(m.group(3));
                for (String more : stderrTail.subList(i + 1, stderrTail.size())) {
                    if (more.startsWith("psql:")) {
                        break;
                    }
                    message.append(" | ").append(more.strip());
                }
                StatementStarts.Start start = script.statementAt(psqlLine);
                return new LoadFailure(script.fileLine(psqlLine), start.line(), start.preview(), Redaction.secrets(message.toString()));
            }
        }
        return null;
    }

    public String describe() {
        return "psql stopped at line " + line + " of the dump (statement from line " + statementLine + ": "
                + statementStart + "): " + serverMessage;
    }
}
