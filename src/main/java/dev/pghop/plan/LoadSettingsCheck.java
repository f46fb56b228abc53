package dev.pghop.plan;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;

import dev.pghop.config.Env;
import dev.pghop.config.LoadSessionSettings;
import dev.pghop.config.Var;
import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.Sessions;
import dev.pghop.report.PghopException;

/**
 * LOAD_SETTINGS tried on the new server before anything is written: a session opened with them as its startup
 * options, exactly as the loading psql, pg_restore and vacuumdb get them. A misspelt name or a bad value then stops
 * pghop with exit 2 and nothing written, instead of failing the load's first connection half-way.
 */
public final class LoadSettingsCheck {
    /** Unknown parameter, invalid value, not settable now, not permitted: the server refuses a setting. */
    private static final Set<String> REFUSED_SETTING = Set.of("42704", "22023", "55P02", "42501");

    private LoadSettingsCheck() {
    }

    public static void tryOn(Endpoint target, LoadSessionSettings settings) {
        Optional<String> options = settings.pgOptions();
        if (options.isEmpty()) {
            return;
        }
        try (Connection c = Sessions.openWithOptions(target, options.get())) {
            c.isValid(5);
        } catch (PghopException e) {
            if (e.getCause() instanceof SQLException sql && REFUSED_SETTING.contains(sql.getSQLState())) {
                throw Env.invalid(Var.LOAD_SETTINGS, "is '" + settings.settings() + "', which the " + target
                        + " refuses: " + sql.getMessage() + ". Fix or remove that setting, or set LOAD_SETTINGS=none");
            }
            throw e;
        } catch (SQLException e) {
            throw PghopException.connectionFailed("while trying LOAD_SETTINGS on the " + target + ": "
                    + e.getMessage(), e);
        }
    }
}
