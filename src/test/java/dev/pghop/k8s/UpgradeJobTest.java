package dev.pghop.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * k8s/commands/upgrade: the in-place upgrade's four Jobs, one Job on the old server's own PVC as the blog's Deployment
 * mounts it. Each runs its one pghop command; PGDATA lies below the PVC's mount point, where the new cluster can be
 * made beside it; the pod runs as the official image's postgres user, whose group the volume is given to; and no
 * server Secret, host or login is anywhere, since pghop starts both clusters itself.
 */
class UpgradeJobTest {
    /** Each Job's pghop arguments. */
    private static final Map<String, List<String>> ARGS = Map.of(
            "commands/upgrade/plan", List.of("plan"),
            "commands/upgrade/run", List.of("upgrade"),
            "commands/upgrade/rollback", List.of("upgrade", "rollback"),
            "commands/upgrade/drop-old", List.of("upgrade", "drop-old"));
    /** The blog's Deployment: the PVC pgdata at /var/lib/postgresql/data, PGDATA the pgdata directory in it. */
    private static final String CLAIM = "pgdata";
    private static final String MOUNT = "/var/lib/postgresql/data";
    private static final String PGDATA = MOUNT + "/pgdata";
    private static final int POSTGRES_UID = 999;
    /** What the Jobs of the overlays use to reach two servers; plan with PG_HOST would check two servers instead. */
    private static final Set<String> SERVER_VARIABLES = Set.of("PG_HOST", "PG_PORT", "PG_USER", "PG_PASS",
            "PG_PASS_FILE", "NEW_PG_HOST", "NEW_PG_PORT", "NEW_PG_USER", "NEW_PG_PASS", "NEW_PG_PASS_FILE");

    static Stream<String> jobs() {
        return Kustomizations.upgradeCommands().stream();
    }

