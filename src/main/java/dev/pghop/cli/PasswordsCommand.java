package dev.pghop.cli;

import java.util.Optional;
import java.util.concurrent.Callable;

import dev.pghop.config.Environment;
import dev.pghop.config.PasswordsSettings;
import dev.pghop.passwords.PasswordStep;
import dev.pghop.report.Outcome;
import dev.pghop.report.PghopException;
import picocli.CommandLine.Command;

@Command(name = "passwords", mixinStandardHelpOptions = true,
        description = {"Gives roles on the new server the passwords in ROLE_PASSWORDS_DIR (one file per role), stored "
                + "as SCRAM-SHA-256 computed here, and proves each by logging in as that role.",
                "Then names every login role that still cannot log in. `load` does the same as its last step; run "
                        + "this to fix roles later."})
public class PasswordsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        PasswordsSettings settings = PasswordsSettings.read(Environment.ofProcess());
        PasswordStep.Result result = PasswordStep.run(settings.target(),
                Optional.of(settings.rolePasswordsDirectory()));
        if (!result.failures().isEmpty()) {
            throw PghopException.passwordsFailed(result.summary());
        }
        Outcome.success(settings.terminationLog(), "passwords", result.summary());
        return 0;
    }
}
