package dev.pghop.script;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.LongUnaryOperator;

/**
 * Streams a SQL script (pg_dumpall's, or one database's pg_dump) to psql, applying {@link LoadRules} to the few
 * statement lines they concern. Works on bytes with one fixed buffer: COPY data and long lines pass through
 * untouched and undecoded, so memory stays flat and the cost stays a memory copy, whatever the script's size.
 * <p>
 * Only lines psql reads as statements of the script are looked at ({@link ScriptLexer}): a function body, a comment
 * or COPY data holding "CREATE ROLE" or "\connect" passes untouched.
 * <p>
 * On the way it counts lines, remembers where the last statements began (so a psql error at line N can be shown
 * with its statement, even for a stream that is not a file), follows the script's phases for progress lines and can
 * tell a {@link ScriptMap.Builder} where the script's databases and their data begin and end.
 */
public final class DumpFilter {
    private static final int BUFFER = 1 << 20;
    /** A line at least this long is judged by its start; shorter ones are read whole first. */
    private static final int HEAD = 64;
    private static final byte[][] WATCHED = {
        ascii("COPY "), ascii("\\connect "), ascii("\\restrict "), ascii("\\unrestrict "), ascii("CREATE ROLE "),
        ascii("ALTER ROLE "), ascii("CREATE DATABASE "), ascii("-- Name: "), ascii("-- Data for Name: "), ascii("GRANT "),
        ascii("ALTER TABLE ONLY ")};

    private static final byte[] CONNECT = ascii("\\connect ");
    private static final byte[] SET = ascii("SET ");
    private static final byte[] STRINGS_OFF = ascii("SET standard_conforming_strings = off;");
    private static final byte[] STRINGS_ON = ascii("SET standard_conforming_strings = on;");

    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0a0a0a0a0a0a0a0aL;
    private static final long LOW_BITS = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private final LoadRules rules;
    private final StatementStarts starts = new StatementStarts();
    private final ScriptPhases phases;
    private final ScriptLexer lexer = new ScriptLexer();
    private final LongUnaryOperator fileLine;
    private ScriptMap.Builder map;
    private ScriptMap mapped;
    private volatile long bytesRead;
    private long line = 1;
    /** Where the line being read starts in the script, and where the line before it started if it was "--". */
    private long lineOffset;
    private long dashesOffset = -1;
    private boolean inGlobals;
    private boolean databaseHeader;
    private boolean afterBoundary = true;

    private DumpFilter(LoadRules rules, boolean startsWithGlobals, String phase, LongUnaryOperator fileLine) {
        this.rules = rules;
        this.inGlobals = startsWithGlobals;
        this.phases = new ScriptPhases(phase);
        this.fileLine = fileLine;
    }

    /** For a pg_dumpall script: roles and other globals first, then each database after its \connect. */
    public static DumpFilter forCluster(LoadRules rules) {
        return new DumpFilter(rules, true, ScriptPhases.SCHEMA, LongUnaryOperator.identity());
    }

    /** For one database's pg_dump script, which holds no roles section. */
    public static DumpFilter forDatabase(LoadRules rules) {
        return new DumpFilter(rules, false, ScriptPhases.SCHEMA, LongUnaryOperator.identity());
    }

    /**
     * For a piece of a pg_dumpall script cut out by a {@link ScriptMap}: the roles section only if it starts the
     * script, its progress phase {@code phase} until the piece says otherwise, and psql's line numbers turned into
     * the dump file's by {@code fileLine}.
     */
    public static DumpFilter forPiece(LoadRules rules, boolean globals, String phase, LongUnaryOperator fileLine) {
        return new DumpFilter(rules, globals, phase, fileLine);
    }

    /** Reads a whole script only to map it ({@link #map()}): nothing is rewritten. */
    static DumpFilter mapping() {
        DumpFilter filter = new DumpFilter(null, true, ScriptPhases.SCHEMA, LongUnaryOperator.identity());
        filter.map = new ScriptMap.Builder();
        return filter;
    }

    /** The script's map, once a filter made by {@link #mapping()} has read all of it. */
    ScriptMap map() {
        return mapped;
    }

    /** Bytes consumed from the script so far; safe to read from another thread. */
    public long bytesRead() {
        return bytesRead;
    }

    public ScriptPhases phases() {
        return phases;
    }

