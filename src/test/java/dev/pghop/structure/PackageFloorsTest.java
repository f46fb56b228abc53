package dev.pghop.structure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The packages stand on floors: the lower ones (report, postgres, process, config, files) know nothing of the
 * commands or the domain packages above them, and no package reaches, through any chain of imports, back to itself.
 * Read from the sources' imports and fully qualified names.
 */
class PackageFloorsTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/pghop");
    private static final Set<String> LOWER = Set.of("report", "postgres", "process", "config", "files");
    private static final Pattern USE = Pattern.compile("\\bdev\\.pghop\\.([a-z]+)\\.[A-Z]");

    @Test
    void theLowerFloorsUseOnlyEachOther() throws IOException {
        List<String> upward = new ArrayList<>();
        uses().forEach((from, tos) -> {
            if (LOWER.contains(from)) {
                tos.stream().filter(to -> !LOWER.contains(to)).forEach(to -> upward.add(from + " -> " + to));
            }
        });
        assertThat(upward).as("uses from a lower floor up to a command or domain package").isEmpty();
    }

    @Test
    void noPackageReachesBackToItself() throws IOException {
        Map<String, Set<String>> uses = uses();
        List<String> cycles = new ArrayList<>();
        for (String start : uses.keySet()) {
            if (reaches(uses, start, start, new HashSet<>())) {
                cycles.add(start);
            }
        }
        assertThat(uses).as("packages read").containsKeys("cli", "upgrade", "report");
        assertThat(cycles).as("packages that reach themselves through their imports").isEmpty();
    }

    private static boolean reaches(Map<String, Set<String>> uses, String from, String target, Set<String> seen) {
        for (String to : uses.getOrDefault(from, Set.of())) {
            if (to.equals(target) || (seen.add(to) && reaches(uses, to, target, seen))) {
                return true;
            }
        }
        return false;
    }

    /** Each package, with the other packages of pghop its sources name. */
    private static Map<String, Set<String>> uses() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = SOURCES.relativize(file.getParent()).toString().replace('/', '.');
                Set<String> to = uses.computeIfAbsent(pkg, p -> new TreeSet<>());
                Matcher use = USE.matcher(Files.readString(file));
                while (use.find()) {
                    if (!use.group(1).equals(pkg)) {
                        to.add(use.group(1));
                    }
                }
            }
        }
        return uses;
    }
}
