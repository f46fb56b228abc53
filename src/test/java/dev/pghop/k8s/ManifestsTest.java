package dev.pghop.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonMappingException;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;

/**
 * The Kubernetes manifests in k8s/: each kustomization renders, every object fits the Kubernetes API exactly and
 * goes to the namespace the runbook's commands use, and the properties an upgrade depends on hold in every Job: it
 * never retries, each container runs locked down, passwords come only from Secrets, and each image is pghop for one
 * PostgreSQL major: the upgrade image (the older majors' server programs added) in the in-place upgrade's Jobs, and
 * only there.
 */
class ManifestsTest {
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASS|PASSWORD|PWD|SECRET|TOKEN|KEY).*");
    private static final int POSTGRES_UID = 999;
    /** The namespace of every `kubectl -n` in the runbook. */
    static final String NAMESPACE = "postgres";

    static Stream<String> jobs() {
        return Kustomizations.jobs().stream();
    }

    static Stream<String> all() {
        return Kustomizations.all().stream();
    }

    @Test
    void theOverlaysAreDumpLoadAndMigrateEachWithPlanAndPasswordsBesideTheInPlaceUpgradesFourJobs() {
        assertThat(Kustomizations.overlays()).containsExactly("overlays/dump-load", "overlays/migrate");
        assertThat(Kustomizations.overlayCommands()).containsExactly("commands/dump-load/passwords",
                "commands/dump-load/plan", "commands/migrate/passwords", "commands/migrate/plan");
        assertThat(Kustomizations.upgradeCommands()).containsExactly("commands/upgrade/drop-old",
                "commands/upgrade/plan", "commands/upgrade/rollback", "commands/upgrade/run");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void everyObjectFitsTheKubernetesApiStrictly(String kustomization) {
        RenderedOverlay rendered = RenderedOverlay.of(kustomization);

        assertThat(rendered.objects()).as("objects of %s", rendered).hasSameSizeAs(rendered.manifests())
                .isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void everyObjectGoesToTheNamespaceTheRunbookUses(String kustomization) {
        RenderedOverlay rendered = RenderedOverlay.of(kustomization);

        assertThat(rendered.manifests()).as("objects of %s", rendered).allSatisfy(object -> assertThat(
                object.at("/metadata/namespace").asText()).as("namespace of %s", KustomizeSubset.id(object))
                .isEqualTo(NAMESPACE));
    }

    @Test
    void aFieldInTheWrongPlaceFailsToParse() {
        String backoffLimitInThePod = """
                apiVersion: batch/v1
                kind: Job
                metadata: {name: upgrade}
                spec:
                  template:
                    spec:
                      backoffLimit: 0
                      restartPolicy: Never
                      containers: [{name: load, image: "pghop:0.1.0-pg14"}]
                """;
        assertThatThrownBy(() -> StrictKubernetesModel.parseYaml(backoffLimitInThePod))
                .isInstanceOf(JsonMappingException.class).hasMessageContaining("backoffLimit");
    }

    @Test
    void aNumberWhereTheApiWantsAStringFailsToParse() {
        String unquotedPort = """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: pghop-env}
                data: {PG_PORT: 5432}
                """;
        assertThatThrownBy(() -> StrictKubernetesModel.parseYaml(unquotedPort))
                .isInstanceOf(JsonMappingException.class).hasMessageContaining("PG_PORT");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jobs")
    void theJobRunsOnceAndIsCleanedUpLater(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        JobSpec job = rendered.job().getSpec();

        assertThat(job.getBackoffLimit()).as("%s: Job backoffLimit", rendered).isZero();
        assertThat(job.getTtlSecondsAfterFinished()).as("%s: ttlSecondsAfterFinished", rendered).isPositive();
        assertThat(rendered.pod().getRestartPolicy()).as("%s: restartPolicy", rendered).isEqualTo("Never");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jobs")
    void everyContainerRunsLockedDown(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        PodSecurityContext pod = rendered.pod().getSecurityContext();

        assertThat(pod.getFsGroup()).as("%s: fsGroup", rendered).isEqualTo(POSTGRES_UID);
        assertThat(rendered.containers()).as("containers of %s", rendered).isNotEmpty().allSatisfy(container -> {
            String what = rendered + ", container " + container.getName();
            SecurityContext own = Optional.ofNullable(container.getSecurityContext()).orElseGet(SecurityContext::new);
            assertThat(Optional.ofNullable(own.getRunAsNonRoot()).orElse(pod.getRunAsNonRoot())).as(what).isTrue();
            assertThat(Optional.ofNullable(own.getRunAsUser()).orElse(pod.getRunAsUser())).as(what)
                    .isEqualTo(POSTGRES_UID);
            assertThat(Optional.ofNullable(own.getSeccompProfile()).orElse(pod.getSeccompProfile()).getType())
                    .as(what).isEqualTo("RuntimeDefault");
            assertThat(own.getAllowPrivilegeEscalation()).as(what).isFalse();
            assertThat(own.getReadOnlyRootFilesystem()).as(what).isTrue();
            assertThat(own.getCapabilities().getDrop()).as(what).containsExactly("ALL");
            assertThat(own.getCapabilities().getAdd()).as(what).isEmpty();
            assertThat(container.getTerminationMessagePolicy()).as(what).isEqualTo("FallbackToLogsOnError");
            assertThat(container.getResources().getRequests()).as(what).containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).as(what).containsKey("memory");
            VolumeMount tmp = RenderedOverlay.mountAt(container, "/tmp").orElseThrow(() -> new AssertionError(what + ": no /tmp"));
            assertThat(rendered.volume(tmp.getName()).getEmptyDir()).as(what + ": /tmp is an emptyDir").isNotNull();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jobs")
    void passwordsComeOnlyFromMountedSecrets(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);

        assertThat(rendered.manifests()).as("%s must not create Secrets: they are referenced only", rendered)
                .noneMatch(m -> m.path("kind").asText().equals("Secret"));
        for (Container container : rendered.containers()) {
            String what = rendered + ", container " + container.getName();
            for (EnvVar var : container.getEnv()) {
                if (isSecretName(var.getName()) && !isPathName(var.getName())) {
                    assertThat(var.getValueFrom()).as(what + ": " + var.getName() + " must come from a Secret")
                            .isNotNull();
                    assertThat(var.getValueFrom().getSecretKeyRef()).as(what + ": " + var.getName()).isNotNull();
                }
            }
            rendered.literalEnvironment(container).forEach((name, value) -> {
                if (isSecretName(name)) {
                    assertThat(isPathName(name)).as(what + ": " + name + " is a literal; give its *_FILE instead")
                            .isTrue();
                    assertThat(secretMountHolding(rendered, container, value)).as(what + ": " + name + "=" + value
                            + " must lie in a mounted Secret").isPresent();
                }
            });
        }
        assertThat(rendered.volume("role-passwords").getSecret().getOptional()).as("%s: role-passwords", rendered)
                .isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jobs")
    void everyImageIsThisPghopReleaseForOnePostgresMajor(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        String release = System.getProperty("pghop.version", "").replace("-SNAPSHOT", "");

        assertThat(release).as("system property pghop.version, set by the build").isNotEmpty();
        for (Container container : rendered.containers()) {
            Matcher image = RenderedOverlay.IMAGE.matcher(container.getImage());
            assertThat(image.matches()).as("%s, container %s: image %s is not pghop:<version>-pg<major>", rendered,
                    container.getName(), container.getImage()).isTrue();
            assertThat(image.group("version")).as("version of " + container.getImage()).isEqualTo(release);
            assertThat(Integer.parseInt(image.group("major"))).as("major of " + container.getImage())
                    .isBetween(12, 17);
            assertThat(image.group("upgrade") != null).as("%s, container %s: %s is an upgrade image", rendered,
                    container.getName(), container.getImage())
                    .isEqualTo(Kustomizations.upgradeCommands().contains(overlay));
        }
    }

    private static boolean isSecretName(String name) {
        return SECRET_NAME.matcher(name).matches();
    }

    private static boolean isPathName(String name) {
        return name.endsWith("_FILE") || name.endsWith("_DIR");
    }

    /** The mount of a Secret volume that holds {@code path} (the mount point itself or a file in it). */
    private static Optional<VolumeMount> secretMountHolding(RenderedOverlay rendered, Container container,
            String path) {
        return container.getVolumeMounts().stream()
                .filter(m -> path.equals(m.getMountPath()) || path.startsWith(m.getMountPath() + "/"))
                .filter(m -> rendered.volume(m.getName()).getSecret() != null).findFirst();
    }
}
