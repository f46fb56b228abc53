package dev.pghop.dump;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.pghop.postgres.ClusterInventory;
import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.PgVersion;
import dev.pghop.process.PgPassFile;
import dev.pghop.process.PgTools;
import dev.pghop.process.ToolProcess;
import dev.pghop.report.Progress;

/**
 * Runs pg_dumpall against the old server and streams its output into the store's partial file, then publishes it
 * with its manifest. The sessions pg_dumpall opens are read-only, so the old server cannot be written through it.
 */
public final class ClusterDump {
    /** pg_dumpall has closed its output when this starts; it should be gone at once. */
    private static final Duration EXIT_AFTER_EOF = Duration.ofSeconds(60);

    private final PgTools tools;
    private final Duration progressInterval;
    private final Clock clock;
    private final String pghopVersion;

    public ClusterDump(PgTools tools, Duration progressInterval, Clock clock, String pghopVersion) {
        this.tools = tools;
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
                ToolProcess dumpall = DumpPrograms.pgDumpall(tools, endpoint, pass, !source.login().superuser(),
                        DumpPrograms.statisticsOptions(toolVersion));
                Progress progress = Progress.start("dump", copy::bytes, progressInterval).warnWhenStalled()) {
            sha = copy.copyOutput(dumpall, store.partialFile(), EXIT_AFTER_EOF);
        }
        DumpManifest manifest = new DumpManifest(DumpStore.DUMP_FILE, copy.bytes(), sha, copy.crc32c(),
                endpoint.address(), source, "pg_dumpall", toolVersion, started, clock.instant(), pghopVersion);
        store.publish(manifest);
        return manifest;
    }
}
