package dev.pghop.testing;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The OS user the test servers run as. PostgreSQL refuses to run as root, and the tests run as root here, so root
 * hands initdb, pg_ctl and postgres to the unprivileged user {@value #NAME} and gives it the files they need.
 * Under any other user nothing changes: the server runs as the current user.
 */
final class ServerUser {

    static final String NAME = "postgres";
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));
    private static final Duration CHOWN_TIMEOUT = Duration.ofMinutes(1);

    private ServerUser() {
    }

    /** The command as the server user will run it. */
    static List<String> command(List<String> command) {
        if (!ROOT) {
            return command;
        }
        requireExists();
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", NAME, "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Makes the server user own the path and everything below it. */
    static void own(Path path) throws IOException {
        if (ROOT) {
            requireExists();
            BoundedProcess.runChecked(List.of("chown", "-R", NAME + ":", path.toString()), null, CHOWN_TIMEOUT);
        }
    }

    private static void requireExists() {
        try {
            FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(NAME);
        } catch (UserPrincipalNotFoundException e) {
            throw new IllegalStateException("the tests run as root and PostgreSQL refuses to run as root, so the test "
                    + "harness runs it as OS user '" + NAME + "', which does not exist here: create an unprivileged "
                    + "user, e.g. `useradd --system --user-group " + NAME + "`", e);
        } catch (IOException e) {
            throw new IllegalStateException("could not look up OS user '" + NAME + "': " + e.getMessage(), e);
        }
    }
}
