package dev.pghop.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.pghop.config.TransferMode;

/** The state a rerun takes up, and when the old cluster is still whole, by transfer mode. */
class UpgradeStateTest {
    @TempDir
    Path workspace;

    @Test
    void whatIsWrittenIsReadBack() throws IOException {
        UpgradeState state = UpgradeState.begin(13, 15, TransferMode.LINK).withSuperuser("admin")
                .at(UpgradeState.Phase.FINISHING).withNewStarted();
        state.write(workspace);

        assertThat(UpgradeState.read(workspace)).hasValueSatisfying(read -> {
            assertThat(read.phase()).isEqualTo(UpgradeState.Phase.FINISHING);
            assertThat(read.oldMajor()).isEqualTo(13);
            assertThat(read.newMajor()).isEqualTo(15);
            assertThat(read.transfer()).isEqualTo(TransferMode.LINK);
            assertThat(read.superuser()).isEqualTo("admin");
            assertThat(read.newStarted()).isTrue();
        });
    }

    @Test
    void linkKeepsTheWayBackUntilTheNewClusterStartsSwapOnlyBeforeItsTransferCopyAlways() {
        UpgradeState link = UpgradeState.begin(13, 15, TransferMode.LINK).at(UpgradeState.Phase.TRANSFERRED);
        assertThat(link.oldIntact()).isTrue();
        assertThat(link.withNewStarted().oldIntact()).isFalse();

        UpgradeState swap = UpgradeState.begin(17, 18, TransferMode.SWAP);
        assertThat(swap.at(UpgradeState.Phase.CHECKED).oldIntact()).isTrue();
        assertThat(swap.at(UpgradeState.Phase.TRANSFERRING).oldIntact()).isFalse();

        UpgradeState copy = UpgradeState.begin(13, 15, TransferMode.COPY).at(UpgradeState.Phase.DONE).withNewStarted();
        assertThat(copy.oldIntact()).isTrue();
    }

    @Test
    void noFileIsNoState() throws IOException {
        assertThat(UpgradeState.read(workspace)).isEmpty();
    }
}
