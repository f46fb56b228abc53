package dev.pghop.script;

import java.nio.charset.StandardCharsets;

import dev.pghop.process.Redaction;

/**
 * The last few statement starts of a script (line number and first characters), so an error psql reports at line N
 * can be shown with the statement it belongs to without reading the script again, which may be a stream.
 */
public final class StatementStarts {
    /**
     * Enough to reach back past what psql has not executed yet: the filter runs up to its output buffer and the
     * pipe (about 128 KiB) ahead, which in a section of short statements (GRANTs, ALTER ... OWNER) is a few
     * thousand of them. At most about 800 KiB of previews.
     */
    private static final int KEPT = 4096;
    private static final int PREVIEW_BYTES = 200;
    private static final int PREVIEW_CHARS = 160;

    /** Where a statement began and how it starts, password literals masked. */
    public record Start(long line, String preview) {
    }

    private final long[] lines = new long[KEPT];
    private final byte[][] heads = new byte[KEPT][];
    private int next;
    private int count;

    void add(long line, byte[] buf, int from, int to) {
        int n = Math.min(to - from, PREVIEW_BYTES);
        lines[next] = line;
        heads[next] = java.util.Arrays.copyOfRange(buf, from, from + n);
        next = (next + 1) % KEPT;
        count = Math.min(count + 1, KEPT);
    }

    /** Adds a following line of the latest statement to its preview, while the preview has room. */
    void extend(byte[] buf, int from, int to) {
        if (count == 0) {
            return;
        }
        int last = (next + KEPT - 1) % KEPT;
        byte[] head = heads[last];
        int room = PREVIEW_BYTES - head.length;
        if (room > 0) {
            byte[] longer = java.util.Arrays.copyOf(head, head.length + Math.min(room, to - from));
            System.arraycopy(buf, from, longer, head.length, longer.length - head.length);
            heads[last] = longer;
        }
    }

    /** The latest start at or before {@code line}; a placeholder when it has scrolled out of memory. */
    Start before(long line) {
        Start best = null;
        for (int i = 0; i < count; i++) {
            if (lines[i] <= line && (best == null || lines[i] > best.line())) {
                best = new Start(lines[i], preview(heads[i]));
            }
        }
        return best != null ? best : new Start(line, "(statement start not kept)");
    }

    private static String preview(byte[] head) {
        String text = new String(head, StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
        text = Redaction.secrets(text);
        return text.length() > PREVIEW_CHARS ? text.substring(0, PREVIEW_CHARS) + "..." : text;
    }
}
