package dev.pghop.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.pghop.testing.PgServer;

/** A dump as the old shell script wrote it, before pghop: {@code PGPASSWORD=... pg_dumpall ... > pg_dumpall.sql}. */
final class ScriptDump {
    private static final long TIMEOUT_SECONDS = 120;

    private ScriptDump() {
    }

    static void write(PgServer old, Path file) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("pg_dumpall", "--host", old.host(), "--port",
                String.valueOf(old.port()), "--username", old.superuser(), "--no-password")
                .redirectOutput(file.toFile()).redirectErrorStream(false)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("PGPASSWORD", old.password());
        Process process = builder.start();
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("pg_dumpall did not finish within " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while pg_dumpall ran", e);
        }
        if (process.exitValue() != 0 || Files.size(file) == 0) {
            throw new IOException("pg_dumpall exited with " + process.exitValue() + " and wrote "
                    + Files.size(file) + " bytes to " + file);
        }
    }
}
