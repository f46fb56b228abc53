package dev.pghop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * docs/reference.md holds, between its markers, exactly what the code prints: the variables, the exit codes and each
 * command's --help. With {@code -Dpghop.reference.write=true} (bin/update-reference) the test writes it instead.
 */
class ReferenceDocTest {
    private static final Path DOC = Path.of("docs/reference.md");

    @Test
    void theReferenceIsWhatTheCodePrints() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int begin = doc.indexOf(ReferenceDoc.BEGIN);
        int end = doc.indexOf(ReferenceDoc.END);
        assertThat(begin).as("the generated part's first line in %s", DOC).isNotNegative();
        assertThat(end).as("the generated part's last line in %s", DOC).isGreaterThan(begin);
        String written = doc.substring(begin, end + ReferenceDoc.END.length() + 1);
        String generated = ReferenceDoc.render();
        if (Boolean.getBoolean("pghop.reference.write")) {
            Files.writeString(DOC, doc.substring(0, begin) + generated + doc.substring(begin + written.length()),
                    StandardCharsets.UTF_8);
            return;
        }
        assertThat(written).as("%s against the code: run bin/update-reference after changing a variable, an exit code"
                + " or a command's help", DOC).isEqualTo(generated);
    }
}
