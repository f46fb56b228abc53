package dev.pghop.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import dev.pghop.postgres.Endpoint;

/**
 * Everything `pghop dump` reads from its environment, checked once, in the order a person fixes them: the volume,
 * the old server, then the rest.
 *
 * @param dumpDirectory PGDUMP_PATH, an existing directory this user may write
 * @param target the new server, when NEW_PG_HOST is set here too: the dump then runs the checks of the pair
 */
public record DumpSettings(Path dumpDirectory, Endpoint source, Optional<Endpoint> target, Optional<Path> binDirectory,
        Duration lockWait, Duration progressInterval, int jobs, DumpFormat format, boolean keepScriptDump,
        boolean fenceOldWrites, boolean ignoreIncompatible, Path terminationLog) {

    public static DumpSettings read(Environment environment) {
        Env env = new Env(environment, "dump");
        return new DumpSettings(env.dumpDirectory(true), env.source(), env.targetIfSet(), env.binDirectory(),
                env.lockWait(), env.progressInterval(), env.jobs(), env.dumpFormat(), env.flag(Var.KEEP_SCRIPT_DUMP),
                env.flag(Var.FENCE_OLD_WRITES), env.flag(Var.IGNORE_INCOMPATIBLE), env.terminationLog());
    }
}
