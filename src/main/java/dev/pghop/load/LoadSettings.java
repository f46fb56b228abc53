package dev.pghop.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Settings for the sessions that load (LOAD_SETTINGS), passed as PGOPTIONS so they speed up ingestion and index
 * builds without touching the server's configuration: by default a large maintenance_work_mem for index builds and
 * synchronous_commit off (a crash mid-load means loading again anyway).
 *
 * @param settings "name=value,name=value", or empty for none
 */
public record LoadSettings(String settings) {
    public static final String DEFAULT = "maintenance_work_mem=512MB,synchronous_commit=off";
    public static final LoadSettings NONE = new LoadSettings("");

    /** The settings as SQL for a session opened over JDBC: SELECT set_config(name, value, false) each. */
    public List<String> setStatements() {
        List<String> statements = new ArrayList<>();
        for (String setting : settings.split(",")) {
            int eq = setting.indexOf('=');
            if (eq > 0) {
                statements.add("SELECT pg_catalog.set_config('" + setting.substring(0, eq).strip().replace("'", "''")
                        + "', '" + setting.substring(eq + 1).strip().replace("'", "''") + "', false)");
            }
        }
        return statements;
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
