package dev.pghop.report;

/**
 * The one failure type commands throw. Its message is written for the person running the Job: it names the thing,
 * the problem and the fix. Each boundary wraps a lower-level cause once, with what it was doing.
 */
public final class PghopException extends RuntimeException {
    private final ExitCode exitCode;

    private PghopException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public static PghopException invalidInput(String message) {
        return new PghopException(ExitCode.INVALID_INPUT, message, null);
    }

    public static PghopException refused(String message) {
        return new PghopException(ExitCode.REFUSED, message, null);
    }

    public static PghopException connectionFailed(String message, Throwable cause) {
        return new PghopException(ExitCode.CONNECTION_FAILED, message, cause);
    }

    public static PghopException dumpFailed(String message, Throwable cause) {
        return new PghopException(ExitCode.DUMP_FAILED, message, cause);
    }

    public static PghopException loadFailed(String message, Throwable cause) {
        return new PghopException(ExitCode.LOAD_FAILED, message, cause);
    }

    public static PghopException passwordsFailed(String message) {
        return new PghopException(ExitCode.PASSWORDS_FAILED, message, null);
    }

    public static PghopException upgradeFailed(String message, Throwable cause) {
        return new PghopException(ExitCode.UPGRADE_FAILED, message, cause);
    }

    public static PghopException internal(String message, Throwable cause) {
        return new PghopException(ExitCode.INTERNAL, message, cause);
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
