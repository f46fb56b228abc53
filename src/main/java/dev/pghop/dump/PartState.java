package dev.pghop.dump;

/** What one part of a directory-format dump (the globals, or one database) is, as judged by {@link DumpPart#state()}. */
public sealed interface PartState {

    /** Neither the part nor its marker is there. */
    record Absent() implements PartState {
    }

    /** Finished: every file matches its completion marker. */
    record Done(PartMarker marker) implements PartState {
    }

    /** Something is there but cannot be trusted: no marker (interrupted), or files that differ from it. */
    record Untrusted(String reason) implements PartState {
    }
}
