package dev.pghop.upgrade;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import dev.pghop.report.Progress;

/**
 * pg_upgrade's progress by phase, from the lines it prints: each phase is logged as it begins, and while it copies
 * the data files (copy and copy-file-range; a clone or a link takes seconds) a progress line with an ETA reports how
 * much of the old cluster's files the new cluster holds so far.
 */
final class TransferProgress implements Consumer<String>, AutoCloseable {
    private static final Logger LOG = Logger.getLogger("pghop");
    /** The lines that begin moving the data files. */
    private static final List<String> TRANSFER = List.of("Copying user relation files", "Cloning user relation files",
            "Linking user relation files", "Swapping data directories");

    private final Path newDir;
    private final long total;
    private final Duration interval;
    private Progress copying;

    TransferProgress(Path newDir, long total, Duration interval) {
        this.newDir = newDir;
        this.total = total;
        this.interval = interval;
    }

    @Override
    public void accept(String line) {
        String text = line.strip();
        if (copying != null && !text.isEmpty() && !text.equals("ok")) {
            copying.close();
            copying = null;
        }
        if (TRANSFER.stream().anyMatch(text::startsWith)) {
            LOG.infof("transfer: %s", text.replaceAll("\\s+ok$", ""));
            if (text.startsWith("Copying") && !text.endsWith("ok")) {
                copying = Progress.start("pg_upgrade copying the data files", this::copied, total, interval);
            }
            TestPause.at("transfer");
        }
    }

    private long copied() {
        try {
            return Trees.size(newDir.resolve("base")) + Trees.size(newDir.resolve("global"));
        } catch (IOException e) {
            return 0; // a progress line only: the copy itself reports its own failures
        }
    }

    @Override
    public void close() {
        if (copying != null) {
            copying.close();
        }
    }
}
