package dev.pghop.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import dev.pghop.config.Env;
import dev.pghop.config.PghopEnv;
import dev.pghop.config.PghopEnv.Var;
import dev.pghop.passwords.PasswordStep;
import dev.pghop.postgres.Endpoint;
import dev.pghop.report.Outcome;
import dev.pghop.report.PghopException;
import picocli.CommandLine.Command;

@Command(name = "passwords", mixinStandardHelpOptions = true,
        description = {"Gives roles on the new server the passwords in ROLE_PASSWORDS_DIR (one file per role), stored "
                + "as SCRAM-SHA-256 computed here, and proves each by logging in as that role.",
                "Then names every login role that still cannot log in. `load` does the same as its last step; run "
                        + "this to fix roles later."})
public class PasswordsCommand implements Callable<Integer> {
    @Inject
    PghopEnv rawEnv;

    @Override
    public Integer call() {
        Env env = new Env(rawEnv);
        Endpoint target = env.target();
        Path dir = env.rolePasswordsDirectory().orElseThrow(() -> Env.invalid(Var.ROLE_PASSWORDS_DIR, "is not set"));
        PasswordStep.Result result = PasswordStep.run(target, java.util.Optional.of(dir));
        if (!result.failures().isEmpty()) {
            throw PghopException.passwordsFailed(result.summary());
        }
        Outcome.success(env.terminationLog(), "passwords", result.summary());
        return 0;
    }
}
