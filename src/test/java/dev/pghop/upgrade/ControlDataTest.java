package dev.pghop.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** pg_controldata's output, as the in-place upgrade reads it: the state, the checksums, the WAL segment size. */
class ControlDataTest {
    private static final String SHUT_DOWN = """
            pg_control version number:            1300
            Catalog version number:               202007201
            Database system identifier:           7448532906011508771
            Database cluster state:               shut down
            pg_control last modified:             Sun 06 Dec 2026 19:06:57 UTC
            Bytes per WAL segment:                67108864
            Database block size:                  8192
            Data page checksum version:           1
            """;

    @Test
    void aCleanlyShutDownClusterWithChecksumsAndLargeSegments() {
        ControlData control = ControlData.parse(SHUT_DOWN);

        assertThat(control.readable()).isTrue();
        assertThat(control.shutDownCleanly()).isTrue();
        assertThat(control.dataChecksums()).isTrue();
        assertThat(control.walSegmentMegabytes()).contains(64);
        assertThat(control.blockSize()).contains(8192);
    }

    @Test
    void aCrashedClusterIsNotShutDownCleanly() {
        ControlData control = ControlData.parse(SHUT_DOWN.replace("shut down", "in production")
                .replace("checksum version:           1", "checksum version:           0"));

        assertThat(control.shutDownCleanly()).isFalse();
        assertThat(control.state()).isEqualTo("in production");
        assertThat(control.dataChecksums()).isFalse();
    }

    @Test
    void outputThatIsNoControlFileIsNotReadable() {
        assertThat(ControlData.parse("pg_controldata: error: could not open file").readable()).isFalse();
    }
}
