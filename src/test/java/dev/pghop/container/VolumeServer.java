package dev.pghop.container;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;

import dev.pghop.testing.SqlServer;

/**
 * A server of a postgres image ({@link TestImages#postgres}) on a {@link ClusterVolume}, as a Deployment runs one:
 * PGDATA in the volume's pgdata directory, the blog's md5 over TCP when it makes the cluster. Reached by the test
 * through a port published on 127.0.0.1. {@link #stopCleanly} stops it as Kubernetes scales it to 0: SIGINT, a fast
 * shutdown with its checkpoint; close() alone kills it.
 */
final class VolumeServer implements SqlServer, AutoCloseable {
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "Old-admin-7f3e9";
    private static final int PORT = 5432;
    private static final Duration START = Duration.ofMinutes(2);

    private final GenericContainer<?> container;
    private final int major;

    private VolumeServer(GenericContainer<?> container, int major) {
        this.container = container;
        this.major = major;
    }

    /**
     * Makes a cluster of this major on the empty volume and starts it.
     *
     * @param initdbArgs more arguments of initdb (e.g. --data-checksums), or empty
     */
    static VolumeServer initialize(int major, ClusterVolume volume, String initdbArgs) {
        GenericContainer<?> c = container(major, volume, 2)
                .withEnv("POSTGRES_USER", ADMIN).withEnv("POSTGRES_PASSWORD", ADMIN_PASSWORD)
                .withEnv("POSTGRES_HOST_AUTH_METHOD", "md5")
                .withEnv("POSTGRES_INITDB_ARGS", ("--auth-host=md5 " + initdbArgs).strip())
                .withCommand("postgres", "-c", "password_encryption=md5");
        return start(c, major);
    }

    /** Starts this major's server on the cluster the volume holds, in its pgdata directory. */
    static VolumeServer existing(int major, ClusterVolume volume) {
        return existing(major, volume, ClusterVolume.PGDATA);
    }

    /** Starts this major's server on the cluster the volume holds in {@code pgdata} (the mount itself, say). */
    static VolumeServer existing(int major, ClusterVolume volume, String pgdata) {
        return start(container(major, volume, 1).withEnv("PGDATA", pgdata).withCommand("postgres"), major);
    }

    private static VolumeServer start(GenericContainer<?> c, int major) {
        try {
            c.start();
        } catch (RuntimeException e) {
            String logs = c.getContainerId() == null ? "" : c.getLogs();
            c.stop();
            throw new AssertionError("the PostgreSQL " + major + " server did not start on the volume:\n" + logs, e);
        }
        return new VolumeServer(c, major);
    }

    private static GenericContainer<?> container(int major, ClusterVolume volume, int readyTimes) {
        return new GenericContainer<>(TestImages.postgres(major)).withImagePullPolicy(TestImages.pullPolicy())
                .withEnv("PGDATA", ClusterVolume.PGDATA).withExposedPorts(PORT)
                .withCreateContainerCmdModifier(cmd -> {
                    List<Bind> binds = new ArrayList<>(cmd.getHostConfig().getBinds() == null ? List.of()
                            : List.of(cmd.getHostConfig().getBinds()));
                    binds.add(new Bind(volume.name(), new Volume(ClusterVolume.MOUNT)));
                    cmd.getHostConfig().withBinds(binds).withPortBindings(new PortBinding(
                            Ports.Binding.bindIp("127.0.0.1"), ExposedPort.tcp(PORT)));
                })
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\s", readyTimes)
                        .withStartupTimeout(START));
    }

    int major() {
        return major;
    }

    /** Stops the server as a Deployment scaled to 0 does: SIGINT, a clean shutdown; then removes its container. */
    void stopCleanly() {
        DockerClientFactory.instance().client().stopContainerCmd(container.getContainerId()).withTimeout(60).exec();
        container.stop();
    }

    /** The server's log, to show with a failure. */
    String logs() {
        return container.getLogs();
    }

    @Override
    public String superuser() {
        return ADMIN;
    }

    @Override
    public String password() {
        return ADMIN_PASSWORD;
    }

    @Override
    public Connection connect(String database, String user, String password) throws SQLException {
        return PublishedPort.connect(container.getMappedPort(PORT), database, user, password);
    }

    @Override
    public void close() {
        container.stop();
    }

    @Override
    public String toString() {
        return "PostgreSQL " + major + " on a volume";
    }
}
