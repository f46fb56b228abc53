package dev.pghop.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the in-place upgrade carries from the old data directory into the new one: the configuration files, the files
 * the configuration names, the other top-level files; a setting the new major does not know, carried as a comment.
 */
class CarriedConfigTest {
    @TempDir
    Path old;
    @TempDir
    Path fresh;

    @Test
    void carriesTheConfigurationAndCommentsOutWhatTheNewMajorDoesNotKnow() throws IOException {
        Files.writeString(old.resolve("postgresql.conf"), "# sample\nlisten_addresses = '*'\nwal_keep_segments = 64\n"
                + "include_dir = 'conf.d'\n");
        Files.writeString(old.resolve("postgresql.auto.conf"), "work_mem = '12MB'\n");
        Files.writeString(old.resolve("pg_hba.conf"), "host all all all md5\n");
        Files.writeString(old.resolve("server.crt"), "cert\n");
        Files.writeString(old.resolve("PG_VERSION"), "13\n");
        Files.createDirectories(old.resolve("conf.d"));
        Files.writeString(old.resolve("conf.d/tuning.conf"), "shared_buffers = '1GB'\n");
        Files.createDirectories(old.resolve("base"));
        Files.createDirectories(old.resolve("backups"));
        List<OldCluster.FileSetting> settings = List.of(
                setting("postgresql.conf", 2, "listen_addresses", "*"),
                setting("postgresql.conf", 3, "wal_keep_segments", "64"),
                setting("conf.d/tuning.conf", 1, "shared_buffers", "1GB"),
                setting("postgresql.auto.conf", 1, "work_mem", "12MB"),
                setting("postgresql.auto.conf", 1, "pg_stat_statements.max", "5000"));

        CarriedConfig carried = CarriedConfig.plan(old, settings, Set.of("listen_addresses", "shared_buffers",
                "work_mem"));

        assertThat(carried.files()).extracting(Path::toString).containsExactlyInAnyOrder("postgresql.conf",
                "postgresql.auto.conf", "pg_hba.conf", "server.crt", "conf.d/tuning.conf");
        assertThat(carried.unknown()).singleElement().satisfies(u -> {
            assertThat(u.name()).isEqualTo("wal_keep_segments");
            assertThat(u.describe()).contains("postgresql.conf line 3", "wal_keep_size");
        });
        assertThat(carried.notCarried()).singleElement().asString().contains("backups/");

        carried.apply(old, fresh, 13, 15);
        assertThat(Files.readAllLines(fresh.resolve("postgresql.conf"))).containsExactly("# sample",
                "listen_addresses = '*'", "# pghop: PostgreSQL 15 has no setting wal_keep_segments (carried from"
                        + " PostgreSQL 13; PostgreSQL 13 replaced it by wal_keep_size, in MB (segments × 16 MB)):"
                        + " wal_keep_segments = 64", "include_dir = 'conf.d'");
        assertThat(fresh.resolve("conf.d/tuning.conf")).hasContent("shared_buffers = '1GB'");
        assertThat(fresh.resolve("server.crt")).hasContent("cert");
        assertThat(fresh.resolve("PG_VERSION")).doesNotExist();
    }

    private OldCluster.FileSetting setting(String file, int line, String name, String value) {
        return new OldCluster.FileSetting(old.resolve(file), line, name, value);
    }
}
