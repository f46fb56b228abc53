package dev.pghop.script;

/**
 * Reads one SQL identifier as pg_dump writes it: {@code "quoted ""like"" this"} or plain lower-case.
 *
 * @param name the identifier's value, unquoted
 * @param end index just past it in the text
 */
record SqlIdentifier(String name, int end) {

    /** The identifier starting at {@code from}, or null when there is none. */
    static SqlIdentifier parse(String text, int from) {
        if (from >= text.length()) {
            return null;
        }
        if (text.charAt(from) == '"') {
            StringBuilder name = new StringBuilder();
            for (int i = from + 1; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c != '"') {
                    name.append(c);
                } else if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    name.append('"');
                    i++;
                } else {
                    return new SqlIdentifier(name.toString(), i + 1);
                }
            }
            return null;
        }
        int i = from;
        while (i < text.length() && isPlain(text.charAt(i), i == from)) {
            i++;
        }
        return i == from ? null : new SqlIdentifier(text.substring(from, i), i);
    }

    private static boolean isPlain(char c, boolean first) {
        return c == '_' || (c >= 'a' && c <= 'z') || c >= 0x80 || (!first && (c == '$' || (c >= '0' && c <= '9')));
    }
}
