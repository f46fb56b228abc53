package dev.pghop.verify;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.pghop.config.VerifyMode;
import dev.pghop.postgres.Endpoint;
import dev.pghop.report.PghopException;
import dev.pghop.report.Progress;
import dev.pghop.report.Sizes;

/**
 * The rows of every table of one cluster, counted and (in checksums mode) hashed, as {@link TableChecksum} does for
 * verify: for an in-place upgrade, which reads the old cluster before the transfer and the new one after it, and
 * compares the two. {@code jobs} tables at a time, largest first, with a progress line and an ETA.
 */
final class TableRows {
    private TableRows() {
    }

    /** One table to read: its database and entry. */
    private record Job(String database, TableList.Entry table) {
    }

    /** By database, then by table object, what was read. */
    static Map<String, Map<String, TableChecksum>> read(Endpoint endpoint, List<String> databases, VerifyMode mode,
            int jobs, Duration interval, String what) throws InterruptedException {
        List<Job> all = new ArrayList<>();
        for (String database : databases) {
            try (Connection session = VerifySessions.open(endpoint, database)) {
                TableList.read(session).values().forEach(t -> all.add(new Job(database, t)));
            } catch (SQLException e) {
                throw PghopException.connectionFailed("while listing the tables of database " + database + " in "
                        + what + ": " + e.getMessage(), e);
            }
        }
        List<Job> largestFirst = all.stream().sorted(Comparator.comparingLong((Job j) -> j.table().bytes())
                .reversed()).toList();
        long total = largestFirst.stream().mapToLong(j -> j.table().bytes()).sum();
        AtomicLong done = new AtomicLong();
        AtomicInteger tables = new AtomicInteger();
        Map<String, Map<String, TableChecksum>> found = new TreeMap<>();
        databases.forEach(d -> found.put(d, new TreeMap<>()));
        ExecutorService workers = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, "pghop-rows");
            t.setDaemon(true);
            return t;
        });
        try (SessionPool pool = new SessionPool(endpoint, jobs);
                Progress progress = Progress.start("rows of " + what + " (" + mode + ")", done::get, total, interval,
                        () -> tables.get() + " of " + largestFirst.size() + " tables")) {
            List<Future<TableChecksum>> pending = new ArrayList<>();
            for (Job job : largestFirst) {
                pending.add(workers.submit(() -> {
                    TableChecksum result = read(pool, job, mode, what);
                    done.addAndGet(job.table().bytes());
                    tables.incrementAndGet();
                    return result;
                }));
            }
            for (int i = 0; i < pending.size(); i++) {
                Job job = largestFirst.get(i);
                found.get(job.database()).put(job.table().object(), outcome(pending.get(i)));
            }
            return found;
        } finally {
            workers.shutdownNow();
        }
    }

    private static TableChecksum read(SessionPool pool, Job job, VerifyMode mode, String what) {
        Connection session = pool.borrow(job.database());
        try {
            TableChecksum result = TableChecksum.read(session, job.table(), mode);
            pool.giveBack(job.database(), session);
            return result;
        } catch (SQLException e) {
            try {
                session.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw PghopException.connectionFailed("while reading the rows of " + job.table().object()
                    + " in database " + job.database() + " of " + what + " (" + Sizes.bytes(job.table().bytes())
                    + "): " + e.getMessage(), e);
        }
    }

    private static TableChecksum outcome(Future<TableChecksum> task) throws InterruptedException {
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof PghopException p) {
                throw p;
            }
            throw PghopException.internal("while reading table rows: " + e.getCause(), e.getCause());
        }
    }
}
