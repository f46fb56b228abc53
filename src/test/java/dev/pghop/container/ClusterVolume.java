package dev.pghop.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.pghop.testing.BoundedProcess;

/**
 * A Docker named volume that holds a cluster the way the official image's users keep one: the volume mounted at
 * /var/lib/postgresql/data, the cluster in its pgdata directory (the blog's Deployment sets PGDATA so). The image
 * tests of the in-place upgrade make one per old major, then copy it for each upgrade, which changes its copy.
 * Removed on close.
 */
final class ClusterVolume implements AutoCloseable {
    static final String MOUNT = "/var/lib/postgresql/data";
    static final String PGDATA = MOUNT + "/pgdata";
    private static final Duration LIMIT = Duration.ofMinutes(5);
    private static final AtomicInteger MADE = new AtomicInteger();

    private final String name;
    private final Runnable afterRemoval;

    private ClusterVolume(String name) {
        this(name, () -> { });
    }

    private ClusterVolume(String name, Runnable afterRemoval) {
        this.name = name;
        this.afterRemoval = afterRemoval;
    }

    /** A new, empty volume. */
    static ClusterVolume create(String prefix) {
        String name = "pghop-test-" + prefix + "-" + ProcessHandle.current().pid() + "-" + MADE.incrementAndGet();
        docker("volume", "create", "--label", "org.testcontainers=true", name);
        return new ClusterVolume(name);
    }

    /**
     * A new, empty volume on a btrfs filesystem of its own: a file holding one, mounted on this machine through a loop
     * device at {@code mountDir} (which needs root), and bound as the volume: a volume that makes reflinks, as XFS
     * or btrfs volumes do. Unmounted on close.
     */
    static ClusterVolume btrfs(String prefix, Path imageFile, Path mountDir) {
        run(List.of("mount", "-o", "loop", imageFile.toString(), mountDir.toString()));
        String name = "pghop-test-" + prefix + "-" + ProcessHandle.current().pid() + "-" + MADE.incrementAndGet();
        try {
            docker("volume", "create", "--label", "org.testcontainers=true", "--opt", "type=none", "--opt", "o=bind",
                    "--opt", "device=" + mountDir, name);
        } catch (RuntimeException e) {
            run(List.of("umount", mountDir.toString()));
            throw e;
        }
        return new ClusterVolume(name, () -> run(List.of("umount", mountDir.toString())));
    }

    String name() {
        return name;
    }

    /** A new volume holding a copy of this one's files, owners and modes kept. */
    ClusterVolume copy(String prefix) {
        ClusterVolume copy = create(prefix);
        copy.copyFrom(this);
        return copy;
    }

    /**
     * A new volume whose root is the cluster of this one's pgdata directory: PGDATA is then the volume's mount
     * point, as with the official image's default and a Docker named volume.
     */
    ClusterVolume copyWithClusterAtRoot(String prefix) {
        ClusterVolume copy = create(prefix);
        docker("run", "--rm", "-v", name + ":/from:ro", "-v", copy.name + ":/to", helperImage(), "sh", "-c",
                "cp -a /from/pgdata/. /to/");
        return copy;
    }

    /** Copies another volume's files into this one, owners and modes kept. */
    void copyFrom(ClusterVolume source) {
        docker("run", "--rm", "-v", source.name + ":/from:ro", "-v", name + ":/to", helperImage(), "sh", "-c",
                "cp -a /from/. /to/");
    }

    /** The names in a directory of the volume, given relative to the mount (e.g. "" or "pgdata/global"). */
    List<String> list(String directory) {
        return docker("run", "--rm", "-v", name + ":" + MOUNT + ":ro", helperImage(), "ls", "-1A",
                MOUNT + "/" + directory).stream().filter(l -> !l.isBlank()).toList();
    }

    /** Whether a file or directory exists in the volume, given relative to the mount. */
    boolean exists(String path) {
        return docker("run", "--rm", "-v", name + ":" + MOUNT + ":ro", helperImage(), "sh", "-c", "test -e '" + MOUNT
                + "/" + path + "' && echo yes || echo no").contains("yes");
    }

    /** Gives the volume's root to the containers' user (999), as a pod's fsGroup gives a PVC. */
    ClusterVolume giveToContainersUser() {
        docker("run", "--rm", "-v", name + ":/volume", helperImage(), "chown", "999:999", "/volume");
        return this;
    }

    /** Runs a shell command over the volume (mounted at {@link #MOUNT}) as the containers' user. */
    List<String> shell(String command) {
        return docker("run", "--rm", "--user", "999:999", "-v", name + ":" + MOUNT, helperImage(), "sh", "-c",
                command);
    }

    @Override
    public void close() {
        try {
            docker("volume", "rm", "-f", name);
        } finally {
            afterRemoval.run();
        }
    }

    @Override
    public String toString() {
        return "volume " + name;
    }

    private static String helperImage() {
        return TestImages.postgresRepository() + ":" + TestImages.majorsWithClients().iterator().next();
    }

    private static List<String> docker(String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        return run(command);
    }

    private static List<String> run(List<String> command) {
        try {
            BoundedProcess.Result result = BoundedProcess.run(command, Path.of("."), LIMIT);
            if (result.exitCode() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + result.failure());
            }
            return result.tail();
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", command) + " could not run", e);
        }
    }
}
