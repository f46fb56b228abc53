package dev.pghop.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.pghop.script.ScriptMap.Copy;
import dev.pghop.script.ScriptMap.Database;
import dev.pghop.script.ScriptMap.Range;
import dev.pghop.script.ScriptMap;

/**
 * Cuts a mapped pg_dumpall script into the pieces the load runs side by side, every byte of the file in exactly one
 * piece: the globals first; then each database, whose schema, table data and the rest (sequences, indexes,
 * constraints, privileges) follow each other, while other databases load beside it. A database with much table
 * data has it cut into several pieces, at COPY blocks or between two rows of one large table, each loaded in a
 * session of its own after the database's opening settings: COPY into a table without indexes or triggers (pg_dump
 * builds them after the data) does not depend on any other.
 */
final class LoadPieces {
    /** Less table data than this in a database is loaded in one session with the rest of it. */
    static final long SPLIT_FROM = 32L << 20;
    /** No piece of table data is cut smaller than this. */
    static final long PIECE_AT_LEAST = 16L << 20;
    private static final byte[] END_OF_COPY = "\\.\n".getBytes(StandardCharsets.US_ASCII);
    private static final int ROW_WINDOW = 1 << 16;

    /** What one piece is: it names its part of the script in progress lines and messages. */
    enum Kind { GLOBALS, DATABASE, SCHEMA, TABLE_DATA, REST }

    /**
     * One psql session's script: {@code prefix} (the database's opening settings, and a COPY statement when the
     * piece starts between two rows), then bytes {@code [main)} of the file, then {@code suffix}.
     *
     * @param database null for the globals, which run in the maintenance database
     * @param prefixLines the file line each line of {@code prefix} comes from
     * @param rowsOnly the main range starts between two rows: its lines are told as its COPY statement's line
     * @param waitsFor indexes of the pieces that must be done first
     * @param closesDatabase the last piece of its database: once done, the database is completely loaded
     */
    record Piece(Kind kind, String database, byte[] prefix, long[] prefixLines, Range main, boolean rowsOnly,
            long rowsLine, byte[] suffix, List<Integer> waitsFor, boolean closesDatabase) {
        /** The dump file's line for line {@code n} of this piece as psql counts it. */
        long fileLine(long n) {
            if (n <= prefixLines.length) {
                return n < 1 ? main.line() : prefixLines[(int) n - 1];
            }
            return rowsOnly ? rowsLine : main.line() + (n - prefixLines.length - 1);
        }

        /** Cut from the middle of its database's section, after its \connect: table data, or the rest. */
        boolean startsInsideItsDatabase() {
            return kind == Kind.TABLE_DATA || kind == Kind.REST;
        }

        String describe() {
            return switch (kind) {
                case GLOBALS -> "the roles and other globals";
                case DATABASE -> "database " + database;
                case SCHEMA -> "the schema of database " + database;
                case TABLE_DATA -> "table data of database " + database;
                case REST -> "the indexes, constraints and privileges of database " + database;
            };
        }
    }

    private final FileChannel file;
    private final int jobs;
    private final long splitFrom;
    private final long pieceAtLeast;
    private final List<Piece> pieces = new ArrayList<>();

    private LoadPieces(FileChannel file, int jobs, long splitFrom, long pieceAtLeast) {
        this.file = file;
        this.jobs = jobs;
        this.splitFrom = splitFrom;
        this.pieceAtLeast = pieceAtLeast;
    }

    /** The pieces of {@code map}'s script, read from {@code file}, for loading {@code jobs} at once. */
    static List<Piece> of(ScriptMap map, FileChannel file, int jobs) throws IOException {
        return of(map, file, jobs, SPLIT_FROM, PIECE_AT_LEAST);
    }

    /** As above, with table data cut from {@code splitFrom} bytes on, in pieces of at least {@code pieceAtLeast}. */
    static List<Piece> of(ScriptMap map, FileChannel file, int jobs, long splitFrom, long pieceAtLeast)
            throws IOException {
        LoadPieces plan = new LoadPieces(file, jobs, splitFrom, pieceAtLeast);
        plan.add(Kind.GLOBALS, null, new byte[0], new long[0], map.globals(), List.of(), false);
        for (Database db : map.databases()) {
            plan.database(db);
        }
        return List.copyOf(plan.pieces);
    }

