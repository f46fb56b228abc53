package dev.pghop.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Streams a SQL script (pg_dumpall's, or one database's pg_dump) to psql, applying {@link LoadRules} to the few
 * statement lines they concern. Works on bytes with one fixed buffer: COPY data and long lines pass through
 * untouched and undecoded, so memory stays flat and the cost stays a memory copy, whatever the script's size.
 * <p>
 * On the way it counts lines, remembers where the last statements began (so a psql error at line N can be shown
 * with its statement, even for a stream that is not a file) and follows the script's phases for progress lines.
 */
public final class DumpFilter {
    private static final int BUFFER = 1 << 20;
    /** A line at least this long is judged by its start; shorter ones are read whole first. */
    private static final int HEAD = 64;
    private static final byte[][] WATCHED = {
        ascii("COPY "), ascii("\\connect "), ascii("\\restrict "), ascii("\\unrestrict "), ascii("CREATE ROLE "),
        ascii("ALTER ROLE "), ascii("CREATE DATABASE "), ascii("-- Name: "), ascii("-- Data for Name: "), ascii("GRANT "),
        ascii("ALTER TABLE ONLY ")};

    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0a0a0a0a0a0a0a0aL;
    private static final long LOW_BITS = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private final LoadRules rules;
    private final StatementStarts starts = new StatementStarts();
    private final ScriptPhases phases = new ScriptPhases();
    private volatile long bytesRead;
    private long line = 1;
    private boolean inCopy;
    private boolean inGlobals;
    private boolean databaseHeader;
    private boolean afterBoundary = true;

    private DumpFilter(LoadRules rules, boolean startsWithGlobals) {
        this.rules = rules;
        this.inGlobals = startsWithGlobals;
    }

    /** For a pg_dumpall script: roles and other globals first, then each database after its \connect. */
    public static DumpFilter forCluster(LoadRules rules) {
        return new DumpFilter(rules, true);
    }

    /** For one database's pg_dump script, which holds no roles section. */
    public static DumpFilter forDatabase(LoadRules rules) {
        return new DumpFilter(rules, false);
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
        return starts.before(errorLine);
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
                int newline = indexOfNewline(buf, pos, end);
                if (passing) {
                    int stop = newline < 0 ? end : newline + 1;
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
                        noteStart(buf, pos, end);
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
            line(buf, 0, end, out);
        }
        out.flush();
        phases.finish();
    }

    private void line(byte[] buf, int from, int to, OutputStream out) throws IOException {
        if (inCopy) {
            inCopy = !endsCopy(buf, from, to);
            out.write(buf, from, to - from);
            return;
        }
        noteStart(buf, from, to);
        if (!watched(buf, from, to)) {
            out.write(buf, from, to - from);
            return;
        }
        String text = new String(buf, from, to - from, StandardCharsets.UTF_8).stripTrailing();
        if (text.startsWith("COPY ") && text.endsWith(" FROM stdin;")) {
            inCopy = true;
            phases.enterData();
        } else if (text.startsWith("\\connect ")) {
            inGlobals = false;
            phases.nextDatabase();
        } else if (text.startsWith("-- Name: ")) {
            databaseHeader = text.contains("; Type: DATABASE;");
            phases.header(text);
        } else if (text.startsWith("-- Data for Name: ")) {
            phases.enterData();
        }
        byte[] replacement = rules.rewrite(text, inGlobals, databaseHeader);
        if (replacement == null) {
            out.write(buf, from, to - from);
        } else {
            out.write(replacement);
        }
    }

    /**
     * Remembers the line as a statement start when it follows a blank or comment line (pg_dump's layout), or as the
     * continuation of the statement begun before.
     */
    private void noteStart(byte[] buf, int from, int to) {
        boolean boundary = buf[from] == '\n' || buf[from] == '\r' || (to - from > 1 && buf[from] == '-'
                && buf[from + 1] == '-');
        if (afterBoundary && !boundary) {
            starts.add(line, buf, from, to);
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
