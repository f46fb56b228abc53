package dev.pghop.dump;

/** What one part of a directory-format dump (the globals, or a database) is, as {@link DumpPart#state()} judges it. */
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
