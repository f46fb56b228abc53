package dev.pghop.verify;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
 * Compares the rows of every table that both servers hold: {@code jobs} tables at a time, largest first, each read
 * on the old and the new server at once. Prints a progress line every interval: tables done, bytes, rate.
 */
public final class TableVerifier {
    /** A table both servers hold, as each of them describes it. */
    public record Table(String database, TableList.Entry old, TableList.Entry fresh) {
    }

    /** What the comparison found, and how much it read. */
    public record Result(List<Difference> differences, int tables, long rows) {
    }

    private final VerifyMode mode;
    private final int jobs;
    private final Duration interval;
    private final AtomicLong bytesDone = new AtomicLong();
    private final AtomicInteger tablesDone = new AtomicInteger();
    private final AtomicLong rows = new AtomicLong();

    public TableVerifier(VerifyMode mode, int jobs, Duration interval) {
        this.mode = mode;
        this.jobs = jobs;
        this.interval = interval;
    }

    public Result run(List<Table> tables, Endpoint old, Endpoint fresh) throws InterruptedException {
        List<Table> largestFirst = tables.stream()
                .sorted(Comparator.comparingLong((Table t) -> t.old().bytes()).reversed()).toList();
        long total = largestFirst.stream().mapToLong(t -> t.old().bytes()).sum();
        ExecutorService workers = Executors.newFixedThreadPool(jobs, named("verify-table"));
        ExecutorService oldSide = Executors.newFixedThreadPool(jobs, named("verify-old"));
        try (SessionPool olds = new SessionPool(old, jobs); SessionPool news = new SessionPool(fresh, jobs);
                Progress progress = Progress.start("verify " + mode, bytesDone::get, total, interval,
                        () -> tablesDone.get() + " of " + largestFirst.size() + " tables")) {
            List<Future<List<Difference>>> pending = new ArrayList<>();
            for (Table table : largestFirst) {
                pending.add(workers.submit(() -> compare(table, olds, news, oldSide)));
            }
            List<Difference> found = new ArrayList<>();
            for (Future<List<Difference>> each : pending) {
                found.addAll(outcome(each));
            }
            return new Result(found, largestFirst.size(), rows.get());
        } finally {
            workers.shutdownNow();
            oldSide.shutdownNow();
        }
    }

    private List<Difference> compare(Table table, SessionPool olds, SessionPool news, ExecutorService oldSide) {
        CompletableFuture<TableChecksum> before = CompletableFuture.supplyAsync(
                () -> read(olds, table.database(), table.old()), oldSide);
        // An extension's configuration table: the rows the old server's filter keeps, on both sides.
        TableChecksum after = read(news, table.database(), table.fresh().filteredBy(table.old().config()));
        TableChecksum was = before.join();
        bytesDone.addAndGet(table.old().bytes());
        tablesDone.incrementAndGet();
        rows.addAndGet(was.rows());
        List<Difference> found = new ArrayList<>();
        if (was.rows() != after.rows()) {
            found.add(Difference.of(table.database(), table.old().object(), "rows", Long.toString(was.rows()),
                    Long.toString(after.rows())));
        }
        if (!Objects.equals(was.checksum(), after.checksum())) {
            found.add(Difference.of(table.database(), table.old().object(), "content checksum", was.checksum(),
                    after.checksum()));
        }
        return found;
    }

    private TableChecksum read(SessionPool pool, String database, TableList.Entry table) {
        Connection session = pool.borrow(database);
        try {
            TableChecksum result = TableChecksum.read(session, table, mode);
            pool.giveBack(database, session);
            return result;
        } catch (SQLException e) {
            closeBroken(session, e);
            throw PghopException.connectionFailed("while reading the rows of " + table.object() + " in database "
                    + database + " on the " + pool.endpoint() + " (" + Sizes.bytes(table.bytes()) + "): "
                    + e.getMessage(), e);
        }
    }

    private static List<Difference> outcome(Future<List<Difference>> task) throws InterruptedException {
        try {
            return task.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
            if (cause instanceof PghopException p) {
                throw p;
            }
            throw PghopException.internal("while comparing table rows: " + cause, cause);
        }
    }

    private static void closeBroken(Connection session, SQLException cause) {
        try {
            session.close();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
