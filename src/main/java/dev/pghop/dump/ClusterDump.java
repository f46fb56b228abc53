package dev.pghop.dump;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.pghop.postgres.ClusterInventory;
import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.PgVersion;
import dev.pghop.process.ClientPrograms;
import dev.pghop.process.PgPassFile;
import dev.pghop.process.ToolProcess;
import dev.pghop.report.Progress;

/**
 * Runs pg_dumpall against the old server and streams its output into the store's partial file, then publishes it
 * with its manifest. The sessions pg_dumpall opens are read-only, so the old server cannot be written through it.
 */
public final class ClusterDump {
    /** pg_dumpall has closed its output when this starts; it should be gone at once. */
    private static final Duration EXIT_AFTER_EOF = Duration.ofSeconds(60);

    private final ClientPrograms programs;
    private final Duration progressInterval;
    private final Clock clock;
    private final String pghopVersion;

    public ClusterDump(ClientPrograms programs, Duration progressInterval, Clock clock, String pghopVersion) {
        this.programs = programs;
        this.progressInterval = progressInterval;
        this.clock = clock;
        this.pghopVersion = pghopVersion;
    }

    /** Dumps the whole cluster into {@code store}; on any failure nothing is published and the exception says why. */
    public DumpManifest run(Endpoint endpoint, ClusterInventory source, PgVersion toolVersion, DumpStore store)
            throws IOException, InterruptedException {
        Instant started = clock.instant();
        StreamCopy copy = new StreamCopy();
        String sha;
        try (PgPassFile pass = PgPassFile.create(List.of(endpoint));
                ToolProcess dumpall = programs.pgDumpall(endpoint, pass, dumpOptions(source, toolVersion))
                        .stdout(ToolProcess.Stdout.PIPE).start();
                Progress progress = Progress.start("dump", copy::bytes, progressInterval).warnWhenStalled()) {
            sha = copy.copyOutput(dumpall, store.partialFile(), EXIT_AFTER_EOF);
        }
        DumpManifest manifest = new DumpManifest(DumpStore.DUMP_FILE, copy.bytes(), sha, copy.crc32c(),
                endpoint.address(), source, "pg_dumpall", toolVersion, started, clock.instant(), pghopVersion);
        store.publish(manifest);
        return manifest;
    }

    /**
     * Without superuser pg_dumpall cannot read pg_authid: it then dumps the roles without their passwords. One of 18
     * or later carries the planner statistics.
     */
    static List<String> dumpOptions(ClusterInventory source, PgVersion toolVersion) {
        List<String> options = new java.util.ArrayList<>();
        if (!source.login().superuser()) {
            options.add("--no-role-passwords");
        }
        if (toolVersion.carriesStatistics()) {
            options.add("--statistics");
        }
        return options;
    }
}
