package dev.pghop.config;

import java.nio.file.Path;
import java.util.Optional;

import dev.pghop.postgres.Endpoint;

/**
 * Everything `pghop plan` reads from its environment, checked once.
 *
 * @param dumpDirectory PGDUMP_PATH when set, whose room plan checks
 */
public record PlanSettings(Endpoint source, Endpoint target, Optional<Path> dumpDirectory, boolean loadIntoNonEmpty,
        boolean ignoreIncompatible, Optional<Path> binDirectory, Optional<Path> rolePasswordsDirectory,
        boolean fenceOldWrites, Path terminationLog) {

    public static PlanSettings read(Environment environment) {
        Env env = new Env(environment, "plan");
        return new PlanSettings(env.source(), env.target(),
                env.optional(Var.PGDUMP_PATH).map(p -> env.dumpDirectory(true)), env.flag(Var.LOAD_INTO_NON_EMPTY),
                env.flag(Var.IGNORE_INCOMPATIBLE), env.binDirectory(), env.rolePasswordsDirectory(),
                env.flag(Var.FENCE_OLD_WRITES), env.terminationLog());
    }
}
