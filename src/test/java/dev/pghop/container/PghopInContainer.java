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
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Volume;

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

    private final String image;
    private final Network network;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Map<Path, String> binds = new LinkedHashMap<>();
    private final Map<String, String> volumes = new LinkedHashMap<>();

    private PghopInContainer(String image, Network network) {
        this.image = image;
        this.network = network;
    }

    /** pghop in the image of this major, on the servers' network. */
    static PghopInContainer image(int major, Network network) {
        return new PghopInContainer(TestImages.pghop(major), network);
    }

    /** pghop in the upgrade image of this major (the older majors' server programs added), on no network. */
    static PghopInContainer upgradeImage(int major) {
        return new PghopInContainer(TestImages.upgrade(major), null);
    }

    /** pghop in an image of the test's own making. */
    static PghopInContainer inImage(String image) {
        return new PghopInContainer(image, null);
    }

    /** A Docker named volume, mounted at {@code path}, as a Job mounts the old server's PVC. */
    PghopInContainer volume(ClusterVolume volume, String path) {
        volumes.put(volume.name(), path);
        return this;
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
        return run(null, args);
    }

    /**
     * Runs {@code pghop <args>} with PGHOP_TEST_PAUSE_AT set to {@code point}; once it says it waits there, kills
     * its container with SIGKILL, as a lost node would, and returns what it printed (exit code 137).
     */
    PghopRun killedAt(String point, String... args) {
        return run(point, args);
    }

    private PghopRun run(String pausePoint, String... args) {
        Path terminationLog = terminationLog();
        List<String> command = new ArrayList<>(List.of(image));
        command.addAll(List.of(args));
        Map<String, String> environment = new LinkedHashMap<>(env);
        if (pausePoint != null) {
            environment.put("PGHOP_TEST_PAUSE_AT", pausePoint);
        }
        try (GenericContainer<?> pghop = new GenericContainer<>(DockerImageName.parse(image))) {
            pghop.withImagePullPolicy(TestImages.pullPolicy()).withEnv(environment).withCommand(args)
                    .withTmpFs(Map.of("/tmp", "rw"))
                    .withFileSystemBind(terminationLog.toString(), "/dev/termination-log", BindMode.READ_WRITE)
                    .withCreateContainerCmdModifier(cmd -> {
                        List<Bind> all = new ArrayList<>(cmd.getHostConfig().getBinds() == null ? List.of()
                                : List.of(cmd.getHostConfig().getBinds()));
                        all.addAll(namedVolumes());
                        cmd.getHostConfig().withReadonlyRootfs(true).withBinds(all);
                    })
                    .withStartupCheckStrategy(pausePoint == null ? new UntilExited().withTimeout(LIMIT)
                            : new UntilSays("paused at " + pausePoint).withTimeout(LIMIT));
            if (network != null) {
                pghop.withNetwork(network);
            }
            binds.forEach((host, inside) -> pghop.withFileSystemBind(host.toString(), inside, BindMode.READ_WRITE));
            try {
                pghop.start();
            } catch (RuntimeException e) {
                throw new AssertionError("pghop " + String.join(" ", args) + " did not " + (pausePoint == null
                        ? "end" : "pause at " + pausePoint) + " within " + LIMIT.toMinutes() + " min in " + image
                        + "\n--- output:\n" + pghop.getLogs() + "\n--- end of pghop output", e);
            }
            if (pausePoint != null) {
                DockerClientFactory.instance().client().killContainerCmd(pghop.getContainerId()).withSignal("KILL")
                        .exec();
                DockerClientFactory.instance().client().waitContainerCmd(pghop.getContainerId()).start()
                        .awaitStatusCode();
            }
            return new PghopRun(command, Map.copyOf(environment), exitCode(pghop.getContainerId()),
                    pghop.getLogs(OutputFrame.OutputType.STDOUT), pghop.getLogs(OutputFrame.OutputType.STDERR),
                    Files.readString(terminationLog, StandardCharsets.UTF_8), null);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read pghop's termination message", e);
        } finally {
            delete(terminationLog);
        }
    }

    private List<Bind> namedVolumes() {
        return volumes.entrySet().stream().map(v -> new Bind(v.getKey(), new Volume(v.getValue()))).toList();
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

    /** Start-up is over when the container's output holds a text (or it has exited without it, a failure). */
    private static final class UntilSays extends StartupCheckStrategy {
        private final String text;

        UntilSays(String text) {
            this.text = text;
        }

        @Override
        public StartupStatus checkStartupState(DockerClient docker, String containerId) {
            InspectContainerResponse.ContainerState state = getCurrentState(docker, containerId);
            if (!Boolean.TRUE.equals(state.getRunning())) {
                return state.getFinishedAt() == null || state.getFinishedAt().startsWith("0001-")
                        ? StartupStatus.NOT_YET_KNOWN : StartupStatus.FAILED;
            }
            StringBuilder logs = new StringBuilder();
            try {
                docker.logContainerCmd(containerId).withStdOut(true).withStdErr(true)
                        .exec(new ResultCallback.Adapter<Frame>() {
                            @Override
                            public void onNext(Frame frame) {
                                logs.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                            }
                        }).awaitCompletion();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return StartupStatus.FAILED;
            }
            return logs.toString().contains(text) ? StartupStatus.SUCCESSFUL : StartupStatus.NOT_YET_KNOWN;
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
