package dev.pghop.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import dev.pghop.config.Env;
import dev.pghop.config.PghopEnv;
import dev.pghop.config.PghopEnv.Var;
import dev.pghop.passwords.AuthRules;
import dev.pghop.passwords.RolePasswords;
import dev.pghop.plan.Finding;
import dev.pghop.plan.PlanReport;
import dev.pghop.plan.Preflight;
import dev.pghop.postgres.ClusterInventory;
import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.InventoryReader;
import dev.pghop.postgres.OtherSessions;
import dev.pghop.postgres.PgVersion;
import dev.pghop.postgres.Sessions;
import dev.pghop.process.PgTools;
import dev.pghop.report.ExitCode;
import dev.pghop.report.Outcome;
import dev.pghop.report.PghopException;
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
    @Inject
    PghopEnv rawEnv;

    @Override
    public Integer call() {
        Env env = new Env(rawEnv);
        Endpoint source = env.source();
        Endpoint target = env.target();
        Optional<Path> dumpDir = env.optional(Var.PGDUMP_PATH).map(p -> env.dumpDirectory(true));
        boolean loadIntoNonEmpty = env.flag(Var.LOAD_INTO_NON_EMPTY);
        boolean ignoreIncompatible = env.flag(Var.IGNORE_INCOMPATIBLE);
        PgTools tools = new PgTools(env.binDirectory());

        InventoryReader.Both servers = InventoryReader.readBoth(source, target);
        ClusterInventory old = servers.old();
        ClusterInventory fresh = servers.fresh();
        List<Finding> findings = new ArrayList<>(Preflight.between(old, fresh, ignoreIncompatible));
        Optional<PgVersion> dumpall = toolVersion(tools, "pg_dumpall", findings);
        Optional<PgVersion> psql = toolVersion(tools, "psql", findings);
        findings.addAll(Preflight.dumpSide(old, dumpall.orElse(null), fresh, dumpDir.map(Preflight.Volume::of)
                .orElse(null)));
        findings.addAll(Preflight.loadSide(fresh, psql.orElse(null), loadIntoNonEmpty));

        findings.add(roleLogins(env, old, target));
        findings.add(otherSessions(source, env.flag(Var.FENCE_OLD_WRITES)));
        findings.addAll(CopyGuard.checks(env.flag(Var.FENCE_OLD_WRITES), source, old));

        PlanReport report = new PlanReport().server("Old server", source, old).server("New server", target, fresh)
                .line("Client tools: pg_dumpall " + dumpall.map(PgVersion::toString).orElse("missing") + ", psql "
                        + psql.map(PgVersion::toString).orElse("missing"))
                .findings(findings);
        System.out.print(report);
        long blockers = findings.stream().filter(Finding::blocks).count();
        if (blockers > 0) {
            Outcome.failure(env.terminationLog(), "plan", ExitCode.REFUSED, blockers + " blocker(s); see the report");
            return ExitCode.REFUSED.status();
        }
        Outcome.success(env.terminationLog(), "plan", "no blocker");
        return 0;
    }

    /** Who else is connected to the old server, and could write while it is copied. */
    private static Finding otherSessions(Endpoint source, boolean fence) {
        List<String> others = OtherSessions.on(source);
        if (others.isEmpty()) {
            return Finding.ok("other sessions", "no other session is connected to the old server");
        }
        String list = String.join(", ", others.subList(0, Math.min(10, others.size())))
                + (others.size() > 10 ? ", ..." : "");
        return fence ? Finding.ok("other sessions", others.size() + " other session(s) on the old server (" + list
                + "); FENCE_OLD_WRITES will end their open transactions and make it read-only before the copy")
                : Finding.warning("other sessions", others.size() + " other session(s) are connected to the old"
                        + " server: " + list + ". What they write while dump or migrate runs may not be copied:"
                        + " stop the applications first, or set FENCE_OLD_WRITES=true");
    }

    /** Which old roles the new server will refuse, not counting those ROLE_PASSWORDS_DIR gives a password. */
    private static Finding roleLogins(Env env, ClusterInventory old, Endpoint target) {
        Set<String> covered = env.rolePasswordsDirectory().map(RolePasswords::roleNames).orElse(Set.of());
        try (Connection c = Sessions.openMaintenance(target, true)) {
            return Preflight.roleLogins(old.roles(), AuthRules.read(c), covered, Set.of(target.user()));
        } catch (SQLException e) {
            throw PghopException.connectionFailed("while reading how the " + target + " authenticates: "
                    + e.getMessage(), e);
        }
    }

    private static Optional<PgVersion> toolVersion(PgTools tools, String tool, List<Finding> findings) {
        try {
            return Optional.of(tools.version(tool));
        } catch (PghopException e) {
            findings.add(Finding.blocker(tool + " version", e.getMessage() + ". dump and load need it; run plan in"
                    + " the image of the new server's major, or set PG_BIN_DIR"));
            return Optional.empty();
        }
    }
}
