package dev.pghop.script;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a pg_dump script is: schema (CREATE TABLE ...), data (COPY and large objects), then indexes (indexes,
 * constraints, triggers, built after the data), with the total time each took (over every database of a pg_dumpall
 * script). Read from another thread for progress.
 */
public final class ScriptPhases {
    public static final String SCHEMA = "schema";
    public static final String DATA = "data";
    public static final String INDEXES = "indexes";

    private final Map<String, Long> nanos = new LinkedHashMap<>();
    private volatile String current;
    private long since = System.nanoTime();

    /** @param phase where the script starts: {@link #SCHEMA}, or for a piece cut from its middle, {@link #DATA} */
    ScriptPhases(String phase) {
        this.current = phase;
    }

    public String current() {
        return current;
    }

    void enterData() {
        if (current.equals(SCHEMA)) {
            switchTo(DATA);
        }
    }

    /** A "-- Name: ...; Type: INDEX;"-like header after the data means the index builds began. */
    void header(String text) {
        if (current.equals(DATA) && (text.contains("; Type: INDEX;") || text.contains("; Type: CONSTRAINT;")
                || text.contains("; Type: FK CONSTRAINT;") || text.contains("; Type: TRIGGER;"))) {
            switchTo(INDEXES);
        }
    }

    /** A pg_dumpall script moves on to the next database: its schema comes first again. */
    void nextDatabase() {
        if (!current.equals(SCHEMA)) {
            switchTo(SCHEMA);
        }
    }

    void finish() {
        switchTo(current);
    }

    private synchronized void switchTo(String phase) {
        long now = System.nanoTime();
        nanos.merge(current, now - since, Long::sum);
        since = now;
        current = phase;
    }

    /** Adds each phase's time of {@code more} to {@code total}: the pieces of a script loaded side by side. */
    public static void addTo(Map<String, Duration> total, Map<String, Duration> more) {
        more.forEach((phase, took) -> total.merge(phase, took, Duration::plus));
    }

    /** Time spent in each phase the script went through, in order. */
    public synchronized Map<String, Duration> durations() {
        Map<String, Duration> out = new LinkedHashMap<>();
        nanos.forEach((phase, n) -> out.put(phase, Duration.ofNanos(n)));
        return out;
    }
}