    /** The statement that psql reported an error at {@code errorLine} in, as far as it was remembered. */
    public StatementStarts.Start statementAt(long errorLine) {
        return starts.before(fileLine(errorLine));
    }

    /** The dump file's line for line {@code psqlLine} of what this filter gave psql. */
    public long fileLine(long psqlLine) {
        return fileLine.applyAsLong(psqlLine);
    }

    public void filter(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[BUFFER];
        int end = 0;
        boolean passing = false;
        for (int n = in.read(buf, end, buf.length); n >= 0; n = in.read(buf, end, buf.length - end)) {
            end += n;
            bytesRead += n;
            int pos = 0;
            while (pos < end) {
                if (!passing && lexer.inCopyData()) {
                    int rows = rowsBeforeCopyEnd(buf, pos, end);
                    if (rows > pos) {
                        out.write(buf, pos, rows - pos);
                        pos = rows;
                        continue;
                    }
                }
                int newline = indexOfNewline(buf, pos, end);
                lineOffset = bytesRead - end + pos;
                if (passing) {
                    int stop = newline < 0 ? end : newline + 1;
                    if (!lexer.inCopyData()) {
                        lexer.read(buf, pos, stop);
                    }
                    out.write(buf, pos, stop - pos);
                    pos = stop;
                    passing = newline < 0;
                    if (!passing) {
                        line++;
                    }
                } else if (newline >= 0) {
                    line(buf, pos, newline + 1, out);
                    pos = newline + 1;
                    line++;
                } else {
                    int partial = end - pos;
                    if ((partial >= HEAD && !watched(buf, pos, end)) || partial == buf.length) {
                        if (!lexer.inCopyData()) {
                            longLine(buf, pos, end);
                        }
                        out.write(buf, pos, partial);
                        pos = end;
                        passing = true;
                    }
                    break;
                }
            }
            System.arraycopy(buf, pos, buf, 0, end - pos);
            end -= pos;
        }
        if (end > 0) {
            lineOffset = bytesRead - end;
            line(buf, 0, end, out);
        }
        out.flush();
        phases.finish();
        if (map != null) {
            mapped = map.end(bytesRead, line);
        }
    }

    /**
     * Just past the whole rows of COPY data from {@code from} on, up to the first line that may close it (starting
     * with a backslash and a period) or the last newline in the buffer: they go to psql in one piece, counted but not
     * looked at one by one, as most of a dump is such rows.
     */
    private int rowsBeforeCopyEnd(byte[] buf, int from, int to) {
        int p = from;
        while (p < to && !(buf[p] == '\\' && (p + 1 >= to || buf[p + 1] == '.'))) {
            int newline = indexOfNewline(buf, p, to);
            if (newline < 0) {
                break;
            }
            p = newline + 1;
            line++;
        }
        return p;
    }

    /** The start of a line too long to hold: read as a statement line that is neither watched nor a header. */
    private void longLine(byte[] buf, int from, int to) {
        boolean top = lexer.atTopLevel();
        noteStart(buf, from, to, top);
        lexer.read(buf, from, to);
        if (top && map != null) {
            map.statement(lineOffset, line);
        }
        dashesOffset = -1;
    }

    private void line(byte[] buf, int from, int to, OutputStream out) throws IOException {
        if (lexer.inCopyData()) {
            if (endsCopy(buf, from, to)) {
                lexer.endCopyData();
                if (map != null) {
                    map.copyEnd(lineOffset, lineOffset + (to - from), line);
                }
            }
            out.write(buf, from, to - from);
            return;
        }
        boolean top = lexer.atTopLevel();
        noteStart(buf, from, to, top);
        if (top) {
            if (startsWith(buf, from, to, STRINGS_OFF)) {
                lexer.standardStrings(false);
            } else if (startsWith(buf, from, to, STRINGS_ON)) {
                lexer.standardStrings(true);
            }
        }
        lexer.read(buf, from, to);
        if (lexer.inCopyData()) {
            phases.enterData();
            if (map != null) {
                map.copyStart(lineOffset, lineOffset + (to - from), line);
            }
        } else if (top && map != null) {
            mapLine(buf, from, to);
        }
        boolean dashes = top && isDashes(buf, from, to);
        if (!top || !watched(buf, from, to)) {
            dashesOffset = dashes ? lineOffset : -1;
            out.write(buf, from, to - from);
            return;
        }
        String text = new String(buf, from, to - from, StandardCharsets.UTF_8).stripTrailing();
        if (text.startsWith("\\connect ")) {
            inGlobals = false;
            phases.nextDatabase();
        } else if (text.startsWith("-- Name: ")) {
            databaseHeader = text.contains("; Type: DATABASE;");
            phases.header(text);
        } else if (text.startsWith("-- Data for Name: ")) {
            phases.enterData();
        }
        dashesOffset = -1;
        if (rules == null) {
            out.write(buf, from, to - from);
            return;
        }
        byte[] replacement = rules.rewrite(text, inGlobals, databaseHeader);
        if (replacement == null) {
            out.write(buf, from, to - from);
        } else {
            out.write(replacement);
        }
    }

