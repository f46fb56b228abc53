package dev.pghop.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where an in-place upgrade puts what: beside PGDATA, inside it when it is its volume's root, or NEW_PGDATA. */
class LayoutTest {
    @Test
    void besideADirectoryOfItsVolume(@TempDir Path volume) {
        Path pgdata = volume.resolve("pgdata");
        Layout layout = Layout.of(pgdata, Optional.empty());

        assertThat(layout.kind()).isEqualTo(Layout.Kind.BESIDE);
        assertThat(layout.building(15)).isEqualTo(volume.resolve("pgdata.new-15"));
        assertThat(layout.keptOld(13)).isEqualTo(volume.resolve("pgdata.old-13"));
        assertThat(layout.workspace()).isEqualTo(volume.resolve("pgdata.upgrade"));
        assertThat(layout.rolledBack(15)).isEqualTo(volume.resolve("pgdata.rolled-back-15"));
        assertThat(layout.newParent()).isEqualTo(volume);
    }

    @Test
    void insideAVolumesRoot() {
        Path root = Path.of("/proc"); // a mount point on every Linux machine
        Layout layout = Layout.of(root, Optional.empty());

        assertThat(layout.kind()).isEqualTo(Layout.Kind.INSIDE);
        assertThat(layout.building(15)).isEqualTo(root.resolve(".pghop-new-15"));
        assertThat(layout.keptOld(13)).isEqualTo(root.resolve(".pghop-old-13"));
        assertThat(layout.workspace()).isEqualTo(root.resolve(".pghop-upgrade"));
        assertThat(layout.newParent()).isEqualTo(root);
        assertThat(Trees.notPghops()).accepts("base", "PG_VERSION").rejects(".pghop-old-13", "lost+found");
    }

    @Test
    void elsewhereLeavesPgdataAsItIs(@TempDir Path volume) {
        Path target = volume.resolve("18/docker");
        Layout layout = Layout.of(Path.of("/var/lib/postgresql/data/pgdata"), Optional.of(target));

        assertThat(layout.inPlace()).isFalse();
        assertThat(layout.building(18)).isEqualTo(target);
        assertThat(layout.keptOld(17)).isEqualTo(Path.of("/var/lib/postgresql/data/pgdata"));
        assertThat(layout.workspace()).isEqualTo(volume.resolve("18/docker.upgrade"));
    }
}
