package dev.pghop.config;

import java.nio.file.Path;

import dev.pghop.postgres.Endpoint;

/** Everything `pghop passwords` reads from its environment, checked once; ROLE_PASSWORDS_DIR is required here. */
public record PasswordsSettings(Endpoint target, Path rolePasswordsDirectory, Path terminationLog) {

    public static PasswordsSettings read(Environment environment) {
        Env env = new Env(environment, "passwords");
        return new PasswordsSettings(env.target(), env.rolePasswordsDirectory()
                .orElseThrow(() -> Env.invalid(Var.ROLE_PASSWORDS_DIR, "is not set")), env.terminationLog());
    }
}
