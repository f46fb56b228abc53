package dev.pghop.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.pghop.config.Environment;
import dev.pghop.config.PlanSettings;
import dev.pghop.config.UpgradeSettings;
import dev.pghop.plan.ClientVersions;
import dev.pghop.plan.Finding;
import dev.pghop.plan.PlanReport;
import dev.pghop.plan.Preflight;
import dev.pghop.postgres.InventoryReader;
import dev.pghop.report.ExitCode;
import dev.pghop.report.Outcome;
import dev.pghop.report.PghopException;
import dev.pghop.upgrade.InPlaceUpgrade;
import dev.pghop.upgrade.Inspection;
import dev.pghop.upgrade.PlanScratch;
import dev.pghop.upgrade.UpgradeState;
import picocli.CommandLine.Command;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Checks both servers before any work and prints a report; changes nothing.",
                "The report gives versions, sizes, databases and roles, and every finding marked OK, WARNING or"
                        + " BLOCKER: same cluster, versions, non-empty new server, missing extensions or locales,"
                        + " tablespaces, privileges, room for the dump (with PGDUMP_PATH), roles that will not be"
                        + " able to log in, objects the new server refuses to create (each with its fix).",
                "Run it in the NEW major's image, as load: its psql must not be older than the new server.",
                "Exits 0 when nothing blocks, 3 otherwise."})
public class PlanCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        if (UpgradeSettings.planOfUpgrade(Environment.ofProcess())) {
            return planUpgrade(UpgradeSettings.forPlan(Environment.ofProcess()));
        }
        PlanSettings settings = PlanSettings.read(Environment.ofProcess());
        ClientVersions programs = ClientVersions.of(BinDirectory.tools(settings.binDirectory()));
        InventoryReader.Both servers = InventoryReader.readBoth(settings.source(), settings.target());
        List<Finding> findings = Preflight.forPlan(settings, servers.old(), servers.fresh(), programs);
        System.out.print(new PlanReport().server("Old server", settings.source(), servers.old())
                .server("New server", settings.target(), servers.fresh())
                .line("Client tools: " + programs.describe()).findings(findings));
        long blockers = findings.stream().filter(Finding::blocks).count();
        if (blockers > 0) {
            Outcome.failure(settings.terminationLog(), "plan", ExitCode.REFUSED, blockers
                    + " blocker(s); see the report");
            return ExitCode.REFUSED.status();
        }
        Outcome.success(settings.terminationLog(), "plan", "no blocker");
        return 0;
    }

    /**
     * The checks of an in-place upgrade of PGDATA, as `upgrade` makes them: the old cluster started for pghop alone
     * (and shut down cleanly again), a new cluster made in a scratch directory beside it and removed at the end.
     */
    private static int planUpgrade(UpgradeSettings settings) {
        List<Finding> findings = new ArrayList<>();
        PlanReport report = new PlanReport();
        PlanScratch.sweep(settings);
        InPlaceUpgrade under = InPlaceUpgrade.open(settings);
        if (under.state().filter(s -> s.phase() == UpgradeState.Phase.DONE).isPresent()) {
            findings.add(Finding.blocker("upgrade under way", "the upgrade of this cluster from PostgreSQL "
                    + under.state().get().oldMajor() + " to " + under.state().get().newMajor() + " ended, and its old"
                    + " cluster is still kept: " + under.keptOldSummary() + ". Drop it before upgrading again"));
        } else if (under.state().isPresent()) {
            findings.add(Finding.blocker("upgrade under way", "an upgrade of this cluster stopped at "
                    + under.state().get().phase() + " (" + under.layout().workspace() + "): run `pghop upgrade` to"
                    + " go on, or `pghop upgrade rollback`; plan changes nothing meanwhile"));
        } else {
            try (Inspection inspection = Inspection.forPlan(settings)) {
                findings.addAll(Preflight.forUpgradeDisk(settings, inspection));
                if (findings.stream().noneMatch(Finding::blocks)) {
                    try {
                        findings.addAll(Preflight.forUpgradeClusters(settings, inspection));
                        report.cluster("Old cluster", "PGDATA " + settings.pgdata(), inspection.oldCluster()
                                .inventory());
                    } catch (PghopException e) {
                        if (e.exitCode() != ExitCode.REFUSED) {
                            throw e;
                        }
                        findings.add(Finding.blocker("old cluster starts", e.getMessage()));
                    }
                }
            }
        }
        System.out.print(report.findings(findings, "ready to upgrade"));
        long blockers = findings.stream().filter(Finding::blocks).count();
        if (blockers > 0) {
            Outcome.failure(settings.terminationLog(), "plan", ExitCode.REFUSED, blockers
                    + " blocker(s) to the in-place upgrade; see the report");
            return ExitCode.REFUSED.status();
        }
        Outcome.success(settings.terminationLog(), "plan", "no blocker to the in-place upgrade of "
                + settings.pgdata());
        return 0;
    }
}
