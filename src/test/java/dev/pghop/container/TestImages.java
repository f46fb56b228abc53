package dev.pghop.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.testcontainers.images.ImagePullPolicy;
import org.testcontainers.images.PullPolicy;
import org.testcontainers.utility.DockerImageName;

import dev.pghop.testing.BoundedProcess;

/**
 * The one place that chooses the images the image tests run: the servers' postgres images, the bases the pghop
 * images are built on, and whether anything may be pulled.
 * <ul>
 * <li>{@code local} (the default): the stand-ins {@code src/test/docker/local-bases/build-local-bases.sh} makes from
 * Debian's packages, for a machine that reaches no registry. Nothing is ever pulled. Servers and client programs of
 * 13, 15, 17 and 18; servers only of 12, 14 and 16.</li>
 * <li>{@code official} ({@code PGHOP_TEST_IMAGES=official}): the official postgres and Temurin images, pulled from
 * Docker Hub; every major has its own client programs, so the blog's exact 12 → 14 runs.</li>
 * </ul>
 * The pghop images are built by the shipped {@code src/main/docker/build-images.sh --jvm} on those bases.
 */
final class TestImages {
    static final String MODE_VARIABLE = "PGHOP_TEST_IMAGES";
    private static final Duration BASES_LIMIT = Duration.ofMinutes(20);
    private static final Duration PGHOP_LIMIT = Duration.ofMinutes(10);
    private static final Duration CORPUS_LIMIT = Duration.ofMinutes(15);
    private static final Set<Integer> BUILT = new TreeSet<>();
    private static final Set<Integer> CORPORA = new TreeSet<>();
    private static boolean basesReady;
    private static boolean upgradesBuilt;

    private TestImages() {
    }

