package dev.pghop.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mount table as the transfer checks read it. */
class MountsTest {
    @Test
    void mountinfoEscapesAreReadBack() {
        assertThat(Mounts.unescaped("/mnt/my\\040volume")).isEqualTo("/mnt/my volume");
        assertThat(Mounts.unescaped("/var/lib/docker\\134x")).isEqualTo("/var/lib/docker\\x");
        assertThat(Mounts.unescaped("/plain/path")).isEqualTo("/plain/path");
    }

    @Test
    void aDirectoryAndAFileInItAreOnOneMountAndProcIsAnother(@TempDir Path dir) throws Exception {
        assertThat(Mounts.sameMount(dir, dir.resolve("not-made-yet"))).isTrue();
        assertThat(Mounts.isMountPoint(Path.of("/proc"))).isTrue();
        assertThat(Mounts.sameMount(dir, Path.of("/proc"))).isFalse();
    }
}
