package dev.pghop.upgrade;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

/**
 * A cluster's data directory as an in-place upgrade finds it on the volume, read without starting anything: which
 * major wrote it (PG_VERSION), whether a server holds it (postmaster.pid), what its control file says
 * (pg_controldata of that major), whether it is a standby, and where its WAL and tablespaces live.
 *
 * @param postmaster the process ID postmaster.pid names, when there is one
 * @param recoverySignals standby.signal and recovery.signal, those present
 * @param externalWal where pg_wal leads when it is a symbolic link to another place
 * @param tablespaces each pg_tblspc entry and where it leads
 * @param groupAccess the directory is readable by its group (initdb --allow-group-access)
 */
public record DataDirectory(Path path, int major, Optional<Long> postmaster, ControlData control,
        List<String> recoverySignals, Optional<Path> externalWal, List<Tablespace> tablespaces, boolean groupAccess) {
    private static final Logger LOG = Logger.getLogger("pghop");
    private static final Duration CONTROLDATA_BOUND = Duration.ofMinutes(1);

    /** One tablespace's directory, as pg_tblspc/&lt;oid&gt; leads to it. */
    public record Tablespace(String oid, Path location, boolean reachable) {
    }

    /** The major that wrote the directory: its PG_VERSION; empty when it holds none (no cluster there). */
    public static Optional<Integer> majorOf(Path path) throws IOException {
        Path version = path.resolve("PG_VERSION");
        if (!Files.isRegularFile(version)) {
            return Optional.empty();
        }
        String text = Files.readString(version, StandardCharsets.US_ASCII).strip();
        try {
            return Optional.of(Integer.parseInt(text.contains(".") ? text.substring(0, text.indexOf('.')) : text));
        } catch (NumberFormatException e) {
            throw new IOException(version + " holds '" + text + "', no PostgreSQL major", e);
        }
    }

    /**
     * Gives a data directory the mode PostgreSQL insists on (it refuses to start on one its group may write to),
     * as the postgres image's entrypoint does at each start: a pod's fsGroup makes every directory of its volume
     * group-writable. A directory that is 0700 or 0750 already is left as it is. Returns its mode before, when it
     * was changed.
     */
    static Optional<String> makePrivate(Path path) throws IOException {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path);
        Set<PosixFilePermission> allowed = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE);
        if (allowed.containsAll(mode)) {
            return Optional.empty();
        }
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
        LOG.infof("%s was %s, which PostgreSQL refuses (a pod's fsGroup makes a volume's directories"
                + " group-writable): made it rwx------, as the postgres image does at each start", path,
                PosixFilePermissions.toString(mode));
        return Optional.of(PosixFilePermissions.toString(mode));
    }

    /** Reads the directory with the programs of its own major. */
    static DataDirectory read(Path path, ServerPrograms programs) throws IOException, InterruptedException {
        List<String> signals = Stream.of("standby.signal", "recovery.signal")
                .filter(s -> Files.exists(path.resolve(s))).toList();
        Path wal = path.resolve("pg_wal");
        Optional<Path> externalWal = Files.isSymbolicLink(wal) ? Optional.of(wal.toRealPath()) : Optional.empty();
        boolean group = Files.getPosixFilePermissions(path).contains(PosixFilePermission.GROUP_READ);
        return new DataDirectory(path, programs.major(), postmasterPid(path), controlData(path, programs), signals,
                externalWal, tablespaces(path), group);
    }

    /** pg_controldata of the directory, by the programs of the major that wrote it. */
    static ControlData controlData(Path path, ServerPrograms programs) throws IOException, InterruptedException {
        return ControlData.parse(programs.program("pg_controldata", List.of(path.toString())).env("LC_ALL", "C")
                .output(CONTROLDATA_BOUND));
    }

    private static Optional<Long> postmasterPid(Path path) throws IOException {
        Path pid = path.resolve("postmaster.pid");
        if (!Files.isRegularFile(pid)) {
            return Optional.empty();
        }
        String first = Files.readAllLines(pid, StandardCharsets.US_ASCII).stream().findFirst().orElse("").strip();
        try {
            return Optional.of(Long.parseLong(first));
        } catch (NumberFormatException e) {
            return Optional.of(-1L);
        }
    }

    /**
     * In each tablespace the cluster in {@code clusterDir} has, the directory a major made there for itself
     * ({@code PG_<major>_<catalog version>}): the old major's, or the new one's that pg_upgrade makes beside it.
     */
    public static List<Path> tablespaceParts(Path clusterDir, int major) throws IOException {
        return partsIn(tablespaces(clusterDir), major);
    }

    /** The same for this data directory's tablespaces, as they were read. */
    public List<Path> tablespaceParts(int major) throws IOException {
        return partsIn(tablespaces, major);
    }

    private static List<Path> partsIn(List<Tablespace> spaces, int major) throws IOException {
        List<Path> parts = new ArrayList<>();
        for (Tablespace space : spaces) {
            if (!Files.isDirectory(space.location())) {
                continue;
            }
            try (Stream<Path> inside = Files.list(space.location())) {
                inside.filter(p -> p.getFileName().toString().startsWith("PG_" + major + "_")).sorted()
                        .forEach(parts::add);
            }
        }
        return parts;
    }

    private static List<Tablespace> tablespaces(Path path) throws IOException {
        Path links = path.resolve("pg_tblspc");
        List<Tablespace> found = new ArrayList<>();
        if (!Files.isDirectory(links)) {
            return found;
        }
        try (Stream<Path> entries = Files.list(links)) {
            for (Path link : entries.sorted().toList()) {
                Path location = Files.isSymbolicLink(link) ? Files.readSymbolicLink(link) : link;
                found.add(new Tablespace(link.getFileName().toString(), location, Files.isDirectory(link)
                        && Files.isWritable(link)));
            }
        }
        return found;
    }

    /** Whether the postmaster.pid names a process that runs here, in this pod's process namespace. */
    public boolean postmasterRunsHere() {
        return postmaster.filter(pid -> pid > 0 && pid != ProcessHandle.current().pid()).flatMap(ProcessHandle::of)
                .map(ProcessHandle::isAlive).orElse(false);
    }

    /** Whether the control file says the cluster is a standby, or a signal file would start it as one. */
    public boolean standby() {
        return !recoverySignals.isEmpty() || control.state().equals("shut down in recovery")
                || control.state().equals("in archive recovery");
    }
}
