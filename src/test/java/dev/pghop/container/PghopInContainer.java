package dev.pghop.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;

import dev.pghop.scenario.PghopRun;

/**
 * One pghop command run to its end in the pghop image of a major, the way the Job's containers run it: environment
 * variables only, the image's own user (postgres, 999), a read-only root filesystem with a tmpfs at /tmp, the dump
 * volume at /pg-migrate, the role passwords at /secrets/role-passwords and the termination message at
 * /dev/termination-log. Returns a {@link PghopRun}, whose checks show everything pghop printed.
 */
final class PghopInContainer {
    static final String VOLUME = "/pg-migrate";
    static final String ROLE_PASSWORDS = "/secrets/role-passwords";
    private static final Duration LIMIT = Duration.ofMinutes(10);

    private final int major;
    private final Network network;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Map<Path, String> binds = new LinkedHashMap<>();

    private PghopInContainer(int major, Network network) {
        this.major = major;
        this.network = network;
    }

    /** pghop in the image of this major, on the servers' network. */
    static PghopInContainer image(int major, Network network) {
        return new PghopInContainer(major, network);
    }

    /** PG_HOST, PG_USER and PG_PASS of the old server, as the containers on the network reach it. */
    PghopInContainer source(PostgresInContainer old) {
        return env("PG_HOST", old.alias()).env("PG_USER", old.superuser()).env("PG_PASS", old.password());
    }

    /** NEW_PG_HOST, NEW_PG_USER and NEW_PG_PASS of the new server. */
    PghopInContainer target(PostgresInContainer target) {
        return env("NEW_PG_HOST", target.alias()).env("NEW_PG_USER", target.superuser())
                .env("NEW_PG_PASS", target.password());
    }

    /** The host directory shared by the containers as PGDUMP_PATH. */
    PghopInContainer dumpVolume(Path directory) {
        binds.put(TestImages.openToContainers(directory), VOLUME);
        return env("PGDUMP_PATH", VOLUME);
    }

    /** A directory of one file per role, mounted where the manifests mount the role-passwords Secret. */
    PghopInContainer rolePasswords(Path directory) {
        binds.put(directory, ROLE_PASSWORDS);
        return env("ROLE_PASSWORDS_DIR", ROLE_PASSWORDS);
    }

    PghopInContainer env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Runs {@code pghop <args>} to its end, whatever its exit code. */
    PghopRun run(String... args) {
        Path terminationLog = terminationLog();
        String image = TestImages.pghop(major);
        List<String> command = new ArrayList<>(List.of(image));
        command.addAll(List.of(args));
        try (GenericContainer<?> pghop = new GenericContainer<>(DockerImageName.parse(image))) {
            pghop.withImagePullPolicy(TestImages.pullPolicy()).withNetwork(network).withEnv(env).withCommand(args)
                    .withTmpFs(Map.of("/tmp", "rw"))
                    .withFileSystemBind(terminationLog.toString(), "/dev/termination-log", BindMode.READ_WRITE)
                    .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withReadonlyRootfs(true))
                    .withStartupCheckStrategy(new UntilExited().withTimeout(LIMIT));
            binds.forEach((host, inside) -> pghop.withFileSystemBind(host.toString(), inside, BindMode.READ_WRITE));
            try {
                pghop.start();
            } catch (RuntimeException e) {
                throw new AssertionError("pghop " + String.join(" ", args) + " did not end within " + LIMIT.toMinutes()
                        + " min in " + image + "\n--- output:\n" + pghop.getLogs() + "\n--- end of pghop output", e);
            }
            return new PghopRun(command, Map.copyOf(env), exitCode(pghop.getContainerId()),
                    pghop.getLogs(OutputFrame.OutputType.STDOUT), pghop.getLogs(OutputFrame.OutputType.STDERR),
                    Files.readString(terminationLog, StandardCharsets.UTF_8), null);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read pghop's termination message", e);
        } finally {
            delete(terminationLog);
        }
    }

    private static int exitCode(String containerId) {
        DockerClient docker = DockerClientFactory.instance().client();
        InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(containerId).exec().getState();
        return state.getExitCodeLong().intValue();
    }

    private static Path terminationLog() {
        try {
            Path file = Files.createTempFile("pghop-termination-", ".log");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a termination-log file", e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + file, e);
        }
    }

    /** Start-up is over when the container has exited, with any exit code: the test judges the code. */
    private static final class UntilExited extends StartupCheckStrategy {
        @Override
        public StartupStatus checkStartupState(DockerClient docker, String containerId) {
            InspectContainerResponse.ContainerState state = getCurrentState(docker, containerId);
            return Boolean.TRUE.equals(state.getRunning()) || state.getFinishedAt() == null
                    || state.getFinishedAt().startsWith("0001-") ? StartupStatus.NOT_YET_KNOWN
                    : StartupStatus.SUCCESSFUL;
        }
    }
}
