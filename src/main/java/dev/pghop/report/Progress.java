package dev.pghop.report;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

/** Prints a progress line for a long phase every few seconds: bytes done and the rate since the phase began. */
public final class Progress implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("pghop");

    private final String phase;
    private final LongSupplier bytesDone;
    private final long total;
    private final Supplier<String> detail;
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService timer;

    private Progress(String phase, LongSupplier bytesDone, long total, Supplier<String> detail, Duration interval) {
        this.phase = phase;
        this.bytesDone = bytesDone;
        this.total = total;
        this.detail = detail;
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
        return new Progress(phase, bytesDone, 0, () -> "", interval);
    }

    /** Progress of a phase of known size, with percentage and time left. */
    public static Progress start(String phase, LongSupplier bytesDone, long total, Duration interval) {
        return new Progress(phase, bytesDone, total, () -> "", interval);
    }

    /** Progress of a phase of known size, with a detail after the numbers, e.g. "12 of 40 tables". */
    public static Progress start(String phase, LongSupplier bytesDone, long total, Supplier<String> detail,
            Duration interval) {
        return new Progress(phase, bytesDone, total, () -> ", " + detail.get(), interval);
    }

    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private void report() {
        long done = bytesDone.getAsLong();
        Duration elapsed = elapsed();
        if (total <= 0) {
            LOG.infof("%s: %s so far, %s%s", phase, Sizes.bytes(done), Sizes.rate(done, elapsed), detail.get());
            return;
        }
        String left = done == 0 ? "?"
                : Sizes.duration(Duration.ofMillis((long) (elapsed.toMillis() * ((double) (total - done) / done))));
        LOG.infof("%s: %d%% (%s of %s), %s, about %s left%s", phase, done * 100 / total, Sizes.bytes(done),
                Sizes.bytes(total), Sizes.rate(done, elapsed), left, detail.get());
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