    static boolean official() {
        String mode = System.getenv().getOrDefault(MODE_VARIABLE, "local").toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "local", "" -> false;
            case "official" -> true;
            default -> throw new IllegalStateException(MODE_VARIABLE + "=" + mode + " is neither local nor official");
        };
    }

    static String mode() {
        return official() ? "official" : "local";
    }

    /** The majors whose image carries its own client programs, so pghop can run in it. */
    static Set<Integer> majorsWithClients() {
        return new TreeSet<>(official() ? Set.of(12, 13, 14, 15, 16, 17, 18) : Set.of(13, 15, 17, 18));
    }

    /** The postgres image a server of this major runs in. */
    static DockerImageName postgres(int major) {
        ensureLocalBases(); // whichever image test runs first on a fresh machine
        return DockerImageName.parse(baseRepository() + ":" + major).asCompatibleSubstituteFor("postgres");
    }

    /**
     * The old server of this major with PostgreSQL's regression database in its data directory, made by
     * {@code src/test/docker/regression-corpus/build-regression-corpus.sh} (a few minutes the first time, seconds
     * once its image is there; local in either mode, on the local base of that major).
     */
    static synchronized DockerImageName regressionCorpus(int major, String superuser, String password) {
        if (!CORPORA.contains(major)) {
            ensureLocalBases();
            run(List.of("env", "CORPUS_SUPERUSER=" + superuser, "CORPUS_PASSWORD=" + password,
                    project().resolve("src/test/docker/regression-corpus/build-regression-corpus.sh").toString(),
                    String.valueOf(major)), CORPUS_LIMIT);
            CORPORA.add(major);
        }
        return DockerImageName.parse("pghop-base/regression:" + major).asCompatibleSubstituteFor("postgres");
    }

    /** Local images are never pulled: the machine reaches no registry. */
    static ImagePullPolicy pullPolicy() {
        return official() ? PullPolicy.defaultPolicy() : imageName -> false;
    }

    /** The pghop image of this major (JVM variant), built on first use in this test run. */
    static synchronized String pghop(int major) {
        if (!majorsWithClients().contains(major)) {
            throw new IllegalArgumentException("no pghop image of " + major + " in " + mode()
                    + " mode: its base has no client programs");
        }
        if (!BUILT.contains(major)) {
            ensureLocalBases();
            buildPghop(majorsWithClients());
            BUILT.addAll(majorsWithClients());
        }
        return pghopRepository() + "-pg" + major;
    }

    /**
     * The upgrade image of this major (JVM variant): its pghop image with the server programs of every older major
     * that has client programs here, built on first use by the shipped build script's --upgrade.
     */
    static synchronized String upgrade(int major) {
        List<Integer> majors = List.copyOf(majorsWithClients());
        if (major <= majors.get(0) || !majors.contains(major)) {
            throw new IllegalArgumentException("no upgrade image of " + major + " in " + mode() + " mode");
        }
        if (!upgradesBuilt) {
            ensureLocalBases();
            List<String> command = new ArrayList<>(List.of("env", "IMAGE=pghop-test", "PGHOP_VERSION=" + version(),
                    "BASE_IMAGE=" + baseRepository(), "JRE_IMAGE=" + jreImage(), "UPGRADE_FROM=" + String.join(" ",
                            majors.stream().map(String::valueOf).toList()),
                    project().resolve("src/main/docker/build-images.sh").toString(), "--jvm", "--prebuilt",
                    "--upgrade"));
            majors.stream().skip(1).forEach(m -> command.add(String.valueOf(m)));
            run(command, PGHOP_LIMIT);
            upgradesBuilt = true;
            BUILT.addAll(majors.subList(1, majors.size()));
        }
        return pghopRepository() + "-upgrade-pg" + major;
    }

    /** The postgres images' name, without the major (which is their tag). */
    static String postgresRepository() {
        return baseRepository();
    }

    /** The pghop test images' name and version, without the -pg&lt;major&gt; the tags end with. */
    static String pghopRepository() {
        return "pghop-test:" + version() + "-jvm";
    }

    private static String baseRepository() {
        return official() ? "postgres" : "pghop-base/postgres";
    }

    private static String jreImage() {
        return official() ? "eclipse-temurin:21-jre" : "pghop-base/jre";
    }

    /** Builds (or finds up to date) every local base; the script keeps what its recipe hash says is current. */
    static synchronized void ensureLocalBases() {
        if (official() || basesReady) {
            return;
        }
        run(List.of(project().resolve("src/test/docker/local-bases/build-local-bases.sh").toString()), BASES_LIMIT);
        basesReady = true;
    }

    private static void buildPghop(Set<Integer> majors) {
        List<String> command = new ArrayList<>(List.of("env", "IMAGE=pghop-test", "PGHOP_VERSION=" + version(),
                "BASE_IMAGE=" + baseRepository(), "JRE_IMAGE=" + jreImage(),
                project().resolve("src/main/docker/build-images.sh").toString(), "--jvm", "--prebuilt"));
        majors.forEach(major -> command.add(String.valueOf(major)));
        if (!Files.isRegularFile(project().resolve("target/quarkus-app/quarkus-run.jar"))) {
            throw new IllegalStateException("target/quarkus-app is missing: run the image tests with ./mvnw verify,"
                    + " which packages pghop first");
        }
        run(command, PGHOP_LIMIT);
    }

    private static void run(List<String> command, Duration limit) {
        try {
            BoundedProcess.runChecked(command, project(), limit, true);
        } catch (IOException e) {
            throw new UncheckedIOException("while building the test images: " + e.getMessage(), e);
        }
    }

    static String version() {
        return System.getProperty("pghop.version", "test");
    }

    static Path project() {
        return Path.of(System.getProperty("user.dir"));
    }

    /** A directory the containers' user (uid 999) may write, for a dump volume or a secret. */
    static Path openToContainers(Path directory) {
        try {
            Files.setPosixFilePermissions(directory, java.nio.file.attribute.PosixFilePermissions.fromString(
                    "rwxrwxrwx"));
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + directory + " to the containers' user", e);
        }
    }
}