    /** Tells the map about a line at the top level: a comment (a header), a \\connect, or a statement. */
    private void mapLine(byte[] buf, int from, int to) {
        if (buf[from] == '\n' || (buf[from] == '\r' && to - from <= 2)) {
            return;
        }
        if (isDashes(buf, from, to)) {
            return;
        }
        long blockStart = dashesOffset >= 0 ? dashesOffset : lineOffset;
        if (to - from > 3 && buf[from] == '-' && buf[from + 1] == '-' && buf[from + 2] == ' ') {
            map.comment(blockStart, line - (dashesOffset >= 0 ? 1 : 0),
                    new String(buf, from, to - from, StandardCharsets.UTF_8).stripTrailing());
        } else if (startsWith(buf, from, to, CONNECT)) {
            map.connect(lineOffset, line);
        } else if (startsWith(buf, from, to, SET) && buf[to - 1] == '\n' && to - from < 1024) {
            String text = new String(buf, from, to - from, StandardCharsets.UTF_8).stripTrailing();
            if (text.endsWith(";")) {
                map.setting(lineOffset, line, text);
            } else {
                map.statement(lineOffset, line);
            }
        } else if (!(buf[from] == '-' && to - from > 1 && buf[from + 1] == '-')) {
            map.statement(lineOffset, line);
        }
    }

    private static boolean isDashes(byte[] buf, int from, int to) {
        int len = to - from;
        return len >= 2 && buf[from] == '-' && buf[from + 1] == '-'
                && (len == 2 || (len == 3 && buf[from + 2] == '\n') || (len == 4 && buf[from + 2] == '\r'));
    }

    private static boolean startsWith(byte[] buf, int from, int to, byte[] prefix) {
        return to - from >= prefix.length && Arrays.equals(buf, from, from + prefix.length, prefix, 0, prefix.length);
    }

    /**
     * Remembers a line at the top level as a statement start when it follows a blank or comment line (pg_dump's
     * layout); any other line continues the statement begun before.
     */
    private void noteStart(byte[] buf, int from, int to, boolean top) {
        boolean boundary = top && (buf[from] == '\n' || buf[from] == '\r' || (to - from > 1 && buf[from] == '-'
                && buf[from + 1] == '-'));
        if (top && afterBoundary && !boundary) {
            starts.add(fileLine(line), buf, from, to);
        } else if (!boundary) {
            starts.extend(buf, from, to);
        }
        afterBoundary = boundary;
    }

    /** The line that ends COPY data: a backslash and a period alone. */
    private static boolean endsCopy(byte[] buf, int from, int to) {
        int len = to - from;
        if (len < 2 || buf[from] != '\\' || buf[from + 1] != '.') {
            return false;
        }
        return len == 2 || (len == 3 && buf[from + 2] == '\n')
                || (len == 4 && buf[from + 2] == '\r' && buf[from + 3] == '\n');
    }

    /** Whether the line at {@code from} starts (or, when shorter, may yet start) with a watched statement. */
    private static boolean watched(byte[] buf, int from, int to) {
        for (byte[] prefix : WATCHED) {
            int n = Math.min(prefix.length, to - from);
            if (Arrays.equals(buf, from, from + n, prefix, 0, n)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The next '\n' in {@code buf[from, to)}, or -1. Looks at eight bytes per step (a zero-byte test on the word
     * XORed with eight newlines): COPY data is most of a dump, and this scan is pghop's only per-byte work on it.
     */
    static int indexOfNewline(byte[] buf, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long word = (long) WORDS.get(buf, i) ^ NEWLINES;
            long found = (word - LOW_BITS) & ~word & HIGH_BITS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
