package dev.pghop.cli;

import java.util.List;
import java.util.concurrent.Callable;

import dev.pghop.config.Environment;
import dev.pghop.config.UpgradeSettings;
import dev.pghop.plan.Finding;
import dev.pghop.plan.Preflight;
import dev.pghop.report.ExitCode;
import dev.pghop.report.Interruption;
import dev.pghop.report.Outcome;
import dev.pghop.report.PghopException;
import dev.pghop.report.Sizes;
import dev.pghop.upgrade.DropOld;
import dev.pghop.upgrade.InPlaceUpgrade;
import dev.pghop.upgrade.Inspection;
import dev.pghop.upgrade.PlanScratch;
import dev.pghop.upgrade.NextSteps;
import dev.pghop.upgrade.Rollback;
import dev.pghop.verify.TextReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "upgrade", mixinStandardHelpOptions = true,
        description = {"Upgrades the cluster in PGDATA to this image's major in place, with pg_upgrade: the downtime"
                + " follows the number of tables, not the size. Run it in a Job that mounts the old server's volume"
                + " while the old Deployment is scaled to 0, in the upgrade image of the new major.",
                "First it checks, changing nothing: the cluster was shut down cleanly and no server holds it, both"
                        + " majors' programs, the room and the filesystem the transfer mode needs, extensions,"
                        + " libraries and locales, the objects and settings the new major refuses, the roles pg_hba"
                        + " would lock out, the indexes whose collation sorts another way here; then pg_upgrade's own"
                        + " checks, which refuse before pg_upgrade changes anything.",
                "Then: the old cluster's catalog recorded; pg_upgrade (TRANSFER); the configuration files carried;"
                        + " extensions updated, changed collations' indexes rebuilt, a first statistics pass,"
                        + " ROLE_PASSWORDS_DIR's passwords; the new cluster proven against the record (as verify"
                        + " compares, exit 7 on a difference); then it takes PGDATA's place and the old one is kept"
                        + " beside it. A rerun goes on where a killed run stopped.",
                "ACTION: run (the default), rollback (the old cluster back in PGDATA, where it is still intact) or"
                        + " drop-old (removes the old cluster kept beside the new one)."})
public class UpgradeCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "ACTION", defaultValue = "run",
            description = "run, rollback or drop-old (default: run)")
    String action;

    private UpgradeSettings settings;

    @Override
    public Integer call() {
        settings = UpgradeSettings.read(Environment.ofProcess());
        return switch (action) {
            case "run" -> run();
            case "rollback" -> rollback();
            case "drop-old" -> dropOld();
            default -> throw PghopException.invalidInput("upgrade takes run, rollback or drop-old, not '" + action
                    + "'");
        };
    }

    private int run() {
        PlanScratch.sweep(settings);
        InPlaceUpgrade upgrade = InPlaceUpgrade.open(settings);
        switch (upgrade.takeUp()) {
            case ALREADY_NEW -> {
                Outcome.success(settings.terminationLog(), "upgrade", "PGDATA " + settings.pgdata() + " already holds"
                        + " this image's major, and no upgrade is under way: nothing to do");
                return ExitCode.OK.status();
            }
            case DONE -> {
                System.out.print(NextSteps.text(upgrade));
                Outcome.success(settings.terminationLog(), "upgrade", "the upgrade of " + settings.pgdata()
                        + " ended already; " + upgrade.keptOldSummary());
                return ExitCode.OK.status();
            }
            case AT_SWAP -> {
                upgrade.swap();
                return handedOver(upgrade, "the swap, which a killed run left half-done, is finished");
            }
            case AFTER_TRANSFER -> {
                return finishAndHandOver(upgrade);
            }
            case FRESH -> {
                checkAndTransfer(upgrade);
                return finishAndHandOver(upgrade);
            }
            default -> throw new IllegalStateException();
        }
    }

    /** The checks, each stage refusing before the next writes anything; then the transfer. */
    private void checkAndTransfer(InPlaceUpgrade upgrade) {
        Inspection inspection = upgrade.inspection();
        Preflight.enforce("upgrade", Preflight.forUpgradeDisk(settings, inspection));
        upgrade.begin(inspection.disk());
        Interruption.leaves("the checks were running: the next run of `pghop upgrade` recovers the old cluster if"
                + " it was running, and removes the new one it had begun");
        try {
            List<Finding> findings = Preflight.forUpgradeClusters(settings, inspection);
            Preflight.enforce("upgrade", findings);
        } catch (PghopException e) {
            upgrade.abandon(inspection);
            throw e;
        }
        upgrade.transfer(inspection);
    }

    private int finishAndHandOver(InPlaceUpgrade upgrade) {
        InPlaceUpgrade.Finished finished = upgrade.finish();
        if (!finished.proof().equal()) {
            Outcome.failure(settings.terminationLog(), "upgrade", ExitCode.VERIFY_FAILED, finished.proof()
                    .unexpected().size() + " difference(s) between the old cluster's record and the new cluster, the"
                    + " first: " + TextReport.oneLine(finished.proof().unexpected().get(0)) + "; the new cluster"
                    + " stays in " + upgrade.layout().building(upgrade.state().orElseThrow().newMajor()) + " and"
                    + " PGDATA is unchanged. " + upgrade.wayBack());
            return ExitCode.VERIFY_FAILED.status();
        }
        if (!finished.passwords().failures().isEmpty()) {
            throw PghopException.passwordsFailed(finished.passwords().summary() + "; the new cluster stays in "
                    + upgrade.layout().building(upgrade.state().orElseThrow().newMajor()) + ". Fix the files in"
                    + " ROLE_PASSWORDS_DIR and run `pghop upgrade` again");
        }
        upgrade.swap();
        return handedOver(upgrade, "catalog proven equal (" + finished.proof().compared().objects() + " objects"
                + rows(finished) + "); " + finished.indexesRebuilt() + " index(es) rebuilt for changed collations; "
                + finished.passwords().summary());
    }

    private static String rows(InPlaceUpgrade.Finished finished) {
        return finished.proof().compared().tables() == 0 ? ""
                : ", " + finished.proof().compared().tables() + " tables' rows (" + finished.proof().mode() + ")";
    }

    private int handedOver(InPlaceUpgrade upgrade, String what) {
        System.out.print(NextSteps.text(upgrade));
        int newMajor = upgrade.state().orElseThrow().newMajor();
        Outcome.success(settings.terminationLog(), "upgrade", upgrade.layout().target() + " holds PostgreSQL "
                + newMajor + " now (from " + upgrade.state().orElseThrow().oldMajor() + ", TRANSFER="
                + upgrade.state().orElseThrow().transfer() + ", in " + Sizes.duration(upgrade.took()) + "): " + what
                + "; " + upgrade.keptOldSummary());
        return ExitCode.OK.status();
    }

    private int rollback() {
        Rollback.Done done = Rollback.run(settings);
        Outcome.success(settings.terminationLog(), "upgrade", "rollback: " + done.summary());
        return ExitCode.OK.status();
    }

    private int dropOld() {
        Outcome.success(settings.terminationLog(), "upgrade", "drop-old: " + DropOld.run(settings));
        return ExitCode.OK.status();
    }
}
