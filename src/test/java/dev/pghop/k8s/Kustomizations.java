package dev.pghop.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The kustomizations of k8s/, each named by its directory below k8s/: the overlays (the Job that copies the old server
 * into a new one), the commands built on each overlay (a Job running one pghop command with the overlay's settings and
 * images), the in-place upgrade's Jobs (built on their own base, on the old server's PVC), and the example of the new
 * server. Found on disk, so that a new one is checked without touching the tests.
 */
final class Kustomizations {
    static final String NEW_SERVER = "new-server";
    /** The in-place upgrade's Jobs: commands/upgrade/&lt;action&gt;, beside their shared base. */
    static final String UPGRADE = "commands/upgrade";
    /** What the upgrade's Jobs share; not meant to be applied alone, as k8s/base. */
    static final String UPGRADE_BASE = UPGRADE + "/base";

    private Kustomizations() {
    }

    /** overlays/dump-load, overlays/migrate. */
    static List<String> overlays() {
        return below("overlays");
    }

    /** Every Job of commands/: those built on an overlay, then those of the in-place upgrade. */
    static List<String> commands() {
        return below("commands").stream().flatMap(group -> below(group).stream())
                .filter(kustomization -> !kustomization.equals(UPGRADE_BASE)).toList();
    }

    /** commands/&lt;overlay&gt;/&lt;command&gt;, e.g. commands/dump-load/plan. */
    static List<String> overlayCommands() {
        return commands().stream().filter(command -> !command.startsWith(UPGRADE + "/")).toList();
    }

    /** commands/upgrade/&lt;action&gt;: plan, run, rollback and drop-old of the in-place upgrade. */
    static List<String> upgradeCommands() {
        return commands().stream().filter(command -> command.startsWith(UPGRADE + "/")).toList();
    }

    /** Every kustomization that renders a Job: the overlays and the commands, the upgrade's among them. */
    static List<String> jobs() {
        return Stream.concat(overlays().stream(), commands().stream()).toList();
    }

    /** Every kustomization meant to be applied. */
    static List<String> all() {
        List<String> all = new ArrayList<>(jobs());
        all.add(NEW_SERVER);
        return all;
    }

    /** The subdirectories of k8s/{@code dir}, as paths below k8s/, sorted. */
    private static List<String> below(String dir) {
        try (Stream<Path> dirs = Files.list(RenderedOverlay.K8S.resolve(dir))) {
            return dirs.filter(Files::isDirectory).map(d -> dir + "/" + d.getFileName()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list k8s/" + dir, e);
        }
    }
}
