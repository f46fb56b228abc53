package dev.pghop.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Streams a pg_dumpall script from the dump file to psql, applying {@link LoadRules} to the few statement lines
 * they concern. Works on bytes with one fixed buffer: COPY data and long lines pass through untouched and
 * undecoded, so memory stays flat and the cost stays a memory copy, whatever the dump's size or its longest line.
 */
public final class DumpFilter {
    private static final int BUFFER = 1 << 20;
    /** A line at least this long is judged by its start; shorter ones are read whole first. */
    private static final int HEAD = 64;
    private static final byte[][] WATCHED = {
        ascii("COPY "), ascii("\\connect "), ascii("\\restrict "), ascii("\\unrestrict "), ascii("CREATE ROLE "),
        ascii("ALTER ROLE "), ascii("CREATE DATABASE "), ascii("-- Name: ")};

    private final LoadRules rules;
    private volatile long bytesRead;
    private boolean inCopy;
    private boolean inGlobals = true;
    private boolean databaseHeader;

    public DumpFilter(LoadRules rules) {
        this.rules = rules;
    }

    /** Bytes consumed from the dump so far; safe to read from another thread. */
    public long bytesRead() {
        return bytesRead;
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
                } else if (newline >= 0) {
                    line(buf, pos, newline + 1, out);
                    pos = newline + 1;
                } else {
                    int partial = end - pos;
                    if ((partial >= HEAD && !watched(buf, pos, end)) || partial == buf.length) {
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
    }

    private void line(byte[] buf, int from, int to, OutputStream out) throws IOException {
        if (inCopy) {
            inCopy = !endsCopy(buf, from, to);
            out.write(buf, from, to - from);
            return;
        }
        if (!watched(buf, from, to)) {
            out.write(buf, from, to - from);
            return;
        }
        String text = new String(buf, from, to - from, StandardCharsets.UTF_8).stripTrailing();
        if (text.startsWith("COPY ") && text.endsWith(" FROM stdin;")) {
            inCopy = true;
        } else if (text.startsWith("\\connect ")) {
            inGlobals = false;
        } else if (text.startsWith("-- Name: ")) {
            databaseHeader = text.contains("; Type: DATABASE;");
        }
        byte[] replacement = rules.rewrite(text, inGlobals, databaseHeader);
        if (replacement == null) {
            out.write(buf, from, to - from);
        } else {
            out.write(replacement);
        }
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
            if (java.util.Arrays.equals(buf, from, from + n, prefix, 0, n)) {
                return true;
            }
        }
        return false;
    }

    private static int indexOfNewline(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
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
