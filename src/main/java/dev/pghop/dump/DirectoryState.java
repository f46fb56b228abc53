package dev.pghop.dump;

import java.util.List;

/** What PGDUMP_PATH holds in the directory format, as judged by {@link DirectoryStore#inspect()}. */
public sealed interface DirectoryState {

    /** No directory-format dump and no part of one. */
    record Absent() implements DirectoryState {
    }

    /**
     * A dump that can be loaded: its manifest is there, the globals match it and every database matches its marker.
     *
     * @param manifestSha256 identifies this very dump (a new dump writes a new manifest)
     */
    record Complete(DirectoryManifest manifest, String manifestSha256) implements DirectoryState {
    }

    /** Parts are there but the whole cannot be trusted; each problem names its part. */
    record Incomplete(List<String> problems) implements DirectoryState {
    }
}
