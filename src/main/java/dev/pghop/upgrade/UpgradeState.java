package dev.pghop.upgrade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.pghop.config.TransferMode;
import dev.pghop.files.DurableFiles;
import dev.pghop.files.Json;

/**
 * upgrade-state.json in the upgrade's own directory: how far an upgrade got, so that a run killed at any moment
 * (kill -9, a lost node) is taken up again by the next one, which either goes on or puts the old cluster back. It
 * is written atomically before each step that changes something, saying what that step is about to do.
 *
 * @param superuser the clusters' bootstrap superuser (pg_upgrade gives the new one the old one's), once known
 * @param oldRunning pghop (or pg_upgrade for it) may have the old cluster running: a killed run leaves it as after a
 *        crash, and the next run, knowing it was its own, recovers it
 * @param newStarted the new cluster has been started since the transfer: in link mode its files are the old
 *        cluster's too, so from then on the old cluster is no longer intact
 */
public record UpgradeState(Phase phase, int oldMajor, int newMajor, TransferMode transfer, String superuser,
        boolean oldRunning, boolean newStarted, Instant startedAt, Instant updatedAt) {
    static final String FILE = "upgrade-state.json";
    private static final String FORMAT = "pghop-upgrade-state/1";

    /** The steps in order; each names what has been done, or what is under way. */
    public enum Phase {
        /** The checks run: the old cluster may be running for pghop, the new cluster half made. */
        INSPECTING,
        /** The checks passed, the proof of the old cluster is recorded, the new cluster is made and configured. */
        CHECKED,
        /** pg_upgrade is moving the data files. */
        TRANSFERRING,
        /** pg_upgrade finished. */
        TRANSFERRED,
        /** The new cluster runs for pghop: extensions, collations, statistics, passwords, the proof. */
        FINISHING,
        /** The new cluster was proven equal and stopped cleanly. */
        PROVEN,
        /** The new cluster is taking PGDATA's place: PGDATA renamed, or (inside it) its entries moved away. */
        SWAPPING,
        /** Inside PGDATA: the old cluster's entries are away, the new cluster's are moving up into PGDATA. */
        SWAPPING_IN,
        /** The upgrade is over; the old cluster is kept until `upgrade drop-old`. */
        DONE,
        /** A rollback is putting the old cluster back. */
        ROLLING_BACK,
        /** Inside PGDATA: the new cluster's entries are aside, the old cluster's are moving back up. */
        ROLLING_BACK_IN;

        String text() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Phase parse(String text) throws IOException {
            for (Phase p : values()) {
                if (p.text().equals(text)) {
                    return p;
                }
            }
            throw new IOException("unknown upgrade phase '" + text + "'");
        }
    }

    static UpgradeState begin(int oldMajor, int newMajor, TransferMode transfer) {
        Instant now = Instant.now();
        return new UpgradeState(Phase.INSPECTING, oldMajor, newMajor, transfer, "", false, false, now, now);
    }

    UpgradeState at(Phase next) {
        return new UpgradeState(next, oldMajor, newMajor, transfer, superuser, oldRunning, newStarted, startedAt,
                Instant.now());
    }

    UpgradeState withSuperuser(String name) {
        return new UpgradeState(phase, oldMajor, newMajor, transfer, name, oldRunning, newStarted, startedAt,
                Instant.now());
    }

    UpgradeState withOldRunning(boolean running) {
        return new UpgradeState(phase, oldMajor, newMajor, transfer, superuser, running, newStarted, startedAt,
                Instant.now());
    }

    UpgradeState withNewStarted() {
        return new UpgradeState(phase, oldMajor, newMajor, transfer, superuser, oldRunning, true, startedAt,
                Instant.now());
    }

    /** Whether the old cluster's files are still its own and whole: what a rollback needs. */
    boolean oldIntact() {
        return switch (transfer.wayBack()) {
            case ALWAYS -> true;
            case UNTIL_NEW_STARTS -> !newStarted;
            // pg_upgrade --swap moves the files as it goes: once it runs, the old cluster may no longer be whole
            case NONE -> phase.compareTo(Phase.CHECKED) <= 0;
        };
    }

    /** The state the last run left in {@code workspace}, if any. */
    static Optional<UpgradeState> read(Path workspace) throws IOException {
        Path file = workspace.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonNode n = Json.read(file, FORMAT);
        TransferMode transfer = TransferMode.parse(Json.text(n, "transfer", file))
                .orElseThrow(() -> new IOException(file + " names an unknown transfer mode"));
        return Optional.of(new UpgradeState(Phase.parse(Json.text(n, "phase", file)), n.path("oldMajor").asInt(),
                n.path("newMajor").asInt(), transfer, n.path("superuser").asText(""),
                n.path("oldRunning").asBoolean(), n.path("newStarted").asBoolean(), Instant.parse(Json.text(n, "startedAt", file)),
                Instant.parse(Json.text(n, "updatedAt", file))));
    }

    void write(Path workspace) throws IOException {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("format", FORMAT);
        n.put("phase", phase.text());
        n.put("oldMajor", oldMajor);
        n.put("newMajor", newMajor);
        n.put("transfer", transfer.value());
        n.put("superuser", superuser);
        n.put("oldRunning", oldRunning);
        n.put("newStarted", newStarted);
        n.put("startedAt", startedAt.toString());
        n.put("updatedAt", updatedAt.toString());
        DurableFiles.writeAtomically(workspace.resolve(FILE), Json.MAPPER.writeValueAsBytes(n));
    }
}
