package dev.pghop.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.pghop.files.DurableFiles;
import dev.pghop.files.Json;
import dev.pghop.report.PghopException;
import dev.pghop.report.ResetAdvice;

/**
 * load-state.json in PGDUMP_PATH: how far a directory-format load into one new server got, so a rerun against the
 * same server (same system identifier) and the same dump goes on where the last run stopped. Rewritten atomically
 * on every change; several databases load at once, so every change is synchronized.
 */
public final class LoadState {
    private static final Logger LOG = Logger.getLogger("pghop");
    public static final String FILE = "load-state.json";
    private static final String FORMAT = "pghop-load-state/1";
    private static final String STARTED = "started";
    private static final String DONE = "done";

    private final Path file;
    private final String systemIdentifier;
    private final String dump;
    private final Set<String> preExisting;
    private final boolean resumed;
    private boolean globalsDone;
    private final Map<String, String> databases = new LinkedHashMap<>();

    private LoadState(Path file, String systemIdentifier, String dump, Set<String> preExisting, boolean resumed) {
        this.file = file;
        this.systemIdentifier = systemIdentifier;
        this.dump = dump;
        this.preExisting = Set.copyOf(preExisting);
        this.resumed = resumed;
    }

    /** The state an earlier run left in {@code dir}, if there is one; an unreadable file is an IOException. */
    static Optional<LoadState> read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonNode n = Json.read(file, FORMAT);
        Set<String> preExisting = new TreeSet<>();
        n.path("preExistingDatabases").forEach(d -> preExisting.add(d.asText()));
        LoadState state = new LoadState(file, Json.text(n, "targetSystemIdentifier", file), Json.text(n, "dump", file),
                preExisting, true);
        state.globalsDone = n.path("globalsDone").asBoolean();
        n.path("databases").properties().forEach(e -> state.databases.put(e.getKey(), e.getValue().asText()));
        return Optional.of(state);
    }

    /**
     * Goes on with the load an earlier run recorded when it was into this very server (same system identifier) and
     * of this very dump; otherwise starts afresh, and a state left for another server is moved aside by
     * {@link #begin}. The same server with another dump is refused: what it holds cannot be told apart.
     *
     * @param databasesNow the databases the new server holds now: before anything is loaded, when starting afresh
     */
    public static LoadState resumeOrStart(Path dir, String systemIdentifier, String dump, Set<String> databasesNow) {
        LoadState fresh = new LoadState(dir.resolve(FILE), systemIdentifier, dump, databasesNow, false);
        Optional<LoadState> earlier;
        try {
            earlier = read(dir);
        } catch (IOException e) {
            LOG.warnf("%s cannot be read (%s); the load starts afresh", FILE, e.getMessage());
            return fresh;
        }
        if (earlier.isEmpty()) {
            return fresh;
        }
        if (systemIdentifier == null || !systemIdentifier.equals(earlier.get().systemIdentifier)) {
            LOG.warnf("%s records a load into another server (system identifier %s; this one is %s); the load"
                    + " starts afresh", FILE, earlier.get().systemIdentifier, systemIdentifier);
            return fresh;
        }
        if (!earlier.get().dump.equals(dump)) {
            throw PghopException.refused(earlier.get().file + " records a load of another dump into this very"
                    + " server (the dump was written again since), so what the server holds cannot be told apart."
                    + " Load into a fresh new server: " + ResetAdvice.HOW + " (a fresh server has a new system"
                    + " identifier, and the load then starts afresh)");
        }
        return earlier.get();
    }

    public Path file() {
        return file;
    }

    public String systemIdentifier() {
        return systemIdentifier;
    }

    public String dump() {
        return dump;
    }

    /** Whether this state comes from an earlier run. */
    public boolean resumed() {
        return resumed;
    }

    /** The databases the new server held before this load began: loaded into, never dropped. */
    public Set<String> preExisting() {
        return preExisting;
    }

    public synchronized boolean globalsDone() {
        return globalsDone;
    }

    public synchronized boolean isDone(String database) {
        return DONE.equals(databases.get(database));
    }

    /** Started by an earlier run that stopped before it was done: it holds part of its data. */
    public synchronized boolean isStarted(String database) {
        return STARTED.equals(databases.get(database));
    }

    public synchronized List<String> doneDatabases() {
        return databases.entrySet().stream().filter(e -> DONE.equals(e.getValue())).map(Map.Entry::getKey).toList();
    }

    /** Records a fresh load; a state file left for another server or dump is moved aside first, never deleted. */
    public synchronized Optional<Path> begin(Clock clock) throws IOException {
        Optional<Path> moved = Optional.empty();
        if (!resumed && Files.exists(file)) {
            moved = Optional.of(DurableFiles.moveAside(file, DurableFiles.failedSuffix(clock)));
        }
        write();
        return moved;
    }

    public synchronized void markGlobalsDone() throws IOException {
        globalsDone = true;
        write();
    }

    public synchronized void markStarted(String database) throws IOException {
        databases.put(database, STARTED);
        write();
    }

    public synchronized void markDone(String database) throws IOException {
        databases.put(database, DONE);
        write();
    }

    private void write() throws IOException {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("format", FORMAT);
        n.put("targetSystemIdentifier", systemIdentifier);
        n.put("dump", dump);
        preExisting.stream().sorted().forEach(n.putArray("preExistingDatabases")::add);
        n.put("globalsDone", globalsDone);
        ObjectNode dbs = n.putObject("databases");
        databases.forEach(dbs::put);
        DurableFiles.writeAtomically(file, Json.MAPPER.writeValueAsBytes(n));
    }
}
