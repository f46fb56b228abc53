package dev.pghop.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The table in docs/development.md of what the regression corpus found per version pair is the one
 * RegressionCorpusIT proves.
 */
class CorpusFindingsDocTest {
    private static final Path DOC = Path.of("docs/development.md");
    private static final String SECTION = "### The regression corpus";

    @Test
    void theDocumentsTableIsTheOneTheCorpusTestsProve() throws IOException {
        String doc = Files.readString(DOC);
        int start = doc.indexOf(SECTION);
        assertThat(start).as(DOC + " section " + SECTION).isNotNegative();
        String section = doc.substring(start, doc.indexOf("\n#", start + SECTION.length()));
        List<String> rows = section.lines().filter(line -> line.matches("\\| \\d+ → \\d+ \\|.*")).toList();

        assertThat(rows).as("rows of the table of the regression corpus hops in " + DOC)
                .containsExactlyElementsOf(CorpusFindings.all().stream().map(CorpusFindings.Hop::docRow).toList());
    }
}
