package dev.pghop.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** README's table of what the regression corpus found per version pair is the one RegressionCorpusIT proves. */
class CorpusFindingsReadmeTest {
    private static final String SECTION = "### The regression corpus";

    @Test
    void readmesTableIsTheOneTheCorpusTestsProve() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf(SECTION);
        assertThat(start).as("README section " + SECTION).isNotNegative();
        String section = readme.substring(start, readme.indexOf("\n#", start + SECTION.length()));
        List<String> rows = section.lines().filter(line -> line.matches("\\| \\d+ → \\d+ \\|.*")).toList();

        assertThat(rows).as("rows of README's table of the regression corpus hops")
                .containsExactlyElementsOf(CorpusFindings.all().stream().map(CorpusFindings.Hop::readmeRow).toList());
    }
}
