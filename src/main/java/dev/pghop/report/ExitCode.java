package dev.pghop.report;

/**
 * Every exit status pghop can end with, in one place. docs/reference.md carries the same table, generated from it.
 */
public enum ExitCode {
    OK(0, "success; also a dump that was skipped because a complete one already exists"),
    INTERNAL(1, "unexpected error inside pghop (a bug: please report it with the log)"),
    INVALID_INPUT(2, "a variable or argument is missing or malformed; nothing was changed"),
    REFUSED(3, "a safety check refused to start; nothing was changed"),
    CONNECTION_FAILED(4, "a server could not be reached or refused the login"),
    DUMP_FAILED(5, "the dump failed; no pg_dumpall.sql was written"),
    LOAD_FAILED(6, "the load failed; its message says whether the new server was written to and must be reset"),
    VERIFY_FAILED(7, "verify found differences between the old and the new server; see the report"),
    PASSWORDS_FAILED(8, "a role from ROLE_PASSWORDS_DIR could not be given its password or could not log in with it"),
    UPGRADE_FAILED(9, "upgrade failed; its message says whether the old cluster is intact and how to go on"),
    INTERRUPTED(143, "stopped by SIGTERM (the pod was deleted or its deadline passed); the summary says what it left");

    private final int status;
    private final String meaning;

    ExitCode(int status, String meaning) {
        this.status = status;
        this.meaning = meaning;
    }

    public int status() {
        return status;
    }

    public String meaning() {
        return meaning;
    }
}
