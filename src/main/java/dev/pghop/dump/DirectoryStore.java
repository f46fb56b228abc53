package dev.pghop.dump;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import dev.pghop.files.DurableFiles;

/**
 * PGDUMP_PATH in the directory format (DUMP_FORMAT=directory):
 * <pre>
 * globals.sql                  pg_dumpall --globals-only: roles, memberships, role settings
 * globals.done.json            its completion marker
 * databases/NAME/              pg_dump --format=directory of one database (NAME encoded for a file name)
 * databases/NAME.done.json     its completion marker: every file with its size and SHA-256
 * pghop-directory.json         the manifest, written last: the dump is complete
 * </pre>
 * Decides whether such a dump is complete, and names each part that cannot be trusted.
 */
public final class DirectoryStore {
    public static final String MANIFEST_FILE = "pghop-directory.json";
    public static final String GLOBALS_FILE = "globals.sql";
    public static final String DATABASES_DIR = "databases";
    private static final String DONE = ".done.json";

    private final Path dir;
    private final Clock clock;

    public DirectoryStore(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    public Path dir() {
        return dir;
    }

    public Path manifestFile() {
        return dir.resolve(MANIFEST_FILE);
    }

    public DumpPart globals() {
        return new DumpPart("globals", null, dir.resolve(GLOBALS_FILE), dir.resolve("globals" + DONE));
    }

    public DumpPart database(String name) {
        Path databases = dir.resolve(DATABASES_DIR);
        String file = directoryName(name);
        return new DumpPart("database " + name, name, databases.resolve(file), databases.resolve(file + DONE));
    }

    /**
     * A database name as a file name: letters, digits, '_' and '-' stay, every other byte of its UTF-8 becomes
     * %XX. Distinct names stay distinct, and no name can become ".", "..", a path or a hidden file.
     */
    public static String directoryName(String database) {
        StringBuilder out = new StringBuilder();
        for (byte b : database.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    /** Whether any piece of a directory-format dump is there, finished or not. */
    public boolean holdsAnyPart() {
        return Stream.of(manifestFile(), globals().content(), globals().marker(), dir.resolve(DATABASES_DIR))
                .anyMatch(Files::exists);
    }

    /** Reads the manifest and re-hashes the globals and every database it lists against their markers. */
    public DirectoryState inspect() throws IOException {
        if (!Files.exists(manifestFile())) {
            return holdsAnyPart() ? new DirectoryState.Incomplete(List.of("there is no " + MANIFEST_FILE
                    + ": the dump did not finish")) : new DirectoryState.Absent();
        }
        DirectoryManifest manifest;
        try {
            manifest = DirectoryManifest.read(manifestFile());
        } catch (IOException e) {
            return new DirectoryState.Incomplete(List.of(MANIFEST_FILE + " cannot be read (" + e.getMessage()
                    + ")"));
        }
        List<String> problems = new ArrayList<>();
        PartState globals = globals().state();
        if (globals instanceof PartState.Done done && !done.marker().files().equals(List.of(manifest.globals()))) {
            problems.add("globals: " + GLOBALS_FILE + " is not the one " + MANIFEST_FILE + " names");
        }
        problem(globals(), globals).ifPresent(problems::add);
        for (DirectoryManifest.DatabaseEntry entry : manifest.databases()) {
            DumpPart part = database(entry.name());
            problem(part, part.state()).ifPresent(problems::add);
        }
        return problems.isEmpty() ? new DirectoryState.Complete(manifest, Sha256.of(manifestFile()))
                : new DirectoryState.Incomplete(problems);
    }

    private static Optional<String> problem(DumpPart part, PartState state) {
        return switch (state) {
            case PartState.Done done -> Optional.empty();
            case PartState.Absent absent -> Optional.of(part.label() + ": " + part.content().getFileName()
                    + " is missing");
            case PartState.Untrusted untrusted -> Optional.of(part.label() + ": " + untrusted.reason());
        };
    }

    /** The suffix for what this run moves aside: {@code .failed-<UTC time>}. */
    public String failedSuffix() {
        return DurableFiles.failedSuffix(clock);
    }

    /** Moves a manifest that no longer describes what is there aside, before parts are dumped again. */
    public Optional<Path> moveAsideManifest() throws IOException {
        if (!Files.exists(manifestFile())) {
            return Optional.empty();
        }
        Path moved = DurableFiles.moveAside(manifestFile(), failedSuffix());
        DurableFiles.syncDirectory(dir);
        return Optional.of(moved);
    }

    /** Writes the manifest atomically: from this moment the dump is complete. */
    public void publish(DirectoryManifest manifest) throws IOException {
        DurableFiles.writeAtomically(manifestFile(), manifest.toJson());
    }
}
