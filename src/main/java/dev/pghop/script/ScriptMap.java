package dev.pghop.script;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the parts of a pg_dumpall script lie, found while the load checks the file: the roles and other globals,
 * then each database's section, and in each the run of table data (COPY blocks) between its schema and its
 * indexes. Every part holds statements psql reads alone: a database's section runs in a session of its own, and its
 * table data in several, each after the database's opening settings (see {@link LoadPieces}).
 * <p>
 * Offsets are bytes into the file, lines its line numbers (the first is 1). Built by a {@link DumpFilter} that only
 * sees what psql reads as statements, so no text inside a function body, a literal or COPY data can move a border.
 */
public final class ScriptMap {
    /** Bytes {@code [from, to)} of the file, starting on line {@code line}. */
    public record Range(long from, long to, long line) {
        public long bytes() {
            return to - from;
        }
    }

    /**
     * One COPY block of table data.
     *
     * @param entry where its "-- Data for Name:" header block starts, on line {@code entryLine}
     * @param statement the {@code COPY ... FROM stdin;} statement, up to the data
     * @param data the rows, up to the closing "\." line
     * @param end just past the closing line, which is line {@code endLine}
     */
    public record Copy(long entry, long entryLine, Range statement, Range data, long end, long endLine) {
    }

    /**
     * One database's section of the script.
     *
     * @param name as pg_dumpall's header names it
     * @param whole the section, from pg_dumpall's "-- Database" header up to the next one
     * @param opening from its {@code \connect} up to its first object: the session settings (and restrict key) a
     *        session needs before any statement of this database; null when the section has none
     * @param tableData the run of table data, header blocks included; null when there is none
     * @param restLine the line {@code tableData} ends on, where the rest of the section begins
     * @param copies the COPY blocks in {@code tableData}, in order
     * @param schemaSettings the last of each {@code SET name = ...;} of the schema before the table data (pg_dump
     *        sets default_tablespace once for all the objects that follow): a session running the rest of the section
     *        needs them
     */
    public record Database(String name, Range whole, Range opening, Range tableData, long restLine, List<Copy> copies,
            List<String> schemaSettings) {
    }

    private final Range globals;
    private final List<Database> databases;

    private ScriptMap(Range globals, List<Database> databases) {
        this.globals = globals;
        this.databases = List.copyOf(databases);
    }

    /** What comes before the first database: the roles, tablespaces and their settings; the whole script if none. */
    public Range globals() {
        return globals;
    }

    public List<Database> databases() {
        return databases;
    }

    /** Maps a whole pg_dumpall script, read from its first byte to its last. */
    public static ScriptMap of(InputStream script) throws IOException {
        DumpFilter mapping = DumpFilter.mapping();
        mapping.filter(script, OutputStream.nullOutputStream());
        return mapping.map();
    }

    /** Collects the borders a {@link DumpFilter} reports while it reads a script from its first byte. */
    static final class Builder {
        private static final Pattern DATABASE_HEADER = Pattern.compile("^-- Database \"(.*)\" dump$");
        private static final String TABLE_DATA = "; Type: TABLE DATA; ";

        private enum Run { NONE, OPEN, CLOSED }

        private final List<Database> databases = new ArrayList<>();
        private long globalsEnd = -1;
        private String name;
        private long start;
        private long startLine;
        private long connect = -1;
        private long connectLine;
        private Range opening;
        private Run run;
        private long runStart;
        private long runLine;
        private List<Copy> copies;
        private long entry;
        private long entryLine;
        private Range statement;
        private Range tableData;
        private long restLine;
        private final java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();

        /** A comment line at the top level, with where its header block (a "--" line above it) starts. */
        void comment(long blockStart, long blockLine, String text) {
            Matcher database = DATABASE_HEADER.matcher(text);
            if (database.matches()) {
                closeDatabase(blockStart, blockLine);
                name = database.group(1);
                start = blockStart;
                startLine = blockLine;
                connect = -1;
                opening = null;
                run = Run.NONE;
                copies = new ArrayList<>();
                settings.clear();
                return;
            }
            if (name == null) {
                return;
            }
            boolean object = text.startsWith("-- Name: ") || text.startsWith("-- Data for Name: ");
            if (object && connect >= 0 && opening == null) {
                opening = new Range(connect, blockStart, connectLine);
            }
            boolean tableData = text.startsWith("-- Data for Name: ") && text.contains(TABLE_DATA);
            if (tableData && run == Run.NONE && opening != null) {
                run = Run.OPEN;
                runStart = blockStart;
                runLine = blockLine;
            }
            if (tableData && run == Run.OPEN) {
                entry = blockStart;
                entryLine = blockLine;
            } else {
                closeRun(blockStart, blockLine);
            }
        }

        /** A {@code \connect} line at the top level. */
        void connect(long offset, long line) {
            if (name != null && connect < 0) {
                connect = offset;
                connectLine = line;
            }
            statement(offset, line);
        }

        /** Any other line at the top level that is not blank: a statement or a meta-command. */
        void statement(long offset, long line) {
            closeRun(offset, line);
        }

        /** A one-line {@code SET name = value;} at the top level. */
        void setting(long offset, long line, String text) {
            statement(offset, line);
            if (name != null && opening != null && run == Run.NONE) {
                int equals = text.indexOf(" = ");
                settings.put(equals > 0 ? text.substring(0, equals) : text, text);
            }
        }

        /** A COPY ... FROM stdin statement ending on {@code line}: its rows begin at {@code dataFrom}. */
        void copyStart(long offset, long dataFrom, long line) {
            if (run == Run.OPEN) {
                statement = new Range(offset, dataFrom, line);
            } else if (name != null) {
                closeRun(offset, line);
            }
        }

        /** The closing "\." line of COPY data, line {@code line}, at {@code offset}, up to {@code after}. */
        void copyEnd(long offset, long after, long line) {
            if (run == Run.OPEN && statement != null) {
                copies.add(new Copy(entry, entryLine, statement, new Range(statement.to(), offset,
                        statement.line() + 1), after, line + 1));
                statement = null;
            }
        }

        ScriptMap end(long size, long line) {
            closeDatabase(size, line);
            return new ScriptMap(new Range(0, globalsEnd < 0 ? size : globalsEnd, 1), databases);
        }

        private void closeRun(long offset, long line) {
            if (run == Run.OPEN) {
                run = Run.CLOSED;
                // A COPY statement whose data never closed stays outside, with the rest.
                tableData = new Range(runStart, statement != null ? statement.from() : offset, runLine);
                restLine = statement != null ? statement.line() : line;
                statement = null;
            }
        }

        private void closeDatabase(long offset, long line) {
            if (name == null) {
                if (globalsEnd < 0) {
                    globalsEnd = offset;
                }
                return;
            }
            closeRun(offset, line);
            Range data = tableData;
            List<Copy> inData = data == null ? List.of()
                    : copies.stream().filter(c -> c.end() <= data.to()).toList();
            databases.add(new Database(name, new Range(start, offset, startLine), opening, data, restLine, inData,
                    List.copyOf(settings.values())));
            tableData = null;
            name = null;
        }
    }
}
