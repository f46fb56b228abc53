package dev.pghop.plan;

/**
 * One result of a check before work: what was checked and what was found, with the fix when it is not OK.
 *
 * @param check a short name of what was checked ("same cluster", "extensions")
 */
public record Finding(Severity severity, String check, String message) {

    public enum Severity { OK, WARNING, BLOCKER }

    public static Finding ok(String check, String message) {
        return new Finding(Severity.OK, check, message);
    }

    public static Finding warning(String check, String message) {
        return new Finding(Severity.WARNING, check, message);
    }

    public static Finding blocker(String check, String message) {
        return new Finding(Severity.BLOCKER, check, message);
    }

    public boolean blocks() {
        return severity == Severity.BLOCKER;
    }
}
