package dev.pghop.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PgVersionTest {

    @Test
    void readsClientAndServerVersions() {
        assertThat(PgVersion.fromToolOutput("psql (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)\n"))
                .isEqualTo(new PgVersion(15, 18));
        assertThat(PgVersion.fromToolOutput("pg_dumpall (PostgreSQL) 18beta1")).isEqualTo(new PgVersion(18, 0));
        assertThat(PgVersion.fromServerVersionNum(120022)).isEqualTo(new PgVersion(12, 22));
        assertThatThrownBy(() -> PgVersion.fromToolOutput("bash: psql: not found"))
                .hasMessageContaining("not a PostgreSQL version line");
    }

    @Test
    void knowsWhichPsqlUnderstandsRestrict() {
        assertThat(new PgVersion(15, 18).understandsRestrict()).isTrue();
        assertThat(new PgVersion(15, 13).understandsRestrict()).isFalse();
        assertThat(new PgVersion(13, 21).understandsRestrict()).isFalse();
        assertThat(new PgVersion(12, 22).understandsRestrict()).isFalse();
        assertThat(new PgVersion(18, 0).understandsRestrict()).isTrue();
    }
}
