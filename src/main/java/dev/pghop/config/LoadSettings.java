package dev.pghop.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import dev.pghop.postgres.Endpoint;

/**
 * Everything `pghop load` reads from its environment, checked once: the volume, the new server, then the rest.
 *
 * @param dumpDirectory PGDUMP_PATH, an existing directory this user may read
 * @param source the old server, when PG_HOST is set here too: a dump written without pghop is then checked against it
 */
public record LoadSettings(Path dumpDirectory, Endpoint target, Optional<Endpoint> source, boolean loadIntoNonEmpty,
        boolean ignoreIncompatible, boolean dropRolePasswords, Optional<Path> rolePasswordsDirectory, int jobs,
        LoadSessionSettings sessions, DumpFormat format, Optional<Path> binDirectory, Duration progressInterval,
        boolean analyze, Path terminationLog) {

    public static LoadSettings read(Environment environment) {
        Env env = new Env(environment, "load");
        return new LoadSettings(env.dumpDirectory(false), env.target(), env.sourceIfSet(),
                env.flag(Var.LOAD_INTO_NON_EMPTY), env.flag(Var.IGNORE_INCOMPATIBLE), env.flag(Var.DROP_ROLE_PASSWORDS),
                env.rolePasswordsDirectory(), env.jobs(), env.loadSettings(), env.dumpFormat(), env.binDirectory(),
                env.progressInterval(), env.flag(Var.ANALYZE), env.terminationLog());
    }
}
