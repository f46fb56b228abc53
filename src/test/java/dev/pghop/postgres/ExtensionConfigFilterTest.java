package dev.pghop.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class ExtensionConfigFilterTest {

    @Test
    void anOrInTheFilterKeepsItsParenthesesBesideAnotherCondition() {
        ExtensionConfigFilter filter = new ExtensionConfigFilter("WHERE kind = 'a' OR kind = 'b'");

        assertThat(filter.clause(Optional.of("ctid >= '(0,0)'"))).isEqualTo(" WHERE (kind = 'a' OR kind = 'b')"
                + " AND (ctid >= '(0,0)')");
        assertThat(filter.clause(Optional.empty())).isEqualTo(" WHERE (kind = 'a' OR kind = 'b')");
        assertThat(new ExtensionConfigFilter("where(x)").condition()).contains("(x)");
    }

    @Test
    void anEmptyFilterKeepsEveryRow() {
        assertThat(ExtensionConfigFilter.ALL_ROWS.clause(Optional.empty())).isEmpty();
        assertThat(new ExtensionConfigFilter(" ").clause(Optional.of("a > 1"))).isEqualTo(" WHERE a > 1");
    }

    @Test
    void aFilterThatIsNoWhereClauseIsAppendedAsWrittenAndNeverCombined() {
        ExtensionConfigFilter odd = new ExtensionConfigFilter("ORDER BY 1");

        assertThat(odd.combines()).isFalse();
        assertThat(odd.clause(Optional.empty())).isEqualTo(" ORDER BY 1");
        assertThatThrownBy(() -> odd.clause(Optional.of("a > 1"))).isInstanceOf(IllegalStateException.class);
        assertThat(new ExtensionConfigFilter("WHEREVER").combines()).isFalse();
    }
}
