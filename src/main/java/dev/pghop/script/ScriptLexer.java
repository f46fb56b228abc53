package dev.pghop.script;

/**
 * Follows a SQL script the way psql reads it, so that pghop treats a line as a statement of the dump only where psql
 * would: outside string literals, quoted identifiers, dollar-quoted bodies, comments and COPY data. A function body
 * or a comment may hold any text, "-- Data for Name:" or "\connect" included; only pg_dump's own lines start at
 * the top level.
 * <p>
 * Fed every byte outside COPY data in order, in pieces of any size; COPY data is told apart by the caller, which
 * looks for its closing line. Knows the quoting pg_dump writes: '...' (with '' inside; backslash escapes when
 * standard_conforming_strings is off), E'...', "...", $tag$...$tag$, -- and nested /* comments, and psql's
 * backslash commands, which run to the end of their line.
 */
final class ScriptLexer {
    private enum State { TOP, QUOTE, ESCAPE_QUOTE, IDENTIFIER, DOLLAR_TAG, DOLLAR_BODY, LINE_COMMENT, BLOCK_COMMENT,
        META_COMMAND }

    private static final byte[] COPY = "COPY ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] FROM_STDIN = "FROM stdin".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int MAX_TAG = 64;

    private State state = State.TOP;
    private boolean backslashQuotes;
    /** The byte before, in this state; 0 after a state change. */
    private int prev;
    /** Whether the byte before {@link #prev} belonged to a word (so an E before a quote is no escape prefix). */
    private boolean prevAfterWord;
    private boolean escaped;
    /** The quote that closed on the byte before: a second quote right after it is a doubled one inside. */
    private State closed;
    private int commentDepth;
    private final byte[] tag = new byte[MAX_TAG + 2];
    private int tagLength;
    private int closeMatched;
    /** At the top level between statements: the next non-blank byte starts one. */
    private boolean betweenStatements = true;
    private boolean statementIsCopy;
    private int copyMatched;
    private final byte[] lastBytes = new byte[FROM_STDIN.length];
    private int lastCount;
    private boolean copyAtLineEnd;
    private boolean inCopyData;

    /** Whether the line about to be read starts at the top level (and not in COPY data). */
    boolean atTopLevel() {
        return state == State.TOP && !inCopyData;
    }

    /** Whether the lines now read are the data of a COPY ... FROM stdin, up to its closing "\." line. */
    boolean inCopyData() {
        return inCopyData;
    }

    /** The closing "\." line of COPY data was read. */
    void endCopyData() {
        inCopyData = false;
        betweenStatements = true;
    }

    /** pg_dump's "SET standard_conforming_strings = off;": backslashes escape inside '...' from here on. */
    void standardStrings(boolean on) {
        backslashQuotes = !on;
    }

    /** Reads {@code buf[from, to)}, script text outside COPY data. */
    void read(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            int b = buf[i] & 0xff;
            switch (state) {
                case TOP -> top(b);
                case QUOTE, ESCAPE_QUOTE -> quoted(b, '\'');
                case IDENTIFIER -> quoted(b, '"');
                case DOLLAR_TAG -> dollarTag(b);
                case DOLLAR_BODY -> dollarBody(b);
                case LINE_COMMENT, META_COMMAND -> {
                    if (b == '\n') {
                        state = State.TOP;
                        lineEnd();
                    }
                }
                case BLOCK_COMMENT -> blockComment(b);
            }
        }
    }

    private void top(int b) {
        if (b == '\n') {
            lineEnd();
            step(b);
            return;
        }
        if (betweenStatements && !blank(b) && b != '-' && b != '/' && b != '\\') {
            betweenStatements = false;
            statementIsCopy = true;
            copyMatched = 0;
            lastCount = 0;
        }
        if (statementIsCopy && copyMatched < COPY.length) {
            statementIsCopy = b == COPY[copyMatched++];
        }
        State reopen = closed;
        closed = null;
        if (reopen != null && b == (reopen == State.IDENTIFIER ? '"' : '\'')) {
            enter(reopen);
        } else if (b == '-' && prev == '-') {
            enter(State.LINE_COMMENT);
        } else if (b == '*' && prev == '/') {
            commentDepth = 1;
            enter(State.BLOCK_COMMENT);
        } else if (b == '\'') {
            boolean prefix = (prev == 'E' || prev == 'e') && !prevAfterWord;
            enter(prefix || backslashQuotes ? State.ESCAPE_QUOTE : State.QUOTE);
        } else if (b == '"') {
            enter(State.IDENTIFIER);
        } else if (b == '$' && !wordByte(prev)) {
            tagLength = 0;
            enter(State.DOLLAR_TAG);
        } else if (b == '\\') {
            enter(State.META_COMMAND);
        } else if (b == ';') {
            if (statementIsCopy && endsWithFromStdin()) {
                copyAtLineEnd = true;
            }
            betweenStatements = true;
            statementIsCopy = false;
            step(b);
        } else {
            remember(b);
            step(b);
        }
    }

    private void quoted(int b, int quote) {
        if (escaped) {
            escaped = false;
        } else if (b == '\\' && state == State.ESCAPE_QUOTE) {
            escaped = true;
        } else if (b == quote) {
            State was = state;
            enter(State.TOP);
            closed = was;
            prev = quote; // a quote just closed: what follows is no escape prefix
            prevAfterWord = true;
        }
    }

    private void dollarTag(int b) {
        if (b == '$') {
            tag[0] = '$';
            tag[tagLength + 1] = '$';
            closeMatched = 0;
            enter(State.DOLLAR_BODY);
        } else if (tagLength < MAX_TAG && (tagLength == 0 ? wordStart(b) : wordByte(b))) {
            tag[++tagLength] = (byte) b;
        } else {
            // Not a dollar quote after all ($1, a lone $): the byte is read again at the top level.
            enter(State.TOP);
            prev = '$';
            top(b);
        }
    }

    private void dollarBody(int b) {
        int length = tagLength + 2;
        if (b == (tag[closeMatched] & 0xff)) {
            if (++closeMatched == length) {
                enter(State.TOP);
                prevAfterWord = true;
            }
        } else {
            // The tag holds no '$', so a mismatch can only restart the match at a '$'.
            closeMatched = b == '$' ? 1 : 0;
        }
    }

    private void blockComment(int b) {
        if (b == '*' && prev == '/') {
            commentDepth++;
            prev = 0;
        } else if (b == '/' && prev == '*') {
            prev = 0;
            if (--commentDepth == 0) {
                enter(State.TOP);
            }
        } else {
            prev = b;
        }
    }

    private void lineEnd() {
        if (copyAtLineEnd) {
            copyAtLineEnd = false;
            inCopyData = true;
        }
    }

    private void enter(State next) {
        state = next;
        prev = 0;
        prevAfterWord = false;
        escaped = false;
    }

    private void step(int b) {
        prevAfterWord = wordByte(prev);
        prev = b;
    }

    private void remember(int b) {
        if (statementIsCopy) {
            System.arraycopy(lastBytes, 1, lastBytes, 0, lastBytes.length - 1);
            lastBytes[lastBytes.length - 1] = (byte) b;
            lastCount++;
        }
    }

    private boolean endsWithFromStdin() {
        return lastCount >= FROM_STDIN.length && java.util.Arrays.equals(lastBytes, FROM_STDIN);
    }

    private static boolean blank(int b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    private static boolean wordStart(int b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_' || b >= 0x80;
    }

    private static boolean wordByte(int b) {
        return wordStart(b) || (b >= '0' && b <= '9') || b == '$';
    }
}
