package dev.pghop.migrate;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32C;

/**
 * Counts the bytes of a stream and keeps a CRC-32C of them (hardware-assisted, so nearly free), for progress and
 * for the summary's record of what crossed from the old server to the new one.
 */
final class CountingStream extends FilterInputStream {
    private final CRC32C crc = new CRC32C();
    private volatile long bytes;

    CountingStream(InputStream in) {
        super(in);
    }

    long bytes() {
        return bytes;
    }

    String crc32c() {
        return String.format("%08x", crc.getValue());
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            crc.update(b);
            bytes++;
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
            crc.update(buf, off, n);
            bytes += n;
        }
        return n;
    }
}
