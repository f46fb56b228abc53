package dev.pghop.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import org.jboss.logging.Logger;

import dev.pghop.config.Environment;
import dev.pghop.config.VerifyMode;
import dev.pghop.config.VerifySettings;
import dev.pghop.passwords.RolePasswords;
import dev.pghop.postgres.ClusterInventory;
import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.InventoryReader;
import dev.pghop.report.ExitCode;
import dev.pghop.report.Outcome;
import dev.pghop.report.PghopException;
import dev.pghop.report.Sizes;
import dev.pghop.verify.CatalogSnapshot;
import dev.pghop.verify.ClusterCatalog;
import dev.pghop.verify.DatabaseComparison;
import dev.pghop.verify.Difference;
import dev.pghop.verify.Expectations;
import dev.pghop.verify.ReportJson;
import dev.pghop.verify.SnapshotDiff;
import dev.pghop.verify.TableVerifier;
import dev.pghop.verify.TextReport;
import dev.pghop.verify.VerifyReport;
import dev.pghop.verify.VerifySessions;
import picocli.CommandLine.Command;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Proves the new server holds what the old one held. Compares roles, memberships, settings,"
                + " databases and parameter privileges, and in every database the catalog (schemas, tables and their"
                + " column settings, indexes, views, rules, functions, triggers, policies, types, operators, casts,"
                + " collations, text search, foreign data, publications, subscriptions, extended statistics,"
                + " extensions, comments, security labels, privileges), sequences, large objects and every table's"
                + " rows: exact counts, and checksums of every row unless VERIFY_DATA=counts, which compares no"
                + " value: a changed value then goes unnoticed.",
                "Reads both servers read-only and changes nothing. Prints the differences grouped by database and"
                        + " writes them to verify-report.json.",
                "Exits 0 when the only differences are expected ones (each listed with its reason), 7 otherwise."})
public class VerifyCommand implements Callable<Integer> {
    private static final Logger LOG = Logger.getLogger("pghop");

    private VerifySettings settings;
    private Endpoint source;
    private Endpoint target;
    private VerifyMode mode;
    private Expectations expectations;
    private final Instant startedAt = Instant.now();

    @Override
    public Integer call() throws Exception {
        readInput();
        InventoryReader.Both servers = InventoryReader.readBoth(source, target);
        ClusterInventory old = superuserOn(source, servers.old());
        ClusterInventory fresh = superuserOn(target, servers.fresh());
        refuseSameCluster(old, fresh);
        expectations = new Expectations(old.bootstrapRole(), fresh.bootstrapRole(), passwordChanges());
        boolean grantors = old.version().major() >= 16 && fresh.version().major() >= 16;
        CatalogSnapshot oldCluster = clusterSnapshot(source, grantors);
        CatalogSnapshot newCluster = clusterSnapshot(target, grantors);
        List<Difference> found = new ArrayList<>(expectations.classify(SnapshotDiff.between(oldCluster, newCluster,
                ClusterCatalog::databaseOf)));
        List<DatabaseComparison> databases = compareDatabases(oldCluster, newCluster);
        databases.forEach(d -> found.addAll(d.differences()));
        TableVerifier.Result rows = compareRows(databases);
        found.addAll(expectations.classify(rows.differences()));
        VerifyReport report = report(old, fresh, found, oldCluster.size(), databases, rows);
        return publish(report);
    }

    private void readInput() {
        settings = VerifySettings.read(Environment.ofProcess());
        source = settings.source();
        target = settings.target();
        mode = settings.mode();
    }

    /** What the load did to role passwords on purpose, as the variables it was given say. */
    private Expectations.PasswordChanges passwordChanges() {
        return new Expectations.PasswordChanges(settings.rolePasswordsDirectory().map(RolePasswords::roleNames)
                .orElse(Set.of()), settings.dropRolePasswords());
    }

    /** What the server holds, when pghop logs in to it as a superuser; refused otherwise. */
    private static ClusterInventory superuserOn(Endpoint endpoint, ClusterInventory facts) {
        if (!facts.login().superuser()) {
            throw PghopException.refused("verify reads every role's password hash, table, sequence and large object,"
                    + " but " + facts.login().name() + " is not a superuser on the " + endpoint + ". Set "
                    + endpoint.side().loginVars() + " to a superuser's login.");
        }
        LOG.infof("%s: PostgreSQL %s, %d databases, %d roles, %s of table data", endpoint, facts.versionText(),
                facts.databases().size(), facts.roles().size(), Sizes.bytes(facts.totalDataBytes()));
        return facts;
    }

