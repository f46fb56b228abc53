package dev.pghop.process;

import java.io.IOException;
import java.util.List;

/** A client program ended with a non-zero status. Carries its last stderr lines, which say why. */
public final class ToolFailedException extends IOException {
    private final String tool;
    private final int exitStatus;
    private final List<String> stderrTail;

    public ToolFailedException(String tool, int exitStatus, List<String> stderrTail) {
        super(describe(tool, exitStatus, stderrTail));
        this.tool = tool;
        this.exitStatus = exitStatus;
        this.stderrTail = List.copyOf(stderrTail);
    }

    private static String describe(String tool, int exitStatus, List<String> stderrTail) {
        String how = exitStatus > 128 ? "was killed by signal " + (exitStatus - 128) : "exited with status " + exitStatus;
        String said = stderrTail.isEmpty() ? " and printed nothing on stderr"
                : "; its last words: " + String.join(" | ", stderrTail);
        return tool + " " + how + said;
    }

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
