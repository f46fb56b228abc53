package dev.pghop.passwords;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RolePasswordsTest {

    @Test
    void readsASecretVolumeTheWayKubernetesMountsIt(@TempDir Path dir) throws IOException {
        Path data = Files.createDirectory(dir.resolve("..2026_11_24_08_00_00.123"));
        Files.writeString(data.resolve("app"), "s3:cr\\et *x\n");
        Files.createSymbolicLink(dir.resolve("..data"), data.getFileName());
        Files.createSymbolicLink(dir.resolve("app"), Path.of("..data/app"));
        Files.writeString(dir.resolve("café"), "naïve\r\n");
        Files.writeString(dir.resolve("empty"), "\n");
        Files.write(dir.resolve("latin1"), new byte[] {(byte) 0xe9, 'x'});

        try (RolePasswords read = RolePasswords.read(dir)) {
            Map<String, char[]> passwords = read.passwords();
            assertThat(passwords.keySet()).containsExactly("app", "café");
            assertThat(new String(passwords.get("app"))).isEqualTo("s3:cr\\et *x");
            assertThat(new String(passwords.get("café"))).isEqualTo("naïve");
            assertThat(read.unreadable()).containsOnlyKeys("empty", "latin1");
            assertThat(read.unreadable().get("empty")).endsWith("is empty");
            assertThat(read.unreadable().get("latin1")).endsWith("is not UTF-8 text");
        }
    }

    @Test
    void wipesThePasswordsOnClose(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("app"), "secret");
        char[] kept;
        try (RolePasswords read = RolePasswords.read(dir)) {
            kept = read.passwords().get("app");
        }
        assertThat(new String(kept)).isEqualTo("\0".repeat(6));
    }
}
