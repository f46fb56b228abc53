package dev.pghop.plan;

import java.util.List;
import java.util.stream.Collectors;

import dev.pghop.postgres.ClusterInventory;
import dev.pghop.postgres.ClusterInventory.DatabaseInfo;
import dev.pghop.postgres.ClusterInventory.RoleInfo;
import dev.pghop.postgres.Endpoint;
import dev.pghop.report.Sizes;

/** The report `pghop plan` prints: both servers at a glance, then every finding marked OK, WARNING or BLOCKER. */
public final class PlanReport {
    private final StringBuilder out = new StringBuilder();

    public PlanReport server(String title, Endpoint endpoint, ClusterInventory inv) {
        return cluster(title, endpoint.user() + "@" + endpoint.address(), inv);
    }

    /** @param where where the cluster is: a server's login and address, or a data directory */
    public PlanReport cluster(String title, String where, ClusterInventory inv) {
        out.append(title).append(": ").append(where).append(", PostgreSQL ").append(inv.versionText()).append(", system identifier ")
                .append(inv.systemIdentifier() == null ? "unknown" : inv.systemIdentifier()).append(", ")
                .append(Sizes.bytes(inv.totalSizeBytes())).append(" (").append(Sizes.bytes(inv.totalDataBytes()))
                .append(" of table data)\n");
        out.append("  databases: ").append(inv.databases().stream().map(PlanReport::database)
                .collect(Collectors.joining(", "))).append('\n');
        out.append("  roles: ").append(inv.roles().stream().map(PlanReport::role)
                .collect(Collectors.joining(", "))).append('\n');
        return this;
    }

    public PlanReport line(String text) {
        out.append(text).append('\n');
        return this;
    }

    public PlanReport findings(List<Finding> findings) {
        return findings(findings, "ready to dump and load");
    }

    /** @param ready what no blocker means ("ready to upgrade") */
    public PlanReport findings(List<Finding> findings, String ready) {
        out.append("\nChecks:\n");
        for (Finding f : findings) {
            out.append(String.format("  %-9s %s: %s%n", "[" + f.severity() + "]", f.check(), f.message()));
        }
        long blockers = findings.stream().filter(Finding::blocks).count();
        long warnings = findings.stream().filter(f -> f.severity() == Finding.Severity.WARNING).count();
        out.append('\n').append(blockers == 0
                ? "Result: no blocker, " + warnings + " warning(s): " + ready + "."
                : "Result: " + blockers + " blocker(s), " + warnings + " warning(s): " + (ready.contains("upgrade")
                        ? "upgrade" : "dump/load") + " would refuse; fix the blockers above and run plan again.")
                .append('\n');
        return this;
    }

    private static String database(DatabaseInfo d) {
        String extensions = d.extensions().stream().filter(e -> !e.equals("plpgsql"))
                .collect(Collectors.joining(" "));
        return d.name() + " (" + d.encoding() + " " + d.collate() + ", " + Sizes.bytes(d.sizeBytes())
                + (extensions.isEmpty() ? "" : "; " + extensions) + ")";
    }

    private static String role(RoleInfo r) {
        String attrs = (r.superuser() ? "superuser " : "") + (r.login() ? "login " : "")
                + (r.login() && !r.passwordKind().equals("unknown") ? r.passwordKind() : "");
        return attrs.isBlank() ? r.name() : r.name() + " (" + attrs.strip() + ")";
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
