package dev.pghop.dump;

import java.nio.file.Path;

/** What the dump directory holds, as judged by {@link DumpStore#inspect()}. */
public sealed interface DumpState {

    /** No dump and no leftovers. */
    record Absent() implements DumpState {
    }

    /**
     * A dump that can be loaded: its manifest's size and checksum match, or, for a file written by the old shell
     * script (no manifest), it ends with pg_dumpall's "dump complete" trailer.
     *
     * @param manifest null for a script-written file
     */
    record Complete(Path file, long bytes, String sha256, DumpManifest manifest) implements DumpState {
        public boolean fromScript() {
            return manifest == null;
        }
    }

    /** Something is there but cannot be trusted: empty, truncated, tampered with, or left by an interrupted run. */
    record Incomplete(String reason) implements DumpState {
    }
}
