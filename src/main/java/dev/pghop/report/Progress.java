package dev.pghop.report;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

/**
 * Prints a progress line for a long phase every few seconds: bytes done and the rate since the phase began. For a
 * phase whose bytes flow steadily ({@link #warnWhenStalled()}), a line says so, as a warning, when none has moved
 * for {@value #STALLED_INTERVALS} intervals (a minute with the default PROGRESS_INTERVAL): an average rate that sinks
 * slowly would hide a server that stopped answering (a lock, a full disk, a network cut).
 */
public final class Progress implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("pghop");
    static final int STALLED_INTERVALS = 12;

    private final String phase;
    private final LongSupplier bytesDone;
    private final long total;
    private final Supplier<String> detail;
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService timer;
    private final Duration stalledAfter;
    private volatile boolean watchStalls;
    private long lastDone = -1;
    private long lastMoveNanos = System.nanoTime();

    private Progress(String phase, LongSupplier bytesDone, long total, Duration interval, Supplier<String> detail) {
        this.phase = phase;
        this.bytesDone = bytesDone;
        this.total = total;
        this.detail = detail;
        this.stalledAfter = interval.multipliedBy(STALLED_INTERVALS);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pghop-progress");
            t.setDaemon(true);
            return t;
        });
        long ms = interval.toMillis();
        timer.scheduleAtFixedRate(this::report, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Progress of a phase whose size is unknown up front (a dump being written). */
    public static Progress start(String phase, LongSupplier bytesDone, Duration interval) {
        return new Progress(phase, bytesDone, 0, interval, () -> "");
    }

    /** Progress of a phase of known size, with percentage and time left. */
    public static Progress start(String phase, LongSupplier bytesDone, long total, Duration interval) {
        return new Progress(phase, bytesDone, total, interval, () -> "");
    }

    /** As above, each line ending with {@code detail} (e.g. where each database is). */
    public static Progress start(String phase, LongSupplier bytesDone, long total, Duration interval,
            Supplier<String> detail) {
        return new Progress(phase, bytesDone, total, interval, detail);
    }

    /** Warn when no byte has moved for a while: for phases whose bytes are counted as they flow. */
    public Progress warnWhenStalled() {
        watchStalls = true;
        return this;
    }

    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private void report() {
        long done = bytesDone.getAsLong();
        Duration elapsed = elapsed();
        String more = detail.get().isEmpty() ? "" : "; " + detail.get();
        long now = System.nanoTime();
        if (done != lastDone) {
            lastDone = done;
            lastMoveNanos = now;
        } else if (watchStalls && Duration.ofNanos(now - lastMoveNanos).compareTo(stalledAfter) >= 0) {
            LOG.warnf("%s: no data has moved for %d s (%s so far)%s. A server may be waiting on a lock, a full disk"
                    + " or the network: look at pg_stat_activity on both servers", phase,
                    Duration.ofNanos(now - lastMoveNanos).toSeconds(), Sizes.bytes(done), more);
            return;
        }
        if (total <= 0) {
            LOG.infof("%s: %s so far, %s%s", phase, Sizes.bytes(done), Sizes.rate(done, elapsed), more);
            return;
        }
        String left = done == 0 ? "?"
                : Sizes.duration(Duration.ofMillis((long) (elapsed.toMillis() * ((double) (total - done) / done))));
        LOG.infof("%s: %d%% (%s of about %s), %s, about %s left%s", phase, Math.min(done * 100 / total, 99),
                Sizes.bytes(done), Sizes.bytes(total), Sizes.rate(done, elapsed), done >= total ? "?" : left, more);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