    private static void refuseSameCluster(ClusterInventory old, ClusterInventory fresh) {
        if (old.systemIdentifier() != null && old.systemIdentifier().equals(fresh.systemIdentifier())) {
            throw PghopException.refused("PG_HOST and NEW_PG_HOST lead to the same cluster (system identifier "
                    + old.systemIdentifier() + "): comparing it with itself proves nothing. Point NEW_PG_HOST at the"
                    + " new server.");
        }
    }

    /** @param grantors whether memberships' grantors are compared: both servers are 16 or later */
    private static CatalogSnapshot clusterSnapshot(Endpoint endpoint, boolean grantors) {
        try (Connection session = VerifySessions.openMaintenance(endpoint)) {
            return ClusterCatalog.read(session, grantors);
        } catch (SQLException e) {
            throw PghopException.connectionFailed("while reading the roles and databases of the " + endpoint + ": "
                    + e.getMessage(), e);
        }
    }

    private List<DatabaseComparison> compareDatabases(CatalogSnapshot oldCluster, CatalogSnapshot newCluster) {
        Set<String> both = new TreeSet<>(ClusterCatalog.databases(oldCluster, true));
        both.retainAll(ClusterCatalog.databases(newCluster, true));
        Set<String> closed = new TreeSet<>(ClusterCatalog.databases(oldCluster, false));
        closed.retainAll(ClusterCatalog.databases(newCluster, false));
        closed.removeAll(both);
        closed.forEach(database -> LOG.warnf("database %s does not allow connections (datallowconn) on one of the"
                + " servers; its contents were not compared", database));
        List<DatabaseComparison> compared = new ArrayList<>();
        for (String database : both) {
            DatabaseComparison result = DatabaseComparison.run(database, source, target).classifiedBy(expectations);
            LOG.infof("database %s: %d catalog objects compared, %s; %d table(s) to compare", database,
                    result.objects(), TextReport.counts(result.differences()), result.tables().size());
            compared.add(result);
        }
        return compared;
    }

    private TableVerifier.Result compareRows(List<DatabaseComparison> databases) throws InterruptedException {
        List<TableVerifier.Table> tables = databases.stream().flatMap(d -> d.tables().stream()).toList();
        LOG.infof("comparing the rows of %d tables (%s), %d at a time", tables.size(), mode, settings.jobs());
        return new TableVerifier(mode, settings.jobs(), settings.progressInterval()).run(tables, source, target);
    }

    private VerifyReport report(ClusterInventory old, ClusterInventory fresh, List<Difference> found,
            int clusterObjects, List<DatabaseComparison> databases, TableVerifier.Result rows) {
        List<Difference> sorted = found.stream().sorted(Comparator.comparing(Difference::database,
                Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(Difference::object)
                .thenComparing(Difference::what)).toList();
        int objects = clusterObjects + databases.stream().mapToInt(DatabaseComparison::objects).sum();
        return new VerifyReport(label(source, old), label(target, fresh), mode, startedAt, Instant.now(),
                new VerifyReport.Compared(databases.size(), objects, rows.tables(), rows.rows()), sorted);
    }

    private static String label(Endpoint endpoint, ClusterInventory facts) {
        return endpoint.user() + "@" + endpoint.address() + " (PostgreSQL " + facts.versionText() + ")";
    }

    private int publish(VerifyReport report) {
        System.out.print(TextReport.render(report));
        String where = settings.reportFile().map(file -> writeJson(report, file))
                .orElse("no JSON report (set PGDUMP_PATH or VERIFY_REPORT for one)");
        VerifyReport.Compared c = report.compared();
        String compared = c.objects() + " catalog objects, " + c.databases() + " databases, " + c.tables()
                + " tables (" + c.rows() + " rows, " + (mode == VerifyMode.COUNTS ? "counts only: no value was"
                        + " compared" : mode) + ") in " + Sizes.duration(report.took());
        if (report.equal()) {
            Outcome.success(settings.terminationLog(), "verify", (mode == VerifyMode.COUNTS
                    ? "the new server holds the old one's catalog and row counts; the rows' values were not compared"
                            + " (VERIFY_DATA=counts)"
                    : "the new server holds what the old one held") + ": compared " + compared + "; "
                    + report.expected().size() + " expected difference(s); " + where);
            return ExitCode.OK.status();
        }
        Outcome.failure(settings.terminationLog(), "verify", ExitCode.VERIFY_FAILED, report.unexpected().size()
                + " difference(s), the first: " + TextReport.oneLine(report.unexpected().get(0)) + "; compared "
                + compared + "; " + where);
        return ExitCode.VERIFY_FAILED.status();
    }

    private static String writeJson(VerifyReport report, Path file) {
        try {
            ReportJson.write(report, file);
            return "report in " + file;
        } catch (IOException e) {
            LOG.errorf("cannot write the JSON report to %s: %s", file, e.getMessage());
            return "the JSON report could not be written to " + file + " (" + e.getMessage() + ")";
        }
    }
}
