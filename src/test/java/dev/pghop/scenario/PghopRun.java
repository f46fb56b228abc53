package dev.pghop.scenario;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How one pghop run ended and everything it printed. The checks fail with the whole transcript, so a failing
 * scenario shows what pghop said without re-running it.
 *
 * @param killed why the test had to kill pghop, or null when it ended by itself
 */
public record PghopRun(List<String> command, Map<String, String> env, int exitCode, String stdout, String stderr,
        String terminationMessage, String killed) {

    /** Fails unless pghop ended by itself with this exit code. */
    public PghopRun exits(int expected) {
        if (killed != null || exitCode != expected) {
            throw new AssertionError("expected pghop to exit with " + expected + " but it "
                    + (killed != null ? "was " + killed : "exited with " + exitCode) + "\n" + transcript());
        }
        return this;
    }

    /** Fails unless the log (stdout or stderr) holds each text. */
    public PghopRun says(String... texts) {
        for (String text : texts) {
            if (!output().contains(text)) {
                throw new AssertionError("expected pghop's output to contain \"" + text + "\"\n" + transcript());
            }
        }
        return this;
    }

    /** Fails unless the termination message (the one-line summary) starts with the text and is a single line. */
    public PghopRun summaryStartsWith(String start) {
        if (!terminationMessage.startsWith(start) || terminationMessage.strip().contains("\n")) {
            throw new AssertionError("expected a one-line termination message starting with \"" + start + "\"\n"
                    + transcript());
        }
        return this;
    }

    /** Fails if a secret shows anywhere pghop wrote: its log or its termination message. */
    public PghopRun neverShows(String secret) {
        for (String text : List.of(stdout, stderr, terminationMessage)) {
            if (text.contains(secret)) {
                throw new AssertionError("pghop's output shows a secret (" + secret.length() + " characters long)\n"
                        + transcript());
            }
        }
        return this;
    }

    public String output() {
        return stdout + stderr;
    }

    /** The command, the environment the test gave it (passwords included: they are test passwords), and all output. */
    public String transcript() {
        return "--- pghop " + String.join(" ", command.subList(1, command.size())) + " with " + new TreeMap<>(env)
                + "\n--- exit: " + (killed != null ? killed : exitCode)
                + "\n--- stdout:\n" + stdout
                + "\n--- stderr:\n" + stderr
                + "\n--- termination message:\n" + terminationMessage
                + "\n--- end of pghop output";
    }

    @Override
    public String toString() {
        return transcript();
    }
}
