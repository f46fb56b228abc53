package dev.pghop.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.function.LongConsumer;

/**
 * Bytes {@code [from, to)} of the dump file, read at their own position, so that the parts of a load share one open
 * file. The file was checked and mapped before: one that ends early changed since, and says so.
 */
final class DumpRange extends InputStream {
    private final FileChannel file;
    private final long end;
    private final LongConsumer counted;
    private long position;

    /** @param counted told how many bytes each read brought (progress) */
    DumpRange(FileChannel file, long from, long to, LongConsumer counted) {
        this.file = file;
        this.position = from;
        this.end = to;
        this.counted = counted;
    }

    /** The bytes themselves: a few kB of settings or a statement, not a range to stream. */
    static byte[] read(FileChannel file, long from, long to) throws IOException {
        try (DumpRange range = new DumpRange(file, from, to, n -> { })) {
            return range.readAllBytes();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (position >= end) {
            return -1;
        }
        int n = file.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - position)), position);
        if (n < 0) {
            throw new IOException("the dump ended at byte " + position + ", before byte " + end + " that its check"
                    + " read: it changed after the check. Nothing may write to PGDUMP_PATH while a load reads it");
        }
        position += n;
        counted.accept(n);
        return n;
    }
}
