package dev.pghop.process;

import java.util.regex.Pattern;

/**
 * Masks secrets in text pghop shows: password literals in SQL ({@code PASSWORD '...'}, as psql echoes a failing
 * ALTER ROLE) and {@code password=...} in connection strings.
 */
public final class Redaction {
    private static final Pattern SQL_PASSWORD = Pattern.compile("(?i)(PASSWORD\\s+)'(?:[^']|'')*'?");
    private static final Pattern CONNINFO_PASSWORD = Pattern.compile("(?i)(password\\s*=\\s*)('(?:[^'\\\\]|\\\\.)*'|\\S+)");

    private Redaction() {
    }

    public static String secrets(String text) {
        String masked = SQL_PASSWORD.matcher(text).replaceAll("$1'*****'");
        return CONNINFO_PASSWORD.matcher(masked).replaceAll("$1*****");
    }
}
