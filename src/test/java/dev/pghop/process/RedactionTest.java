package dev.pghop.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void masksSqlPasswordLiteralsAndConnectionStringPasswords() {
        assertThat(Redaction.secrets("LINE 1: ALTER ROLE \"a\" WITH LOGIN PASSWORD 'md5abc''x' VALID UNTIL"))
                .isEqualTo("LINE 1: ALTER ROLE \"a\" WITH LOGIN PASSWORD '*****' VALID UNTIL");
        assertThat(Redaction.secrets("host=h password='se cret' user=u")).isEqualTo("host=h password=***** user=u");
        assertThat(Redaction.secrets("password=abc")).isEqualTo("password=*****");
        assertThat(Redaction.secrets("plain text")).isEqualTo("plain text");
    }
}
