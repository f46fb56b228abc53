package dev.pghop.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

import dev.pghop.postgres.PgVersion;
import dev.pghop.report.PghopException;

/** Finds the PostgreSQL client programs (in PG_BIN_DIR, else on PATH) and tells their versions. */
public final class PgTools {
    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(30);
    private final Optional<Path> binDir;
    private final Function<String, RuntimeException> binDirProblem;

    /**
     * @param binDir PG_BIN_DIR, when set
     * @param binDirProblem the error for a program that cannot be found, given what is wrong: the settings' own,
     *        which names PG_BIN_DIR and what it is for
     */
    public PgTools(Optional<Path> binDir, Function<String, RuntimeException> binDirProblem) {
        this.binDir = binDir;
        this.binDirProblem = binDirProblem;
    }

    public Path find(String tool) {
        if (binDir.isPresent()) {
            Path candidate = binDir.get().resolve(tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
            throw binDirProblem.apply("names " + binDir.get() + ", which holds no executable " + tool
                    + "; point it at the bin directory of the PostgreSQL client programs");
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Arrays.stream(path.split(":")).filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, tool))
                .filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> binDirProblem.apply("is not set and " + tool + " is not on PATH; install the"
                        + " PostgreSQL client programs or set PG_BIN_DIR to their directory"));
    }

    public PgVersion version(String tool) {
        Path binary = find(tool);
        try (ToolProcess p = ToolProcess.of(binary).args("--version").stdout(ToolProcess.Stdout.PIPE).start()) {
            String output;
            try (InputStream in = p.stdout()) {
                output = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
            }
            p.awaitSuccess(VERSION_TIMEOUT);
            return PgVersion.fromToolOutput(output);
        } catch (IOException | IllegalArgumentException e) {
            throw PghopException.internal("cannot tell the version of " + binary + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PghopException.internal("interrupted while asking " + binary + " for its version", e);
        }
    }
}
