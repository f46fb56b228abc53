package dev.pghop.process;

import java.io.IOException;
import java.util.List;

import dev.pghop.postgres.Keepalives;

/**
 * A client program ended with a non-zero status. Carries its last stderr lines, which say why, and the server it
 * talked to, so the message names it; when those lines say the server stopped answering, the message says so.
 */
public final class ToolFailedException extends IOException {
    private final String tool;
    private final int exitStatus;
    private final List<String> stderrTail;

    /** @param server the server it talked to ("old server admin@db:5432"), or null for none */
    public ToolFailedException(String tool, String server, int exitStatus, List<String> stderrTail) {
        super(describe(tool, server, exitStatus, stderrTail));
        this.tool = tool;
        this.exitStatus = exitStatus;
        this.stderrTail = List.copyOf(stderrTail);
    }

    private static String describe(String tool, String server, int exitStatus, List<String> stderrTail) {
        String how = exitStatus > 128 ? "was killed by signal " + (exitStatus - 128) : "exited with status " + exitStatus;
        String where = server == null ? "" : " (talking to the " + server + ")";
        String said = stderrTail.isEmpty() ? " and printed nothing on stderr"
                : "; its last words: " + String.join(" | ", stderrTail);
        boolean silent = stderrTail.stream().anyMatch(line -> SILENCE.stream().anyMatch(line::contains));
        String silence = !silent ? "" : ". The " + (server == null ? "server" : server) + " stopped answering (no"
                + " reply within " + Keepalives.NOTICED_WITHIN.toSeconds() + " s, the bound of pghop's keepalives):"
                + " a node lost, or the network cut";
        return tool + " " + how + where + said + silence;
    }

    /** What libpq says when a server stopped answering: its keepalives, user timeout or connect timeout ran out. */
    private static final List<String> SILENCE = List.of("Connection timed out", "could not receive data from server",
            "could not send data to server", "timeout expired");

    public String tool() {
        return tool;
    }

    public int exitStatus() {
        return exitStatus;
    }

    public List<String> stderrTail() {
        return stderrTail;
    }
}
