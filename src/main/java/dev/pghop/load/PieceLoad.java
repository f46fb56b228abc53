package dev.pghop.load;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import dev.pghop.load.LoadPieces.Piece;
import dev.pghop.postgres.Endpoint;
import dev.pghop.process.PgPassFile;
import dev.pghop.process.ToolProcess;
import dev.pghop.restore.LoadFailedException;
import dev.pghop.restore.PsqlFeed;
import dev.pghop.script.DumpFilter;
import dev.pghop.script.LoadRules;
import dev.pghop.script.ScriptPhases;

/**
 * Loads the pieces of a plain dump ({@link LoadPieces}) with up to JOBS psql sessions at once, each piece as soon as
 * the pieces it waits for are done, in the dump's order otherwise. The first piece that fails stops every other
 * psql at once (a feed blocked on a full pipe included), and its failure is the load's.
 */
final class PieceLoad {
    private static final Logger LOG = Logger.getLogger("pghop");

    private final PsqlFeed feed;
    private final FileChannel file;
    private final Endpoint target;
    private final LoadRules rules;
    private final PgPassFile pass;
    private final Consumer<String> databaseLoaded;
    private final AtomicLong bytesRead = new AtomicLong();
    private final List<Piece> pieces;
    private final boolean[] taken;
    private final boolean[] done;
    private final Map<Integer, ToolProcess> running = new LinkedHashMap<>();
    private final Map<Integer, DumpFilter> active = new LinkedHashMap<>();
    private final Map<String, Duration> phases = new LinkedHashMap<>();
    private IOException failure;

    PieceLoad(PsqlFeed feed, FileChannel file, Endpoint target, LoadRules rules, PgPassFile pass, List<Piece> pieces,
            Consumer<String> databaseLoaded) {
        this.feed = feed;
        this.file = file;
        this.target = target;
        this.rules = rules;
        this.pass = pass;
        this.pieces = pieces;
        this.databaseLoaded = databaseLoaded;
        this.taken = new boolean[pieces.size()];
        this.done = new boolean[pieces.size()];
    }

    /** Bytes of the dump file handed to psql so far; safe to read from another thread. */
    long bytesRead() {
        return bytesRead.get();
    }

    /** What the sessions are loading now, for progress lines. */
    synchronized String current() {
        return active.entrySet().stream()
                .map(e -> pieces.get(e.getKey()).describe() + " (" + e.getValue().phases().current() + ")")
                .collect(Collectors.joining(", "));
    }

    /** Loads every piece, {@code jobs} at once; returns the time the sessions spent in each phase, added up. */
    Map<String, Duration> run(int jobs) throws IOException, InterruptedException {
        List<Thread> lanes = new ArrayList<>();
        for (int i = 0; i < Math.max(1, Math.min(jobs, pieces.size())); i++) {
            Thread lane = new Thread(this::lane, "pghop-load-" + (i + 1));
            lane.setDaemon(true);
            lanes.add(lane);
            lane.start();
        }
        try {
            for (Thread lane : lanes) {
                lane.join();
            }
        } catch (InterruptedException e) {
            fail(new IOException("interrupted", e));
            throw e;
        }
        synchronized (this) {
            if (failure != null) {
                throw failure;
            }
            return Collections.unmodifiableMap(new LinkedHashMap<>(phases));
        }
    }

    private void lane() {
        for (int index = next(); index >= 0; index = next()) {
            Piece piece = pieces.get(index);
            long start = System.nanoTime();
            try {
                load(index, piece);
                LOG.debugf("loaded %s (%s) in %d ms", piece.describe(), dev.pghop.report.Sizes.bytes(piece.main()
                        .bytes()), (System.nanoTime() - start) / 1_000_000);
            } catch (IOException e) {
                fail(e);
                return;
            } catch (InterruptedException e) {
                fail(new IOException("interrupted while loading " + piece.describe(), e));
                return;
            } catch (RuntimeException e) {
                fail(new IOException("while loading " + piece.describe() + ": " + e, e));
                return;
            }
            finished(index, piece);
        }
    }

    private void load(int index, Piece piece) throws IOException, InterruptedException {
        // A part cut from a database's middle connects to it itself and starts in its data.
        boolean inside = piece.startsInsideItsDatabase();
        String phase = inside ? ScriptPhases.DATA : ScriptPhases.SCHEMA;
        DumpFilter filter = DumpFilter.forPiece(rules, piece.kind() == LoadPieces.Kind.GLOBALS, phase,
                piece::fileLine);
        synchronized (this) {
            active.put(index, filter);
        }
        String database = inside ? piece.database() : "postgres";
        try (InputStream script = script(piece)) {
            feed.run(script, filter, target, database, piece.describe(), pass, psql -> started(index, psql));
        } catch (LoadFailedException e) {
            throw pieces.size() > 2 ? e.in(piece.describe()) : e;
        } finally {
            synchronized (this) {
                running.remove(index);
                active.remove(index);
                ScriptPhases.addTo(phases, filter.phases().durations());
            }
        }
    }

    private InputStream script(Piece piece) {
        return new SequenceInputStream(Collections.enumeration(List.of(new ByteArrayInputStream(piece.prefix()),
                new DumpRange(file, piece.main().from(), piece.main().to(), bytesRead::addAndGet), new ByteArrayInputStream(piece.suffix()))));
    }

    private synchronized void started(int index, ToolProcess psql) {
        running.put(index, psql);
        if (failure != null) {
            psql.close();
        }
    }

    /**
     * The next piece whose pieces are done, waiting while one may yet become so; -1 when none is left. Of those ready,
     * a database's last piece (its index builds, the longest wait at the end) goes first, then the pieces that let
     * more begin (the globals, a database's schema with its CREATE DATABASE), then the rest in the dump's order.
     */
    private synchronized int next() {
        while (failure == null) {
            int best = -1;
            boolean left = false;
            for (int i = 0; i < pieces.size(); i++) {
                if (!taken[i]) {
                    left = true;
                    if (pieces.get(i).waitsFor().stream().allMatch(w -> done[w])
                            && (best < 0 || rank(pieces.get(i)) < rank(pieces.get(best)))) {
                        best = i;
                    }
                }
            }
            if (best >= 0) {
                taken[best] = true;
                return best;
            }
            if (!left) {
                return -1;
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
        return -1;
    }

    private static int rank(Piece piece) {
        return switch (piece.kind()) {
            case REST -> 0;
            case GLOBALS, SCHEMA -> 1;
            case DATABASE, TABLE_DATA -> 2;
        };
    }

    private void finished(int index, Piece piece) {
        synchronized (this) {
            done[index] = true;
            notifyAll();
        }
        if (piece.closesDatabase()) {
            databaseLoaded.accept(piece.database());
        }
    }

    private synchronized void fail(IOException e) {
        if (failure == null) {
            failure = e;
            running.forEach((index, psql) -> {
                LOG.infof("stopping the psql loading %s: another part of the load failed", pieces.get(index)
                        .describe());
                psql.close();
            });
        } else if (failure != e) {
            failure.addSuppressed(e);
        }
        notifyAll();
    }
}