    @Test
    void everyUpgradeJobIsKnownHere() {
        assertThat(ARGS.keySet()).containsExactlyInAnyOrderElementsOf(Kustomizations.upgradeCommands());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jobs")
    void eachJobRunsItsOnePghopCommand(String kustomization) {
        RenderedOverlay rendered = RenderedOverlay.of(kustomization);
        String action = kustomization.substring(kustomization.lastIndexOf('/') + 1);
        boolean run = action.equals("run");

        assertThat(rendered.job().getMetadata().getName()).isEqualTo(run ? "pghop-upgrade" : "pghop-upgrade-" + action);
        assertThat(rendered.pod().getInitContainers()).as(rendered.toString()).isEmpty();
        assertThat(rendered.pod().getContainers()).as(rendered.toString()).singleElement().satisfies(container -> {
            assertThat(container.getName()).isEqualTo(run ? "upgrade" : action);
            assertThat(container.getArgs()).isEqualTo(ARGS.get(kustomization));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jobs")
    void mountsTheOldServersPvcWherePgdataLiesBelowIt(String kustomization) {
        RenderedOverlay rendered = RenderedOverlay.of(kustomization);
        Container container = rendered.pod().getContainers().get(0);
        String pgdata = rendered.literalEnvironment(container).get("PGDATA");

        assertThat(pgdata).as("%s: PGDATA, as the old Deployment sets it", rendered).isEqualTo(PGDATA);
        VolumeMount mount = container.getVolumeMounts().stream()
                .filter(m -> pgdata.startsWith(m.getMountPath() + "/")).findFirst()
                .orElseThrow(() -> new AssertionError(rendered + ": no volume mounted above PGDATA " + pgdata));
        assertThat(mount.getMountPath()).as("%s: the mount point, PGDATA's parent, where the new cluster is made"
                + " beside it", rendered).isEqualTo(MOUNT);
        assertThat(mount.getReadOnly()).as("%s: the volume is written", rendered).isNotEqualTo(Boolean.TRUE);
        assertThat(rendered.volume(mount.getName()).getPersistentVolumeClaim().getClaimName())
                .as("%s: the old server's claim", rendered).isEqualTo(CLAIM);
        assertThat(rendered.all(PersistentVolumeClaim.class)).as("%s must not create the claim: `kubectl delete -k`"
                + " would delete the old server's data with it", rendered).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jobs")
    void runsAsThePostgresUserWhoseGroupTheVolumeIsGivenTo(String kustomization) {
        RenderedOverlay rendered = RenderedOverlay.of(kustomization);
        PodSecurityContext pod = rendered.pod().getSecurityContext();

        assertThat(pod.getRunAsNonRoot()).as(rendered.toString()).isTrue();
        assertThat(pod.getRunAsUser()).as("%s: runAsUser, the owner of PGDATA", rendered).isEqualTo(POSTGRES_UID);
        assertThat(pod.getRunAsGroup()).as("%s: runAsGroup", rendered).isEqualTo(POSTGRES_UID);
        assertThat(pod.getFsGroup()).as("%s: fsGroup, which lets that user write in the volume's root", rendered)
                .isEqualTo(POSTGRES_UID);
        assertThat(pod.getFsGroupChangePolicy()).as("%s: the volume's files walked once, not at each Job",
                rendered).isEqualTo("OnRootMismatch");
        assertThat(rendered.pod().getContainers().get(0).getSecurityContext().getRunAsUser())
                .as("%s: no container runs as another user", rendered).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jobs")
    void needsNoServerSecretsNorHosts(String kustomization) {
        RenderedOverlay rendered = RenderedOverlay.of(kustomization);
        Container container = rendered.pod().getContainers().get(0);

        assertThat(container.getEnvFrom()).as("%s: envFrom", rendered).isEmpty();
        assertThat(container.getEnv()).extracting(EnvVar::getName).as("%s: variables", rendered)
                .doesNotContainAnyElementsOf(SERVER_VARIABLES);
        assertThat(rendered.all(ConfigMap.class)).as("%s: ConfigMaps", rendered).isEmpty();
        assertThat(rendered.pod().getVolumes()).filteredOn(v -> v.getSecret() != null).extracting(Volume::getName)
                .as("%s: the only Secret, the optional role passwords", rendered).containsExactly("role-passwords");
    }

    /** One Job in four: they differ in their names and the pghop arguments, and in nothing else. */
    @Test
    void theFourJobsAreOneButForTheirNamesAndArguments() {
        ObjectNode run = RenderedOverlay.of("commands/upgrade/run").manifests().get(0);
        for (String kustomization : Kustomizations.upgradeCommands()) {
            ObjectNode job = RenderedOverlay.of(kustomization).manifests().get(0).deepCopy();
            job.withObjectProperty("metadata").set("name", run.at("/metadata/name"));
            ObjectNode container = (ObjectNode) job.at("/spec/template/spec/containers/0");
            container.set("name", run.at("/spec/template/spec/containers/0/name"));
            container.set("args", run.at("/spec/template/spec/containers/0/args"));

            assertThat(job).as(kustomization).isEqualTo(run);
        }
    }

    /**
     * The Job starts the old cluster with its own configuration, as its Deployment does: it gets at least the memory
     * of the server Deployment of k8s/ (the example of a server as the blog runs it).
     */
    @Test
    void getsAtLeastTheMemoryOfTheServersDeployment() {
        Deployment server = RenderedOverlay.of(Kustomizations.NEW_SERVER).all(Deployment.class).get(0);
        Quantity serverLimit = server.getSpec().getTemplate().getSpec().getContainers().get(0).getResources()
                .getLimits().get("memory");
        Quantity jobLimit = RenderedOverlay.of("commands/upgrade/run").pod().getContainers().get(0).getResources()
                .getLimits().get("memory");

        assertThat(Quantity.getAmountInBytes(jobLimit)).as("the Job's memory limit %s, the server's %s", jobLimit,
                serverLimit).isGreaterThanOrEqualTo(Quantity.getAmountInBytes(serverLimit));
    }

    /** The runbook applies each Job by its directory and follows it by its name. */
    @Test
    void theRunbookAppliesAndFollowsEachJob() throws IOException {
        String runbook = Files.readString(Path.of("docs/runbook.md"));

        for (String kustomization : Kustomizations.upgradeCommands()) {
            String job = RenderedOverlay.of(kustomization).job().getMetadata().getName();
            assertThat(runbook).contains("kubectl -n " + ManifestsTest.NAMESPACE + " apply -k k8s/" + kustomization)
                    .contains("logs -f job/" + job);
        }
    }
}
