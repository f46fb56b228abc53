package dev.pghop.upgrade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;

import dev.pghop.config.UpgradeSettings;
import dev.pghop.passwords.PasswordStep;
import dev.pghop.passwords.RolePasswords;
import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.Queries;
import dev.pghop.postgres.Sessions;
import dev.pghop.process.ClientPrograms;
import dev.pghop.process.PgPassFile;
import dev.pghop.process.PgTools;
import dev.pghop.report.Interruption;
import dev.pghop.report.PghopException;
import dev.pghop.verify.CatalogRecord;
import dev.pghop.verify.Expectations;
import dev.pghop.verify.ReportJson;
import dev.pghop.verify.TextReport;
import dev.pghop.verify.VerifyReport;

/**
 * The finish, on the new cluster started for pghop alone, with the old pg_hba's rules after pghop's own: the
 * extensions updated (pg_upgrade's update_extensions.sql), the indexes of changed collations rebuilt
 * ({@link IndexList}), a first statistics pass, ROLE_PASSWORDS_DIR's passwords, and the proof against the old
 * cluster's record. It is recorded as begun before the new cluster first starts: from then on, in link mode, the old
 * cluster's files are the new one's too. A rerun goes on with it.
 */
final class Finish {
    private static final Logger LOG = Logger.getLogger("pghop");
    private static final Duration ANALYZE_BOUND = Duration.ofDays(1);
    private static final Duration PSQL_BOUND = Duration.ofHours(6);

    private final UpgradeSettings settings;
    private final Layout layout;
    private final StateLog log;

    Finish(UpgradeSettings settings, Layout layout, StateLog log) {
        this.settings = settings;
        this.layout = layout;
        this.log = log;
    }

