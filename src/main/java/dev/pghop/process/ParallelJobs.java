package dev.pghop.process;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs jobs (one database each) up to N at once, in the order given. The first failure stops the others: their
 * threads are interrupted, which ends the client programs they wait for, and that failure is rethrown.
 */
public final class ParallelJobs {
    private ParallelJobs() {
    }

    /** One job; it may fail with the IOException of the client program it ran. */
    @FunctionalInterface
    public interface Job<T> {
        T run() throws IOException, InterruptedException;
    }

    /** Returns the jobs' results in the order they finished. */
    public static <T> List<T> run(String threadName, int atOnce, List<? extends Job<T>> jobs)
            throws IOException, InterruptedException {
        if (jobs.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(atOnce, jobs.size()), r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        try {
            CompletionService<T> done = new ExecutorCompletionService<>(pool);
            jobs.forEach(job -> done.submit(job::run));
            List<T> results = new ArrayList<>();
            for (int i = 0; i < jobs.size(); i++) {
                results.add(await(done.take()));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> T await(Future<T> f) throws IOException, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause().getMessage(), e.getCause());
        }
    }
}
