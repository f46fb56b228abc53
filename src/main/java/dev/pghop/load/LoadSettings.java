package dev.pghop.load;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;

import dev.pghop.config.Env;
import dev.pghop.config.PghopEnv.Var;
import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.Sessions;
import dev.pghop.report.PghopException;

/**
 * Settings for the sessions that load (LOAD_SETTINGS), passed as PGOPTIONS so they speed up ingestion and index
 * builds without touching the server's configuration: by default a large maintenance_work_mem for index builds and
 * synchronous_commit off (a crash mid-load means loading again anyway).
 *
 * @param settings "name=value,name=value", or empty for none
 */
public record LoadSettings(String settings) {
    /** Unknown parameter, invalid value, not settable now, not permitted: the server refuses a setting. */
    private static final Set<String> REFUSED_SETTING = Set.of("42704", "22023", "55P02", "42501");
    public static final String DEFAULT = "maintenance_work_mem=512MB,synchronous_commit=off";
    public static final LoadSettings NONE = new LoadSettings("");

    /**
     * Opens a session to the new server with these settings as its startup options, exactly as the loading psql,
     * pg_restore and vacuumdb get them, before anything is loaded: a misspelt name or a bad value then stops pghop
     * with exit 2 and nothing written, instead of failing the load's first connection half-way.
     */
    public void checkOn(Endpoint target) {
        Optional<String> options = pgOptions();
        if (options.isEmpty()) {
            return;
        }
        try (Connection c = Sessions.openWithOptions(target, options.get())) {
            c.isValid(5);
        } catch (PghopException e) {
            if (e.getCause() instanceof SQLException sql && REFUSED_SETTING.contains(sql.getSQLState())) {
                throw Env.invalid(Var.LOAD_SETTINGS, "is '" + settings + "', which the " + target + " refuses: "
                        + sql.getMessage() + ". Fix or remove that setting, or set LOAD_SETTINGS=none");
            }
            throw e;
        } catch (SQLException e) {
            throw PghopException.connectionFailed("while trying LOAD_SETTINGS on the " + target + ": "
                    + e.getMessage(), e);
        }
    }

    /** The settings as libpq's PGOPTIONS: "-c name=value -c ...", or empty when there are none. */
    public Optional<String> pgOptions() {
        StringBuilder options = new StringBuilder();
        for (String setting : settings.split(",")) {
            if (!setting.isBlank()) {
                options.append(options.isEmpty() ? "" : " ").append("-c ").append(setting.strip());
            }
        }
        return options.isEmpty() ? Optional.empty() : Optional.of(options.toString());
    }
}