    private void database(Database db) throws IOException {
        Range data = db.tableData();
        if (jobs < 2 || data == null || db.opening() == null || data.bytes() < splitFrom) {
            add(Kind.DATABASE, db.name(), new byte[0], new long[0], db.whole(), List.of(0), true);
            return;
        }
        int schema = add(Kind.SCHEMA, db.name(), new byte[0], new long[0],
                new Range(db.whole().from(), data.from(), db.whole().line()), List.of(0), false);
        byte[] opening = read(db.opening().from(), db.opening().to());
        int connectLineEnd = indexOf(opening, (byte) '\n') + 1; // the piece's psql connects to the database itself
        byte[] settings = java.util.Arrays.copyOfRange(opening, connectLineEnd, opening.length);
        long[] settingsLines = lines(settings, db.opening().line() + 1);
        List<Integer> dataPieces = new ArrayList<>();
        long target = data.bytes() / Math.max(2, Math.min(2L * jobs, data.bytes() / pieceAtLeast));
        long from = data.from();
        long fromLine = data.line();
        for (Copy copy : db.copies()) {
            long size = copy.end() - copy.entry();
            if (size > target + target / 2) {
                if (from < copy.entry()) {
                    dataPieces.add(add(Kind.TABLE_DATA, db.name(), settings, settingsLines,
                            new Range(from, copy.entry(), fromLine), List.of(schema), false));
                }
                dataPieces.addAll(splitCopy(db.name(), copy, settings, settingsLines, target, schema));
                from = copy.end();
                fromLine = copy.endLine();
            } else if (copy.end() - from >= target) {
                dataPieces.add(add(Kind.TABLE_DATA, db.name(), settings, settingsLines,
                        new Range(from, copy.end(), fromLine), List.of(schema), false));
                from = copy.end();
                fromLine = copy.endLine();
            }
        }
        long restFrom = data.to();
        long restLine = db.restLine();
        if (data.to() - from < target / 4) {
            // A few small tables after the last cut: not worth a session of their own, they open the rest.
            restFrom = from;
            restLine = fromLine;
        } else {
            dataPieces.add(add(Kind.TABLE_DATA, db.name(), settings, settingsLines, new Range(from, data.to(),
                    fromLine), List.of(schema), false));
        }
        byte[] schemaSettings = String.join("\n", db.schemaSettings()).concat(db.schemaSettings().isEmpty() ? ""
                : "\n").getBytes(StandardCharsets.UTF_8);
        long[] restPrefixLines = java.util.Arrays.copyOf(settingsLines, settingsLines.length
                + db.schemaSettings().size());
        java.util.Arrays.fill(restPrefixLines, settingsLines.length, restPrefixLines.length, restLine);
        dataPieces.add(schema);
        add(Kind.REST, db.name(), concat(settings, schemaSettings), restPrefixLines, new Range(restFrom,
                db.whole().to(), restLine), dataPieces, true);
    }

    /** One large COPY block cut between rows: in text format every row ends with the block's only raw newlines. */
    private List<Integer> splitCopy(String database, Copy copy, byte[] settings, long[] settingsLines, long target,
            int schema) throws IOException {
        byte[] statement = read(copy.statement().from(), copy.statement().to());
        byte[] prefix = concat(settings, statement);
        long[] prefixLines = java.util.Arrays.copyOf(settingsLines, settingsLines.length + 1);
        prefixLines[settingsLines.length] = copy.statement().line();
        List<Long> cuts = new ArrayList<>();
        long rows = copy.data().bytes();
        int parts = (int) Math.max(2, Math.min(64, (rows + target / 2) / target));
        for (int i = 1; i < parts; i++) {
            long cut = rowStartAtOrAfter(copy.data().from() + rows * i / parts, copy.data().to());
            if (cut < copy.data().to() && (cuts.isEmpty() || cut > cuts.getLast())) {
                cuts.add(cut);
            }
        }
        List<Integer> added = new ArrayList<>();
        if (cuts.isEmpty()) {
            added.add(add(Kind.TABLE_DATA, database, settings, settingsLines, new Range(copy.entry(), copy.end(),
                    copy.entryLine()), List.of(schema), false));
            return added;
        }
        added.add(pieces.size());
        pieces.add(new Piece(Kind.TABLE_DATA, database, settings, settingsLines, new Range(copy.entry(),
                cuts.getFirst(), copy.entryLine()), false, 0, END_OF_COPY, List.of(schema), false));
        for (int i = 0; i < cuts.size(); i++) {
            boolean last = i == cuts.size() - 1;
            long to = last ? copy.end() : cuts.get(i + 1);
            added.add(pieces.size());
            pieces.add(new Piece(Kind.TABLE_DATA, database, prefix, prefixLines, new Range(cuts.get(i), to, -1), true,
                    copy.statement().line(), last ? new byte[0] : END_OF_COPY, List.of(schema), false));
        }
        return added;
    }

    /** The first byte after the first newline at or after {@code at - 1}, or {@code limit}. */
    private long rowStartAtOrAfter(long at, long limit) throws IOException {
        ByteBuffer window = ByteBuffer.allocate(ROW_WINDOW);
        for (long pos = at - 1; pos < limit; ) {
            window.clear().limit((int) Math.min(ROW_WINDOW, limit - pos));
            int n = file.read(window, pos);
            if (n <= 0) {
                return limit;
            }
            for (int i = 0; i < n; i++) {
                if (window.get(i) == '\n') {
                    return pos + i + 1;
                }
            }
            pos += n;
        }
        return limit;
    }

    private int add(Kind kind, String database, byte[] prefix, long[] prefixLines, Range main, List<Integer> waitsFor,
            boolean closes) {
        pieces.add(new Piece(kind, database, prefix, prefixLines, main, false, 0, new byte[0], waitsFor, closes));
        return pieces.size() - 1;
    }

    private byte[] read(long from, long to) throws IOException {
        return DumpRange.read(file, from, to);
    }

    /** The file line of each line of {@code text}, whose first line is {@code first}. */
    private static long[] lines(byte[] text, long first) {
        long[] out = new long[(int) countNewlines(text)];
        for (int i = 0; i < out.length; i++) {
            out[i] = first + i;
        }
        return out;
    }

    private static long countNewlines(byte[] text) {
        long n = 0;
        for (byte b : text) {
            if (b == '\n') {
                n++;
            }
        }
        return n;
    }

    private static int indexOf(byte[] text, byte b) {
        for (int i = 0; i < text.length; i++) {
            if (text[i] == b) {
                return i;
            }
        }
        return text.length - 1;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
