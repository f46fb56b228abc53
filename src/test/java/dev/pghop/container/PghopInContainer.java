package dev.pghop.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.ToStringConsumer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * One pghop command run to its end in a pghop image, the way the Job's containers run: environment variables only,
 * the image's own user (postgres, 999), a read-only root filesystem with a tmpfs at /tmp, and the dump volume at
 * /pg-migrate. A failure shows everything pghop printed.
 */
final class PghopInContainer {
    static final String VOLUME = "/pg-migrate";
    private static final Duration LIMIT = Duration.ofMinutes(5);

    private final ImageFromDockerfile image;
    private final Network network;
    private final Map<String, String> env = new LinkedHashMap<>();
    private Path volume;

    private PghopInContainer(ImageFromDockerfile image, Network network) {
        this.image = image;
        this.network = network;
    }

    static PghopInContainer image(int major, Network network) {
        return new PghopInContainer(PghopImage.forMajor(major), network);
    }

    /** PG_HOST, PG_USER and PG_PASS of the old server, as the containers on the network reach it. */
    PghopInContainer source(OfficialPostgres old) {
        return env("PG_HOST", old.alias()).env("PG_USER", old.superuser()).env("PG_PASS", old.password());
    }

    /** NEW_PG_HOST, NEW_PG_USER and NEW_PG_PASS of the new server. */
    PghopInContainer target(OfficialPostgres target) {
        return env("NEW_PG_HOST", target.alias()).env("NEW_PG_USER", target.superuser())
                .env("NEW_PG_PASS", target.password());
    }

    /** The host directory shared by the containers as PGDUMP_PATH; opened to the image's user (uid 999). */
    PghopInContainer dumpVolume(Path directory) {
        try {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + directory + " to the containers' user", e);
        }
        volume = directory;
        return env("PGDUMP_PATH", VOLUME);
    }

    PghopInContainer env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Runs {@code pghop <args>}; fails unless it exits 0. Returns its output. */
    String run(String... args) {
        ToStringConsumer output = new ToStringConsumer();
        try (GenericContainer<?> pghop = new GenericContainer<>(image)) {
            pghop.withNetwork(network).withEnv(env).withCommand(args).withLogConsumer(output)
                    .withTmpFs(Map.of("/tmp", "rw"))
                    .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withReadonlyRootfs(true))
                    .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(LIMIT));
            if (volume != null) {
                pghop.withFileSystemBind(volume.toString(), VOLUME, BindMode.READ_WRITE);
            }
            try {
                pghop.start();
            } catch (RuntimeException e) {
                throw new AssertionError("pghop " + String.join(" ", args) + " did not exit 0 in "
                        + image.getDockerImageName() + " with " + env.keySet() + "\n--- output:\n"
                        + output.toUtf8String() + "\n--- end of pghop output", e);
            }
            return output.toUtf8String();
        }
    }
}
