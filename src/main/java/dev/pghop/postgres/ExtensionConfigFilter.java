package dev.pghop.postgres;

import java.util.Locale;
import java.util.Optional;

/**
 * The filter an extension registered for one of its configuration tables ({@code pg_extension_config_dump(table,
 * filter)}, kept in pg_extension.extcondition): which of the table's rows are the user's, and so copied by a dump,
 * while the extension's own scripts make the rest on the new server. pg_dump appends it to its SELECT as written,
 * normally a WHERE clause. pghop combines it with conditions of its own (a range of blocks) and compares the same
 * rows in verify, so it is read here once, its condition kept in parentheses: an OR in it must not swallow what
 * follows.
 *
 * @param text the filter as the extension wrote it; empty for every row
 */
public record ExtensionConfigFilter(String text) {
    private static final String WHERE = "where";

    /** Every row: the table was registered with an empty filter. */
    public static final ExtensionConfigFilter ALL_ROWS = new ExtensionConfigFilter("");

    public ExtensionConfigFilter {
        text = text == null ? "" : text.strip();
    }

    /** The condition alone, without its WHERE; empty when every row is kept, or the filter is no WHERE clause. */
    public Optional<String> condition() {
        if (!isWhereClause()) {
            return Optional.empty();
        }
        return Optional.of(text.substring(WHERE.length()).strip()).filter(c -> !c.isEmpty());
    }

    /** Whether the filter can be combined with other conditions: empty, or a WHERE clause. */
    public boolean combines() {
        return text.isEmpty() || isWhereClause();
    }

    /**
     * What follows {@code FROM table} to keep these rows and, where the filter allows it, also {@code more}: " WHERE
     * (filter) AND (more)". A filter that is no WHERE clause is appended as written, as pg_dump does, and cannot be
     * combined.
     *
     * @param more a further condition, or empty
     */
    public String clause(Optional<String> more) {
        if (!combines()) {
            if (more.isPresent()) {
                throw new IllegalStateException("the filter " + text + " is no WHERE clause: it cannot be combined");
            }
            return " " + text;
        }
        Optional<String> own = condition();
        if (own.isEmpty()) {
            return more.map(m -> " WHERE " + m).orElse("");
        }
        return " WHERE (" + own.get() + ")" + more.map(m -> " AND (" + m + ")").orElse("");
    }

    private boolean isWhereClause() {
        return text.length() > WHERE.length() && text.substring(0, WHERE.length()).toLowerCase(Locale.ROOT)
                .equals(WHERE) && (Character.isWhitespace(text.charAt(WHERE.length()))
                        || text.charAt(WHERE.length()) == '(');
    }
}
