package dev.pghop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every link between the README and the documents under docs/ leads somewhere: to a file of the project that
 * exists, and to a heading of it where the link names one. The README stays short: under 15 KB.
 */
class DocLinksTest {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} (.+)$");
    private static final long README_MOST = 15 * 1024;

    @Test
    void everyLinkInTheDocumentsResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path doc : documents()) {
            Matcher link = LINK.matcher(Files.readString(doc, StandardCharsets.UTF_8));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue; // a web address: not checked here
                }
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                Path resolved = file.isEmpty() ? doc : doc.getParent() == null ? Path.of(file)
                        : doc.getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(doc + ": " + target + " (no file " + resolved + ")");
                } else if (anchor != null && !anchors(resolved).contains(anchor)) {
                    broken.add(doc + ": " + target + " (no heading #" + anchor + " in " + resolved + ")");
                }
            }
        }
        assertThat(broken).as("links that lead nowhere").isEmpty();
    }

    @Test
    void theReadmeIsShort() throws IOException {
        assertThat(Files.size(Path.of("README.md"))).as("README.md's size in bytes").isLessThan(README_MOST);
    }

    private static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> files = Files.list(Path.of("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    /** The anchors of a document's headings, as GitHub makes them. */
    private static Set<String> anchors(Path doc) throws IOException {
        if (!doc.toString().endsWith(".md")) {
            return Set.of();
        }
        Matcher heading = HEADING.matcher(Files.readString(doc, StandardCharsets.UTF_8));
        List<String> found = new ArrayList<>();
        while (heading.find()) {
            found.add(slug(heading.group(1)));
        }
        return found.stream().collect(Collectors.toSet());
    }

    static String slug(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }
}
