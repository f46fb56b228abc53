package dev.pghop.upgrade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import dev.pghop.postgres.PgVersion;
import dev.pghop.process.ClientPrograms;
import dev.pghop.process.ToolProcess;

/**
 * The server programs of one PostgreSQL major, from one bin directory: an in-place upgrade runs those of two majors
 * side by side, the old one's to read and stop the old cluster, the new one's to make the new cluster and upgrade.
 *
 * @param version what that directory's postgres says it is
 */
public record ServerPrograms(Path binDir, PgVersion version) {
    /** Where Debian's packages and the official images put each major's programs. */
    static final String DEBIAN_LAYOUT = "/usr/lib/postgresql/%d/bin";
    private static final Duration VERSION_BOUND = Duration.ofSeconds(30);
    /** What the old major's programs must include. */
    static final List<String> OLD_MAJOR_NEEDS = List.of("postgres", "pg_ctl", "pg_controldata");
    /** What the new major's programs must include. */
    static final List<String> NEW_MAJOR_NEEDS = List.of("postgres", "pg_ctl", "pg_controldata", "initdb",
            "pg_upgrade", "psql", "vacuumdb");

    /** Why a bin directory cannot serve: it does not exist, lacks a program, or holds another major. */
    public static final class Missing extends Exception {
        Missing(String message) {
            super(message);
        }
    }

    /** The programs of {@code major} in {@code binDir}, else in the Debian layout's directory of that major. */
    static ServerPrograms ofMajor(int major, Optional<Path> binDir) throws Missing, InterruptedException {
        Path dir = binDir.orElse(Path.of(String.format(DEBIAN_LAYOUT, major)));
        ServerPrograms programs = in(dir, OLD_MAJOR_NEEDS);
        if (programs.version.major() != major) {
            throw new Missing(dir + " holds the programs of PostgreSQL " + programs.version + ", not " + major);
        }
        return programs;
    }

    /** The new major's programs: those of {@code binDir}, else of the directory pg_upgrade is found in on PATH. */
    static ServerPrograms newest(Optional<Path> binDir) throws Missing, InterruptedException {
        if (binDir.isPresent()) {
            return in(binDir.get(), NEW_MAJOR_NEEDS);
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        Path upgrade = Arrays.stream(path.split(":")).filter(d -> !d.isEmpty()).map(d -> Path.of(d, "pg_upgrade"))
                .filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new Missing("pg_upgrade is not on PATH: run pghop upgrade in the upgrade image of"
                        + " the new major (pghop:<version>-upgrade-pg<major>)"));
        try {
            return in(upgrade.toRealPath().getParent(), NEW_MAJOR_NEEDS);
        } catch (IOException e) {
            throw new Missing("cannot resolve " + upgrade + ": " + e.getMessage());
        }
    }

    private static ServerPrograms in(Path dir, List<String> needs) throws Missing, InterruptedException {
        if (!Files.isDirectory(dir)) {
            throw new Missing(dir + " does not exist");
        }
        List<String> lacking = needs.stream().filter(p -> !Files.isExecutable(dir.resolve(p))).toList();
        if (!lacking.isEmpty()) {
            throw new Missing(dir + " lacks " + String.join(", ", lacking));
        }
        try {
            String output = ClientPrograms.serverProgram(dir, "postgres", List.of("--version")).output(VERSION_BOUND);
            return new ServerPrograms(dir, PgVersion.fromToolOutput(output));
        } catch (IOException | IllegalArgumentException e) {
            throw new Missing(dir.resolve("postgres") + " does not run here: " + e.getMessage());
        }
    }

    public int major() {
        return version.major();
    }

    /** One of these programs, with its arguments. */
    ToolProcess.Builder program(String name, List<String> args) {
        return ClientPrograms.serverProgram(binDir, name, args);
    }

    @Override
    public String toString() {
        return "PostgreSQL " + version + " (" + binDir + ")";
    }
}
