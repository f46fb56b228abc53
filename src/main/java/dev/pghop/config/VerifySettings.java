package dev.pghop.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import dev.pghop.postgres.Endpoint;

/**
 * Everything `pghop verify` reads from its environment, checked once.
 *
 * @param reportFile where the JSON report goes: VERIFY_REPORT, else verify-report.json in PGDUMP_PATH, else none
 * @param rolePasswordsDirectory ROLE_PASSWORDS_DIR, of which verify reads only the file names
 */
public record VerifySettings(Endpoint source, Endpoint target, VerifyMode mode, int jobs, Duration progressInterval,
        Optional<Path> reportFile, Optional<Path> rolePasswordsDirectory, boolean dropRolePasswords,
        Path terminationLog) {

    public static VerifySettings read(Environment environment) {
        Env env = new Env(environment, "verify");
        return new VerifySettings(env.source(), env.target(), env.verifyMode(), env.jobs(), env.progressInterval(),
                env.verifyReportFile(), env.rolePasswordsDirectory(), env.flag(Var.DROP_ROLE_PASSWORDS),
                env.terminationLog());
    }
}
