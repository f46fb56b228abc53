package dev.pghop.config;

import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.config.ConfigProvider;

import io.smallrye.config.Expressions;

/**
 * Where the variables' values come from: the process environment, read through the application's configuration so
 * that a test profile may set them as properties ({@code pg.port} for PG_PORT). A value is taken exactly as given:
 * nothing in it is expanded, so a password holding {@code ${...}} stays itself.
 */
public interface Environment {

    /** The value of one variable, when it is set; an empty value reads as not set (see {@link #setButEmpty}). */
    Optional<String> raw(Var var);

    /** Whether the variable is set, but empty or blank: configuration reads such a value as not set at all. */
    boolean setButEmpty(Var var);

    /** The process's own environment. */
    static Environment ofProcess() {
        return new Environment() {
            @Override
            public Optional<String> raw(Var var) {
                return Expressions.withoutExpansion(
                        () -> ConfigProvider.getConfig().getOptionalValue(var.property(), String.class));
            }

            @Override
            public boolean setButEmpty(Var var) {
                String value = System.getenv(var.name());
                return value != null && value.isBlank();
            }
        };
    }

    /** Fixed values by variable name, as a test gives them. */
    static Environment of(Map<String, String> values) {
        return new Environment() {
            @Override
            public Optional<String> raw(Var var) {
                return Optional.ofNullable(values.get(var.name())).filter(v -> !v.isBlank());
            }

            @Override
            public boolean setButEmpty(Var var) {
                String value = values.get(var.name());
                return value != null && value.isBlank();
            }
        };
    }
}
