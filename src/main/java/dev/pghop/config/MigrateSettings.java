package dev.pghop.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import dev.pghop.postgres.Endpoint;

/** Everything `pghop migrate` reads from its environment, checked once: both servers first, then the rest. */
public record MigrateSettings(Endpoint source, Endpoint target, Optional<Path> binDirectory, int jobs,
        LoadSessionSettings sessions, boolean analyze, boolean dropRolePasswords, boolean loadIntoNonEmpty,
        boolean fenceOldWrites, boolean ignoreIncompatible, Optional<Path> rolePasswordsDirectory,
        Duration progressInterval, Duration lockWait, Path terminationLog) {

    public static MigrateSettings read(Environment environment) {
        Env env = new Env(environment, "migrate");
        return new MigrateSettings(env.source(), env.target(), env.binDirectory(), env.jobs(), env.loadSettings(),
                env.flag(Var.ANALYZE), env.flag(Var.DROP_ROLE_PASSWORDS), env.flag(Var.LOAD_INTO_NON_EMPTY),
                env.flag(Var.FENCE_OLD_WRITES), env.flag(Var.IGNORE_INCOMPATIBLE), env.rolePasswordsDirectory(),
                env.progressInterval(), env.lockWait(), env.terminationLog());
    }
}
