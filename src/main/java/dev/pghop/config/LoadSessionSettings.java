package dev.pghop.config;

import java.util.Optional;

/**
 * LOAD_SETTINGS: settings for the sessions that load, passed as PGOPTIONS so they speed up ingestion and index
 * builds without touching the server's configuration: by default a large maintenance_work_mem for index builds and
 * synchronous_commit off (a crash mid-load means loading again anyway). Whether the new server takes them is tried
 * before anything is written (plan's LoadSettingsCheck).
 *
 * @param settings "name=value,name=value", or empty for none
 */
public record LoadSessionSettings(String settings) {
    public static final String DEFAULT = "maintenance_work_mem=512MB,synchronous_commit=off";
    public static final LoadSessionSettings NONE = new LoadSessionSettings("");

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
