package dev.pghop.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.pghop.process.Redaction;

/**
 * Explains a stopped load: which line of the dump psql stopped at, how that statement starts, and what the server
 * said. Password literals are masked in everything it quotes.
 */
public record LoadFailure(long line, long statementLine, String statementStart, String serverMessage) {
    private static final Pattern PSQL_ERROR = Pattern.compile("^psql:[^:]*:(\\d+): (ERROR|FATAL|PANIC):\\s+(.*)$");
    private static final int PREVIEW = 160;

    /** Reads psql's stderr tail; null when it holds no located error (the caller then quotes the tail). */
    public static LoadFailure from(List<String> stderrTail, Path dump) throws IOException {
        for (int i = 0; i < stderrTail.size(); i++) {
            Matcher m = PSQL_ERROR.matcher(stderrTail.get(i));
            if (m.matches()) {
                long line = Long.parseLong(m.group(1));
                StringBuilder message = new StringBuilder(m.group(2)).append(": ").append(m.group(3));
                for (String more : stderrTail.subList(i + 1, stderrTail.size())) {
                    if (more.startsWith("psql:")) {
                        break;
                    }
                    message.append(" | ").append(more.strip());
                }
                return locate(dump, line, Redaction.secrets(message.toString()));
            }
        }
        return null;
    }

    /** Finds where the statement ending at {@code line} begins: after the last blank or comment line before it. */
    private static LoadFailure locate(Path dump, long line, String message) throws IOException {
        long start = line;
        StringBuilder statement = new StringBuilder();
        try (BufferedReader r = Files.newBufferedReader(dump, StandardCharsets.UTF_8)) {
            long n = 0;
            for (String text = r.readLine(); text != null && n < line; text = r.readLine()) {
                n++;
                boolean boundary = text.isBlank() || text.startsWith("--");
                if (boundary) {
                    start = n + 1;
                    statement.setLength(0);
                } else if (statement.length() < PREVIEW) {
                    statement.append(statement.isEmpty() ? "" : " ").append(text.strip());
                }
            }
        }
        String preview = Redaction.secrets(statement.toString());
        if (preview.length() > PREVIEW) {
            preview = preview.substring(0, PREVIEW) + "...";
        }
        return new LoadFailure(line, Math.min(start, line), preview, message);
    }

    public String describe() {
        return "psql stopped at line " + line + " of the dump (statement from line " + statementLine + ": "
                + statementStart + "): " + serverMessage;
    }
}
