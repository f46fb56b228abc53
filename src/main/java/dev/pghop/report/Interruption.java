package dev.pghop.report;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a command says when a signal stops it: SIGTERM, which Kubernetes sends when the pod is deleted or the Job's
 * activeDeadlineSeconds passes, or Ctrl-C. The JVM then runs its shutdown hooks and exits with 128 + the signal
 * (143 for SIGTERM). The hook here stops the client programs first, then writes the one-line summary to the log
 * and to the termination message, saying what the run leaves behind, so `kubectl describe pod` tells the story.
 * Files are never left half-renamed: every rename pghop makes is atomic.
 */
public final class Interruption {
    private static volatile Run running;
    private static final List<Runnable> STOP_CHILDREN = new CopyOnWriteArrayList<>();

    /** The command being run, since when, and what stopping it now would leave. */
    private record Run(String command, Path terminationLog, long startNanos, String leaves) {
    }

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Interruption::onShutdown, "pghop-interruption"));
    }

    private Interruption() {
    }

    /**
     * How what pghop started is stopped when pghop is: the client programs still running (the one subprocess
     * helper's), then the servers it started for itself. Run in the order given.
     */
    public static void stopChildrenWith(Runnable stop) {
        STOP_CHILDREN.add(stop);
    }

    /** From now until {@link #disarm()}, a shutdown means the command was interrupted. */
    public static void arm(String command, Path terminationLog, String leaves) {
        Outcome.begin();
        running = new Run(command, terminationLog, System.nanoTime(), leaves);
    }

    /** What stopping the command now would leave, as it moves on (e.g. once it has written to the new server). */
    public static void leaves(String state) {
        Run run = running;
        if (run != null) {
            running = new Run(run.command(), run.terminationLog(), run.startNanos(), state);
        }
    }

    /** Adds to what stopping the command now would leave (e.g. the write fence raised on the old server). */
    public static void alsoLeaves(String more) {
        Run run = running;
        if (run != null) {
            leaves(run.leaves() + "; " + more);
        }
    }

    /** The command returned: a shutdown from now on is the normal end. */
    public static void disarm() {
        running = null;
    }

    private static void onShutdown() {
        Run run = running;
        boolean interrupted = run != null && Outcome.claim();
        STOP_CHILDREN.forEach(Runnable::run);
        if (interrupted) {
            Outcome.interrupted(run.terminationLog(), run.command(), "stopped by a signal (SIGTERM: the pod was"
                    + " deleted or its deadline passed; or Ctrl-C) after "
                    + Sizes.duration(Duration.ofNanos(System.nanoTime() - run.startNanos()))
                    + "; its client programs were stopped; " + run.leaves());
        }
    }
}
