package dev.pghop.restore;

import java.io.IOException;

import dev.pghop.process.ToolFailedException;

/** psql stopped the load; {@link #getMessage()} names the dump line, the statement and the server's words. */
public final class LoadFailedException extends IOException {

    LoadFailedException(ToolFailedException psql, LoadFailure located) {
        super(located == null ? psql.getMessage() : located.describe(), psql);
    }

    private LoadFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The same failure, saying which part of the dump psql was loading. */
    public LoadFailedException in(String part) {
        return new LoadFailedException("while loading " + part + ", " + getMessage(), getCause());
    }
}
