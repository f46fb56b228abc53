package dev.pghop.testing;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cleanups still owed when the JVM exits (a crashed or aborted test run): each test server's work directory maps to
 * what stops and deletes it. Without this an aborted run leaves postmasters running and data directories behind.
 */
final class CloseOnExit {

    private static final Map<Path, Runnable> OWED = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("pghop-test-servers-cleanup")
                .unstarted(CloseOnExit::runAll));
    }

    private CloseOnExit() {
    }

    static void remember(Path workDir, Runnable cleanup) {
        OWED.put(workDir, cleanup);
    }

    static void forget(Path workDir) {
        OWED.remove(workDir);
    }

    private static void runAll() {
        OWED.forEach((workDir, cleanup) -> {
            try {
                cleanup.run();
            } catch (RuntimeException e) {
                System.err.println("pghop test harness: cleanup of " + workDir + " at JVM exit failed: " + e);
            }
        });
    }
}
