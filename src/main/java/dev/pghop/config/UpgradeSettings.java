package dev.pghop.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything `pghop upgrade` reads from its environment, checked once; `plan` reads the same when it is given PGDATA
 * without PG_HOST, to check an in-place upgrade.
 *
 * @param pgdata PGDATA: the old cluster's data directory
 * @param newPgdata NEW_PGDATA when it names another place than PGDATA; empty: the new cluster takes PGDATA's place
 * @param oldBinDir OLD_PG_BIN_DIR; empty: /usr/lib/postgresql/&lt;old major&gt;/bin
 * @param newBinDir PG_BIN_DIR; empty: where pg_upgrade is found on PATH
 * @param rowProof VERIFY_DATA; none (the default): no row is read
 */
public record UpgradeSettings(Path pgdata, Optional<Path> newPgdata, Optional<Path> oldBinDir,
        Optional<Path> newBinDir, TransferMode transfer, int jobs, boolean recoverCrashed,
        boolean ignoreIncompatible, boolean analyze, VerifyMode rowProof,
        Optional<Path> rolePasswordsDirectory, Duration progressInterval, Path terminationLog) {

    public static UpgradeSettings read(Environment environment) {
        Env env = new Env(environment, "upgrade");
        Path pgdata = env.dataDirectoryOrItsPlace();
        return new UpgradeSettings(pgdata, env.newDataDirectory(pgdata), env.oldBinDirectory(), env.binDirectory(),
                env.transfer(), env.jobs(), env.flag(Var.RECOVER_CRASHED), env.flag(Var.IGNORE_INCOMPATIBLE),
                env.flag(Var.ANALYZE), env.rowProof(), env.rolePasswordsDirectory(), env.progressInterval(),
                env.terminationLog());
    }

    /** What `plan` reads to check an in-place upgrade: the same, but only what the checks need. */
    public static UpgradeSettings forPlan(Environment environment) {
        Env env = new Env(environment, "plan");
        Path pgdata = env.dataDirectory();
        return new UpgradeSettings(pgdata, env.newDataDirectory(pgdata), env.oldBinDirectory(), env.binDirectory(),
                env.transfer(), 1, env.flag(Var.RECOVER_CRASHED), env.flag(Var.IGNORE_INCOMPATIBLE), false,
                VerifyMode.NONE, env.rolePasswordsDirectory(), Duration.ofSeconds(5), env.terminationLog());
    }

    /** Whether plan is asked about an in-place upgrade: PGDATA is set and PG_HOST is not. */
    public static boolean planOfUpgrade(Environment environment) {
        return environment.raw(Var.PGDATA).isPresent() && environment.raw(Var.PG_HOST).isEmpty();
    }
}
