package dev.pghop.container;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The pghop image of one PostgreSQL major, built from src/main/docker/Dockerfile.jvm and the jar `package` built,
 * exactly as build-images.sh builds it (the JVM variant: the native one needs a Mandrel build inside Docker, far
 * too slow for a test). Built once per major and test run; Testcontainers deletes it when the JVM ends.
 */
final class PghopImage {
    private static final String DOCKERFILE = "src/main/docker/Dockerfile.jvm";
    private static final String LAUNCHER = "src/main/docker/pghop-jvm";
    private static final String APP = "target/quarkus-app";
    private static final Map<Integer, ImageFromDockerfile> BUILT = new ConcurrentHashMap<>();

    private PghopImage() {
    }

    static ImageFromDockerfile forMajor(int major) {
        return BUILT.computeIfAbsent(major, PghopImage::build);
    }

    private static ImageFromDockerfile build(int major) {
        Path project = Path.of(System.getProperty("user.dir"));
        if (!Files.isRegularFile(project.resolve(APP).resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(APP + " is missing: run these tests with ./mvnw verify, which packages"
                    + " pghop first");
        }
        String version = System.getProperty("pghop.version", "test");
        return new ImageFromDockerfile("pghop-test:" + version.toLowerCase(Locale.ROOT) + "-jvm-pg" + major,
                true)
                .withFileFromPath(DOCKERFILE, project.resolve(DOCKERFILE))
                .withFileFromPath(LAUNCHER, project.resolve(LAUNCHER), 0755)
                .withFileFromPath(APP, project.resolve(APP))
                .withDockerfilePath(DOCKERFILE)
                .withBuildArg("PG_MAJOR", String.valueOf(major))
                .withBuildArg("PGHOP_VERSION", version);
    }
}
