package dev.pghop.upgrade;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What pg_controldata says of a data directory: its cluster state (was it shut down cleanly?), its data checksums,
 * its WAL segment size. A new cluster must match the old one in the last two, or pg_upgrade refuses the pair.
 *
 * @param fields every "name: value" line, as printed
 */
public record ControlData(Map<String, String> fields) {
    private static final String STATE = "Database cluster state";
    private static final String CHECKSUMS = "Data page checksum version";
    private static final String WAL_SEGMENT = "Bytes per WAL segment";
    private static final String BLOCK_SIZE = "Database block size";

    /** pg_controldata's output, one "name: value" line each. */
    public static ControlData parse(String output) {
        Map<String, String> fields = new LinkedHashMap<>();
        output.lines().forEach(line -> {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        });
        return new ControlData(Map.copyOf(fields));
    }

    /** "shut down", "in production", "in crash recovery", ... */
    public String state() {
        return fields.getOrDefault(STATE, "unknown");
    }

    /** Whether the cluster was shut down cleanly: nothing in its WAL waits to be replayed. */
    public boolean shutDownCleanly() {
        return state().equals("shut down");
    }

    public boolean dataChecksums() {
        return !"0".equals(fields.getOrDefault(CHECKSUMS, "0"));
    }

    /** The WAL segment size in MB, as initdb --wal-segsize takes it. */
    public Optional<Integer> walSegmentMegabytes() {
        return Optional.ofNullable(fields.get(WAL_SEGMENT)).map(v -> (int) (Long.parseLong(v) >> 20));
    }

    public Optional<Integer> blockSize() {
        return Optional.ofNullable(fields.get(BLOCK_SIZE)).map(Integer::parseInt);
    }

    /** Whether pg_controldata said anything at all (a data directory it could read). */
    public boolean readable() {
        return fields.containsKey(STATE);
    }
}
