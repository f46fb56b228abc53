package dev.pghop.load;

import java.io.IOException;

import dev.pghop.process.ToolFailedException;

/** psql stopped the load; {@link #getMessage()} names the dump line, the statement and the server's words. */
public final class LoadFailedException extends IOException {

    LoadFailedException(ToolFailedException psql, LoadFailure located) {
        super(located == null ? psql.getMessage() : located.describe(), psql);
    }
}
