package dev.pghop.migrate;

import java.util.List;

/**
 * The settings both ends of a table's COPY pipe run with: those pg_dump gives its own sessions and writes at the top
 * of its scripts, so that a value is printed on the old server exactly as the new server reads it back, whatever the
 * servers', databases' or roles' own settings are.
 * <ul>
 * <li>{@code search_path} empty: a name printed for an object (a regclass, regproc, regtype, ... value) is always
 * schema-qualified, and read back in the same schema;</li>
 * <li>{@code client_encoding} the database's own: text goes through with no conversion on the way;</li>
 * <li>dates, intervals and floats in the forms that read back exactly; money in the C locale, whose digits both
 * sides agree on; XML as content, which takes what the old server stored.</li>
 * </ul>
 */
final class PipeSessionSettings {
    private PipeSessionSettings() {
    }

    /** @param encoding the database's encoding, as pg_encoding_to_char names it (UTF8, LATIN1, ...) */
    static List<String> statements(String encoding) {
        return List.of("SET client_encoding = '" + encoding.replace("'", "''") + "'",
                // No schema at all (a SELECT of set_config, as pg_dump does, would print into the pipe).
                "SET search_path = ''",
                "SET DateStyle = ISO", "SET IntervalStyle = postgres", "SET extra_float_digits = 3",
                "SET standard_conforming_strings = on", "SET xmloption = content", "SET lc_monetary = 'C'",
                "SET statement_timeout = 0");
    }
}
