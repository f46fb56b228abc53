package dev.pghop.cli;

import io.quarkus.test.junit.main.LaunchResult;

/** Everything a launched pghop printed, as the description of a failed assertion: no need to re-run to see it. */
final class LaunchTranscript {
    private LaunchTranscript() {
    }

    static String of(String command, LaunchResult result) {
        return "pghop " + command + " printed:\n--- exit: " + result.exitCode()
                + "\n--- stdout:\n" + result.getOutput()
                + "\n--- stderr:\n" + result.getErrorOutput()
                + "\n--- end of pghop output";
    }
}
