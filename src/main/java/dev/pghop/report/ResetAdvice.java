package dev.pghop.report;

/**
 * How a new server that holds a partial load is made empty again, said the same way wherever pghop gives the
 * advice: its data volume is the whole cluster, so a fresh volume is a fresh server.
 */
public final class ResetAdvice {
    /** The steps, for a sentence such as "reset it (...)". */
    public static final String HOW = "scale its Deployment to 0, delete and recreate its PVC, scale it back to 1";

    private ResetAdvice() {
    }

    /** "reset it before running {@code command} again (the steps)". */
    public static String before(String command) {
        return "reset it before running " + command + " again (" + HOW + ")";
    }
}
