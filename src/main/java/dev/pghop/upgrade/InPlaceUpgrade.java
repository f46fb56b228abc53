package dev.pghop.upgrade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;

import dev.pghop.config.Env;
import dev.pghop.config.TransferMode;
import dev.pghop.config.UpgradeSettings;
import dev.pghop.config.Var;
import dev.pghop.files.DurableFiles;
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
import dev.pghop.report.Sizes;
import dev.pghop.verify.CatalogRecord;
import dev.pghop.verify.Expectations;
import dev.pghop.verify.ReportJson;
import dev.pghop.verify.TextReport;
import dev.pghop.verify.VerifyReport;

/**
 * The steps of `pghop upgrade` after its checks, each recorded in the state file before it changes anything, so a
 * run killed at any moment is taken up by the next: the transfer (pg_upgrade), the finish (the new cluster started
 * for pghop alone: extensions updated, indexes of changed collations rebuilt, a first statistics pass, passwords,
 * the proof against the old cluster's record), and the swap that puts the new cluster in PGDATA's place.
 */
public final class InPlaceUpgrade {
    private static final Logger LOG = Logger.getLogger("pghop");
    static final String OLD_RECORD = "old-catalog.json";
    static final String REPORT = "verify-report.json";
    static final String REBUILD = "rebuild-indexes.json";
    private static final Duration ANALYZE_BOUND = Duration.ofDays(1);
    private static final Duration PSQL_BOUND = Duration.ofHours(6);

    /** Where a run takes up: from the start, after the transfer, at the swap, or nothing left to do. */
    public enum Resume { FRESH, AFTER_TRANSFER, AT_SWAP, DONE, ALREADY_NEW }

    private final UpgradeSettings settings;
    private final Layout layout;
    private UpgradeState state;

    private InPlaceUpgrade(UpgradeSettings settings, Layout layout, UpgradeState state) {
        this.settings = settings;
        this.layout = layout;
        this.state = state;
    }

    public static InPlaceUpgrade open(UpgradeSettings settings) {
        Layout layout = Layout.of(settings.pgdata(), settings.newPgdata());
        try {
            return new InPlaceUpgrade(settings, layout, UpgradeState.read(layout.workspace()).orElse(null));
        } catch (IOException e) {
            throw PghopException.upgradeFailed("cannot read the upgrade's state in " + layout.workspace() + ": "
                    + e.getMessage() + ". Move that directory aside only if no upgrade of this cluster is under way",
                    e);
        }
    }

    public Layout layout() {
        return layout;
    }

    public Optional<UpgradeState> state() {
        return Optional.ofNullable(state);
    }

    /** The inspection `upgrade` makes: its new cluster where the transfer will fill it, the proof recorded. */
    public Inspection inspection() {
        return new Inspection(settings, layout, layout::building, false, true);
    }