    InPlaceUpgrade.Finished run() {
        UpgradeState state = log.current();
        Path newDir = layout.building(state.newMajor());
        ServerPrograms programs;
        try {
            programs = ServerPrograms.newest(settings.newBinDir());
        } catch (ServerPrograms.Missing e) {
            throw PghopException.refused("the new major's programs are missing: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PghopException.upgradeFailed("interrupted", e);
        }
        try {
            CatalogRecord oldRecord = CatalogRecord.load(layout.workspace().resolve(InPlaceUpgrade.OLD_RECORD));
            List<IndexList.Entry> rebuild = IndexList.read(layout.workspace().resolve(InPlaceUpgrade.REBUILD));
            log.update(s -> s.at(UpgradeState.Phase.FINISHING).withNewStarted());
            Interruption.leaves("the upgrade stopped while finishing the new cluster in " + newDir + "; run `pghop"
                    + " upgrade` again to go on");
            DataDirectory.makePrivate(newDir);
            String rules = Files.isRegularFile(newDir.resolve("pg_hba.conf"))
                    ? Files.readString(newDir.resolve("pg_hba.conf")) : "";
            String superuser = state.superuser().isEmpty() ? SingleUser.read(newDir, programs).superuser()
                    : state.superuser();
            InPlaceUpgrade.Finished finished;
            try (PrivateServer server = PrivateServer.start(newDir, programs, superuser, rules, "the new cluster")) {
                TestPause.at("finishing");
                Endpoint endpoint = server.endpoint(Endpoint.Side.NEW);
                updateExtensions(programs, endpoint);
                int rebuilt = IndexList.rebuild(endpoint, rebuild, programs.major());
                analyze(programs, endpoint);
                PasswordStep.Result passwords = PasswordStep.run(endpoint, settings.rolePasswordsDirectory());
                VerifyReport proof = prove(oldRecord, programs, endpoint);
                finished = new InPlaceUpgrade.Finished(proof, passwords, rebuilt);
            }
            if (finished.proof().equal() && finished.passwords().failures().isEmpty()) {
                log.advance(UpgradeState.Phase.PROVEN);
            }
            return finished;
        } catch (PrivateServer.StartFailed e) {
            throw PghopException.upgradeFailed("the new cluster in " + newDir + " does not start: " + String.join(
                    " | ", e.log()) + ". " + InPlaceUpgrade.wayBack(settings, log.current()), e);
        } catch (IOException e) {
            throw PghopException.upgradeFailed("while finishing the new cluster in " + newDir + ": "
                    + e.getMessage() + ". " + InPlaceUpgrade.wayBack(settings, log.current()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PghopException.upgradeFailed("interrupted while finishing the new cluster", e);
        }
    }

    /** pg_upgrade's update_extensions.sql, when it wrote one: each extension to the version the new major offers. */
    private void updateExtensions(ServerPrograms programs, Endpoint endpoint) throws IOException,
            InterruptedException {
        Path script = layout.workspace().resolve("update_extensions.sql");
        if (!Files.isRegularFile(script)) {
            return;
        }
        LOG.infof("updating the extensions to the versions PostgreSQL %d offers (pg_upgrade's %s)",
                programs.major(), script);
        try (PgPassFile pass = PgPassFile.create(List.of(endpoint))) {
            clients(programs).psqlFile(endpoint, "postgres", pass, script).output(PSQL_BOUND);
        }
        Files.move(script, script.resolveSibling(script.getFileName() + ".done"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * The first statistics the planner needs: a pass of vacuumdb --analyze-only at statistics target 1 (the first
     * stage of --analyze-in-stages) over every database; into 18, which carried the statistics, only what has none.
     */
    private void analyze(ServerPrograms programs, Endpoint endpoint) throws IOException, InterruptedException {
        if (!settings.analyze()) {
            LOG.info("ANALYZE=false: no statistics pass");
            return;
        }
        boolean carried = programs.major() >= 18;
        List<String> databases;
        try (Connection c = Sessions.openMaintenance(endpoint, true)) {
            databases = List.copyOf(Queries.column(c, "SELECT datname FROM pg_catalog.pg_database WHERE datallowconn"
                    + " ORDER BY 1"));
        } catch (SQLException e) {
            throw new IOException("cannot list the new cluster's databases: " + e.getMessage(), e);
        }
        List<String> options = new ArrayList<>(List.of("--analyze-only", "--jobs=" + settings.jobs()));
        if (carried) {
            options.add("--missing-stats-only");
        }
        try (PgPassFile pass = PgPassFile.create(List.of(endpoint))) {
            for (String database : databases) {
                clients(programs).vacuumdb(endpoint, database, pass,
                        options).env("PGOPTIONS", carried ? "-c vacuum_cost_delay=0"
                                : "-c default_statistics_target=1 -c vacuum_cost_delay=0").output(ANALYZE_BOUND);
            }
        }
        LOG.infof("statistics: %s in %d database(s)", carried ? "the carried statistics kept, what had none analyzed"
                : "first stage (statistics target 1) done; the full pass runs once the server serves", databases
                .size());
    }

    /** The new cluster read as the old one was recorded, compared, printed and written to verify-report.json. */
    private VerifyReport prove(CatalogRecord oldRecord, ServerPrograms programs, Endpoint endpoint)
            throws IOException, InterruptedException {
        UpgradeState state = log.current();
        Instant started = Instant.now();
        boolean grantors = state.oldMajor() >= 16 && state.newMajor() >= 16;
        CatalogRecord now = CatalogRecord.read(endpoint, oldRecord.salt(), grantors, oldRecord.mode(),
                settings.jobs(), settings.progressInterval(), "the new cluster");
        String superuser = endpoint.user();
        Set<String> rehashed = settings.rolePasswordsDirectory().map(RolePasswords::roleNames).orElse(Set.of());
        VerifyReport report = oldRecord.compare(now, new Expectations(superuser, superuser,
                new Expectations.PasswordChanges(rehashed, false)), "PostgreSQL " + state.oldMajor() + " in "
                        + settings.pgdata() + " (recorded before the transfer)", "PostgreSQL " + programs.version()
                                + " in " + layout.building(state.newMajor()), started);
        ReportJson.write(report, layout.workspace().resolve(InPlaceUpgrade.REPORT));
        System.out.print(TextReport.render(report));
        return report;
    }

    private static ClientPrograms clients(ServerPrograms programs) {
        return ClientPrograms.toTheNewServer(new PgTools(Optional.of(programs.binDir()),
                problem -> PghopException.refused("the new major's directory " + problem)), Optional.empty());
    }
}
