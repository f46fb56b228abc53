package dev.pghop.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import dev.pghop.report.Sizes;

/**
 * The report verify prints: what was compared, then a table of the differences grouped by database (object, what
 * differs, old value, new value), then the expected differences with their reason. A long value is cut to the
 * part around its first difference from the other side.
 */
public final class TextReport {
    static final String CLUSTER_WIDE = "cluster-wide (roles, memberships, parameters)";
    private static final int OBJECT_WIDTH = 40;
    private static final int WHAT_WIDTH = 30;
    private static final int VALUE_WIDTH = 36;

    private TextReport() {
    }

    public static String render(VerifyReport report) {
        StringBuilder out = new StringBuilder();
        VerifyReport.Compared c = report.compared();
        out.append("Old server: ").append(report.oldServer()).append('\n')
                .append("New server: ").append(report.newServer()).append('\n')
                .append(String.format(Locale.ROOT, "Compared: %d catalog objects, %d databases, %d tables (%d rows,"
                        + " %s) in %s%n", c.objects(), c.databases(), c.tables(), c.rows(),
                        switch (report.mode()) {
                            case CHECKSUMS -> "counts and checksums";
                            case COUNTS -> "counts only: no value was compared";
                            case NONE -> "no row was read: VERIFY_DATA=none";
                        },
                        Sizes.duration(report.took())));
        section(out, "Differences", report.unexpected());
        section(out, "Expected differences", report.expected());
        out.append(!report.equal() ? "\nRESULT: DIFFERENT: " + report.unexpected().size() + " difference(s).\n"
                : switch (report.mode()) {
                    case CHECKSUMS -> "\nRESULT: EQUAL: the new server holds what the old one held.\n";
                    case COUNTS -> "\nRESULT: EQUAL in the catalog and in every table's row count. The rows' values"
                            + " were NOT compared (VERIFY_DATA=counts): a changed value goes unnoticed; run with"
                            + " VERIFY_DATA=checksums to compare them.\n";
                    case NONE -> "\nRESULT: EQUAL in the catalog, the sequences and the large objects' count. No"
                            + " row was read (VERIFY_DATA=none); set VERIFY_DATA=counts or checksums to compare the"
                            + " rows too.\n";
                });
        return out.toString();
    }

    private static void section(StringBuilder out, String title, List<Difference> differences) {
        out.append('\n').append(title).append(": ").append(differences.isEmpty() ? "none" : differences.size())
                .append('\n');
        if (differences.isEmpty()) {
            return;
        }
        Map<String, List<Difference>> byDatabase = new LinkedHashMap<>();
        differences.forEach(d -> byDatabase.computeIfAbsent(d.database() == null ? CLUSTER_WIDE
                : "database " + d.database(), k -> new ArrayList<>()).add(d));
        byDatabase.forEach((group, rows) -> {
            out.append("  ").append(group).append('\n');
            out.append(row("OBJECT", "WHAT", "OLD", "NEW"));
            for (Difference d : rows) {
                out.append(printedRow(d));
                if (d.expected()) {
                    out.append("      expected: ").append(d.expectedReason()).append('\n');
                }
            }
        });
    }

    /**
     * How many differences there are, the expected ones apart, as the report counts them: "0 difference(s), 1
     * expected" where the report says "Differences: none" and lists one expected difference.
     */
    public static String counts(List<Difference> classified) {
        long expected = classified.stream().filter(Difference::expected).count();
        return (classified.size() - expected) + " difference(s), " + expected + " expected";
    }

    /** One difference in one line, for the summary: "database app, table t, rows: old 501, new 500". */
    public static String oneLine(Difference d) {
        String[] values = excerpts(d.oldValue(), d.newValue());
        boolean named = d.database() == null || d.object().equals(ClusterCatalog.DATABASE + d.database());
        return (named ? "" : "database " + d.database() + ", ") + d.object() + ", " + d.what()
                + ": old " + values[0] + ", new " + values[1];
    }

    /**
     * The line the table prints for a difference: the object and what differs cut to their columns, both values cut
     * to the same window around their first difference.
     */
    public static String printedRow(Difference d) {
        String[] values = excerpts(d.oldValue(), d.newValue());
        return row(d.object(), d.what(), values[0], values[1]);
    }

    private static String row(String object, String what, String old, String fresh) {
        return String.format(Locale.ROOT, "    %-" + OBJECT_WIDTH + "s %-" + WHAT_WIDTH + "s %-" + VALUE_WIDTH
                + "s %s%n", cut(object, OBJECT_WIDTH), cut(what, WHAT_WIDTH), old, fresh).stripTrailing() + "\n";
    }

    /** Both values on one line each, cut to the same window around their first difference. */
    static String[] excerpts(String old, String fresh) {
        String a = oneLine(old);
        String b = oneLine(fresh);
        if (a.length() <= VALUE_WIDTH && b.length() <= VALUE_WIDTH) {
            return new String[] {a, b};
        }
        int first = 0;
        while (first < a.length() && first < b.length() && a.charAt(first) == b.charAt(first)) {
            first++;
        }
        int start = Math.max(0, first - VALUE_WIDTH / 3);
        return new String[] {window(a, start), window(b, start)};
    }

    private static String window(String value, int start) {
        if (start >= value.length()) {
            return start == 0 ? value : "…";
        }
        String part = value.substring(start, Math.min(value.length(), start + VALUE_WIDTH - 2));
        return (start > 0 ? "…" : "") + part + (start + part.length() < value.length() ? "…" : "");
    }

    private static String oneLine(String value) {
        return Objects.requireNonNullElse(value, CatalogSnapshot.NONE).replace("\n", "\\n");
    }

    private static String cut(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