    /**
     * Takes up what an earlier run left: an upgrade cut short before its transfer ended is undone (the old cluster,
     * recovered if pghop had it running, and the half-made new cluster removed), so this run starts afresh; one cut
     * short later goes on where it was.
     */
    public Resume takeUp() {
        if (state == null) {
            if (!Files.isDirectory(settings.pgdata())) {
                throw Env.invalid(Var.PGDATA, "names " + settings.pgdata() + ", which is not an existing directory,"
                        + " and no upgrade of it is under way (" + layout.workspace() + " holds none); mount the old"
                        + " server's volume at the same place as its Deployment does");
            }
            return alreadyNew() ? Resume.ALREADY_NEW : Resume.FRESH;
        }
        LOG.infof("an earlier run of this upgrade (PostgreSQL %d to %d, TRANSFER=%s, started %s) stopped at %s",
                state.oldMajor(), state.newMajor(), state.transfer(), state.startedAt(), state.phase().text());
        try {
            return switch (state.phase()) {
                case INSPECTING, CHECKED, TRANSFERRING -> {
                    undoBeforeTransfer("it stopped before its transfer ended");
                    yield Resume.FRESH;
                }
                case TRANSFERRED, FINISHING -> Resume.AFTER_TRANSFER;
                case PROVEN, SWAPPING -> Resume.AT_SWAP;
                case DONE -> {
                    Optional<ServerPrograms> newest = newestQuietly();
                    if (newest.isPresent() && newest.get().major() != state.newMajor()) {
                        throw PghopException.refused("the upgrade from PostgreSQL " + state.oldMajor() + " to "
                                + state.newMajor() + " still keeps the old cluster in " + layout.keptOld(state
                                        .oldMajor()) + ": run `pghop upgrade drop-old` (in any upgrade image) once"
                                + " the PostgreSQL " + state.newMajor() + " server has served well, then upgrade"
                                + " again. Nothing was changed");
                    }
                    yield Resume.DONE;
                }
                case ROLLING_BACK -> throw PghopException.refused("a rollback of this upgrade was cut short; run"
                        + " `pghop upgrade rollback` again to finish it");
            };
        } catch (IOException e) {
            throw PghopException.upgradeFailed("while taking up the earlier run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PghopException.upgradeFailed("interrupted while taking up the earlier run", e);
        }
    }

    /** PGDATA already holds the new major's cluster and no upgrade is under way: there is nothing to do. */
    private boolean alreadyNew() {
        try {
            Optional<Integer> major = DataDirectory.majorOf(settings.pgdata());
            Optional<ServerPrograms> newest = newestQuietly();
            return layout.inPlace() && major.isPresent() && newest.isPresent()
                    && major.get() == newest.get().major();
        } catch (IOException e) {
            return false;
        }
    }

    private Optional<ServerPrograms> newestQuietly() {
        try {
            return Optional.of(ServerPrograms.newest(settings.newBinDir()));
        } catch (ServerPrograms.Missing e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * Puts things back as they were before an upgrade whose transfer did not end: the old cluster recovered (pghop or
     * pg_upgrade had it running when the run was killed), its pg_control back where pg_upgrade --link had renamed it,
     * the half-made new cluster and the state removed.
     */
    void undoBeforeTransfer(String why) throws IOException, InterruptedException {
        if (state.phase() == UpgradeState.Phase.TRANSFERRING && state.transfer() == TransferMode.SWAP) {
            throw PghopException.refused("the earlier run was killed while pg_upgrade --swap moved the old cluster's"
                    + " files into the new one: the old cluster in " + settings.pgdata() + " is no longer whole, and"
                    + " the new one in " + layout.building(state.newMajor()) + " is not finished. Restore the"
                    + " cluster from a backup");
        }
        LOG.infof("undoing the earlier run (%s): the old cluster stays as it was", why);
        Path controlOld = settings.pgdata().resolve("global/pg_control.old");
        Path control = settings.pgdata().resolve("global/pg_control");
        if (Files.exists(controlOld) && !Files.exists(control)) {
            Files.move(controlOld, control, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            DurableFiles.syncDirectory(control.getParent());
            LOG.infof("renamed %s back to pg_control: pg_upgrade --link had renamed it, and the new cluster never"
                    + " started", controlOld);
        }
        ServerPrograms programs = recoverOld();
        if (programs != null && !state.superuser().isEmpty()) {
            ColumnStamps.putBack(layout.workspace(), settings.pgdata(), programs, state.superuser());
        }
        Path building = layout.building(state.newMajor());
        if (!layout.inPlace() && !Files.exists(building.resolve("PG_VERSION"))) {
            LOG.debugf("%s holds no cluster", building);
        }
        Trees.delete(building);
        Trees.delete(Inspection.checkDir(building));
        Trees.delete(layout.workspace());
        state = null;
    }

    /**
     * Replays the old cluster's WAL when a killed run left it as after a crash; it is then shut down cleanly.
     * Returns the old major's programs, or null when PGDATA holds no cluster.
     */
    private ServerPrograms recoverOld() throws IOException, InterruptedException {
        Optional<Integer> major = DataDirectory.majorOf(settings.pgdata());
        if (major.isEmpty()) {
            return null;
        }
        ServerPrograms programs;
        try {
            programs = ServerPrograms.ofMajor(major.get(), settings.oldBinDir());
        } catch (ServerPrograms.Missing e) {
            throw PghopException.refused("the old cluster's programs are missing: " + e.getMessage());
        }
        DataDirectory.makePrivate(settings.pgdata());
        ControlData control = DataDirectory.controlData(settings.pgdata(), programs);
        if (control.shutDownCleanly()) {
            return programs;
        }
        LOG.infof("the old cluster was left %s by the killed run, which had it running: recovering it", control
                .state());
        String superuser = PrivateServer.bootstrapSuperuser(settings.pgdata(), programs);
        LOG.infof("the old cluster is recovered and shut down cleanly (its bootstrap superuser: %s)", superuser);
        return programs;
    }

    /** The checks passed far enough to write: the upgrade's directory and its state, before the clusters start. */
    public void begin(Inspection.Disk disk) {
        try {
            Files.createDirectories(layout.workspace(), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            state = UpgradeState.begin(disk.oldMajor().orElseThrow(), disk.newPrograms().value().orElseThrow()
                    .major(), disk.transfer()).withOldRunning(true);
            state.write(layout.workspace());
        } catch (IOException e) {
            throw PghopException.upgradeFailed("cannot write the upgrade's state in " + layout.workspace() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The checks refused: what `begin` and the inspection made is removed; the old cluster is as it was. */
    public void abandon(Inspection inspection) {
        inspection.close();
        try {
            Trees.delete(inspection.newDir());
            Trees.delete(Inspection.checkDir(inspection.newDir()));
            Trees.delete(layout.workspace());
            state = null;
        } catch (IOException e) {
            LOG.errorf("could not remove %s: %s", inspection.newDir(), e.getMessage());
        }
    }

    /**
     * The transfer: the proof of the old cluster and the indexes to rebuild are recorded, then pg_upgrade runs.
     * Until it ends, a killed run is undone by the next one.
     */
    public void transfer(Inspection inspection) {
        Inspection.Disk disk = inspection.disk();
        try {
            ColumnStamps stamps = inspection.oldCluster().stamps();
            if (stamps.count() > 0 && state.newMajor() != state.oldMajor()) {
                stamps.write(layout.workspace());
                stamps.remove(inspection.oldEndpoint());
            }
            inspection.close();
            inspection.oldRecord().write(layout.workspace().resolve(OLD_RECORD));
            IndexList.write(layout.workspace().resolve(REBUILD), inspection.collations());
            Trees.delete(Inspection.checkDir(inspection.newDir()));
            state = state.at(UpgradeState.Phase.CHECKED).withOldRunning(false)
                    .withSuperuser(inspection.oldCluster().superuser());
            state.write(layout.workspace());
            state = state.at(UpgradeState.Phase.TRANSFERRING).withOldRunning(true);
            state.write(layout.workspace());
            Interruption.leaves("the upgrade stopped during pg_upgrade's transfer; the old cluster is "
                    + (state.transfer() == TransferMode.SWAP ? "no longer whole (TRANSFER=swap)" : "intact")
                    + ": run `pghop upgrade` again to start over, or `pghop upgrade rollback`");
            LOG.infof("pg_upgrade from PostgreSQL %d to %d, TRANSFER=%s%s", state.oldMajor(), state.newMajor(),
                    state.transfer(), disk.transferWhy().isEmpty() ? "" : " (auto: " + disk.transferWhy() + ")");
            try (TransferProgress progress = new TransferProgress(inspection.newDir(), disk.clusterBytes(),
                    settings.progressInterval())) {
                new PgUpgrade(disk.oldPrograms().value().orElseThrow(), disk.newPrograms().value().orElseThrow(),
                        settings.pgdata(), inspection.newDir(), inspection.oldCluster().superuser(),
                        layout.workspace()).upgrade(state.transfer(), settings.jobs(), progress);
            }
            // pg_upgrade's script removes the old cluster by the path it had, which the swap gives the new one
            Files.deleteIfExists(layout.workspace().resolve("delete_old_cluster.sh"));
            state = state.at(UpgradeState.Phase.TRANSFERRED).withOldRunning(false);
            state.write(layout.workspace());
            TestPause.at("transferred");
        } catch (PgUpgrade.Failed e) {
            if (!e.checking()) {
                throw PghopException.upgradeFailed(e.getMessage() + ". The old cluster in " + settings.pgdata()
                        + " is " + (state.oldIntact() ? "intact: run `pghop upgrade` again once the cause is fixed (it"
                                + " starts over), or `pghop upgrade rollback`"
                                : "no longer whole (TRANSFER=swap): restore it from a backup")
                        + "; pg_upgrade's logs are in " + inspection.newDir().resolve("pg_upgrade_output.d"), e);
            }
            try {
                undoBeforeTransfer("pg_upgrade's checks refused the pair");
            } catch (IOException | InterruptedException undo) {
                e.addSuppressed(undo);
            }
            throw PghopException.refused("upgrade refused before changing anything: pg_upgrade's checks: "
                    + String.join(" | ", e.result().problems()) + ". Fix each in the old cluster, then run again");
        } catch (SQLException e) {
            throw PghopException.upgradeFailed("while taking the column option pg_attver off the old cluster: "
                    + e.getMessage() + ". " + wayBack(), e);
        } catch (IOException e) {
            throw PghopException.upgradeFailed("pg_upgrade failed: " + e.getMessage() + ". The old cluster in "
                    + settings.pgdata() + " is " + (state.oldIntact() ? "intact: run `pghop upgrade` again once the"
                            + " cause is fixed (it starts over), or `pghop upgrade rollback`"
                            : "no longer whole (TRANSFER=swap): restore it from a backup")
                    + "; pg_upgrade's logs are in " + inspection.newDir().resolve("pg_upgrade_output.d"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PghopException.upgradeFailed("interrupted during pg_upgrade", e);
        }
    }

    /** What the finish found. */
    public record Finished(VerifyReport proof, PasswordStep.Result passwords, int indexesRebuilt) {
    }

    /**
     * The finish, on the new cluster started for pghop alone with the old pg_hba's rules after pghop's own: from
     * here on, in link mode, the old cluster's files are the new one's too.
     */
    public Finished finish() {
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
            CatalogRecord oldRecord = CatalogRecord.load(layout.workspace().resolve(OLD_RECORD));
            List<IndexList.Entry> rebuild = IndexList.read(layout.workspace().resolve(REBUILD));
            state = state.at(UpgradeState.Phase.FINISHING).withNewStarted();
            state.write(layout.workspace());
            Interruption.leaves("the upgrade stopped while finishing the new cluster in " + newDir + "; run `pghop"
                    + " upgrade` again to go on");
            DataDirectory.makePrivate(newDir);
            String rules = Files.isRegularFile(newDir.resolve("pg_hba.conf"))
                    ? Files.readString(newDir.resolve("pg_hba.conf")) : "";
            String superuser = state.superuser().isEmpty() ? PrivateServer.bootstrapSuperuser(newDir, programs)
                    : state.superuser();
            Finished finished;
            try (PrivateServer server = PrivateServer.start(newDir, programs, superuser, rules,
                    "the new cluster (PostgreSQL " + programs.version() + ")")) {
                TestPause.at("finishing");
                Endpoint endpoint = server.endpoint(Endpoint.Side.NEW);
                updateExtensions(programs, endpoint);
                int rebuilt = IndexList.rebuild(endpoint, rebuild, programs.major());
                analyze(programs, endpoint);
                PasswordStep.Result passwords = PasswordStep.run(endpoint, settings.rolePasswordsDirectory());
                VerifyReport proof = prove(oldRecord, endpoint, programs);
                finished = new Finished(proof, passwords, rebuilt);
            }
            if (finished.proof().equal() && finished.passwords().failures().isEmpty()) {
                state = state.at(UpgradeState.Phase.PROVEN);
                state.write(layout.workspace());
            }
            return finished;
        } catch (PrivateServer.StartFailed e) {
            throw PghopException.upgradeFailed("the new cluster in " + newDir + " does not start: " + String.join(
                    " | ", e.log()) + ". " + wayBack(), e);
        } catch (IOException e) {
            throw PghopException.upgradeFailed("while finishing the new cluster in " + newDir + ": "
                    + e.getMessage() + ". " + wayBack(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PghopException.upgradeFailed("interrupted while finishing the new cluster", e);
        }
    }

    /** What the old cluster's way back is now, for a failure's message. */
    public String wayBack() {
        return state.oldIntact()
                ? "The old cluster in " + settings.pgdata() + " is intact: fix the cause and run `pghop upgrade` again,"
                        + " or run `pghop upgrade rollback`"
                : "The old cluster's files are the new one's too (TRANSFER=" + state.transfer() + "), so there is no"
                        + " way back to it: fix the cause and run `pghop upgrade` again, which goes on from here";
    }

    /** pg_upgrade's update_extensions.sql, when it wrote one: each extension to the version the new major offers. */
    private void updateExtensions(ServerPrograms programs, Endpoint endpoint)
            throws IOException, InterruptedException {
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
                ClientPrograms.toTheNewServer(tools(programs), Optional.empty()).vacuumdb(endpoint, database, pass,
                        options).env("PGOPTIONS", carried ? "-c vacuum_cost_delay=0"
                                : "-c default_statistics_target=1 -c vacuum_cost_delay=0").output(ANALYZE_BOUND);
            }
        }
        LOG.infof("statistics: %s in %d database(s)", carried ? "the carried statistics kept, what had none analyzed"
                : "first stage (statistics target 1) done; the full pass runs once the server serves", databases
                .size());
    }

    private VerifyReport prove(CatalogRecord oldRecord, Endpoint endpoint, ServerPrograms programs)
            throws IOException, InterruptedException {
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
        ReportJson.write(report, layout.workspace().resolve(REPORT));
        System.out.print(TextReport.render(report));
        return report;
    }

    /**
     * The new cluster takes PGDATA's place: PGDATA is renamed to the old cluster's kept name, then the new cluster
     * to PGDATA. A run killed between the two renames finds PGDATA missing, and finishes the second.
     */
    public void swap() {
        try {
            if (layout.inPlace()) {
                state = state.at(UpgradeState.Phase.SWAPPING);
                state.write(layout.workspace());
                Path building = layout.building(state.newMajor());
                Path kept = layout.keptOld(state.oldMajor());
                if (Files.exists(building) && DataDirectory.majorOf(settings.pgdata()).orElse(-1)
                        == state.oldMajor()) {
                    Files.move(settings.pgdata(), kept, StandardCopyOption.ATOMIC_MOVE);
                    DurableFiles.syncDirectory(settings.pgdata().getParent());
                    TestPause.at("swap");
                }
                if (Files.exists(building) && !Files.exists(settings.pgdata())) {
                    Files.move(building, settings.pgdata(), StandardCopyOption.ATOMIC_MOVE);
                    DurableFiles.syncDirectory(settings.pgdata().getParent());
                }
                LOG.infof("the new cluster is in %s; the old one is kept in %s", settings.pgdata(), kept);
            }
            Files.deleteIfExists(layout.workspace().resolve(OLD_RECORD));
            state = state.at(UpgradeState.Phase.DONE);
            state.write(layout.workspace());
        } catch (IOException e) {
            throw PghopException.upgradeFailed("while putting the new cluster in PGDATA's place: " + e.getMessage()
                    + ". Run `pghop upgrade` again: it finishes the swap", e);
        }
    }

    private static ClientPrograms clients(ServerPrograms programs) {
        return ClientPrograms.toTheNewServer(tools(programs), Optional.empty());
    }

    private static PgTools tools(ServerPrograms programs) {
        return new PgTools(Optional.of(programs.binDir()), problem -> PghopException.refused("the new major's"
                + " directory " + problem));
    }

    /** How long the upgrade took since its state was first written. */
    public Duration took() {
        return state == null ? Duration.ZERO : Duration.between(state.startedAt(), Instant.now());
    }

    /** One line on the old cluster kept beside the new one, for the summary. */
    public String keptOldSummary() {
        Path kept = layout.keptOld(state.oldMajor());
        return "the old cluster is kept in " + kept + (state.oldIntact() ? " (intact: `pghop upgrade rollback` puts it"
                + " back)" : " (its files are shared with the new one: no way back)") + "; `pghop upgrade drop-old`"
                + " removes it";
    }

    static String size(long bytes) {
        return Sizes.bytes(bytes);
    }
}
