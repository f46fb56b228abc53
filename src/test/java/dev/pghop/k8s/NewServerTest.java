package dev.pghop.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * k8s/new-server, the example of the new server: the blog's postgres:14 with its own superuser, PVC and Service, and
 * the very names pghop's settings and the runbook's switch-over use, so that the two fit without editing.
 */
class NewServerTest {
    private static final String LABEL = "postgres-v14";
    private static final String DATA_MOUNT = "/var/lib/postgresql/data";

    private final RenderedOverlay server = RenderedOverlay.of(Kustomizations.NEW_SERVER);
    private final Map<String, String> settings = RenderedOverlay.of("overlays/dump-load").configMap("pghop-env")
            .getData();

    @Test
    void isTheBlogsPostgres14WithItsOwnSuperuser() {
        Container postgres = container();
        Map<String, EnvVar> env = postgres.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));

        assertThat(postgres.getImage()).isEqualTo("postgres:14");
        assertThat(env.get("POSTGRES_USER").getValue()).as("POSTGRES_USER, pghop's NEW_PG_USER")
                .isEqualTo("pg-14-admin").isEqualTo(settings.get("NEW_PG_USER"))
                .isNotEqualTo(settings.get("PG_USER"));
        assertThat(env).as("the password comes from a file, not the manifest").doesNotContainKey("POSTGRES_PASSWORD");
        String passwordFile = env.get("POSTGRES_PASSWORD_FILE").getValue();
        VolumeMount secret = postgres.getVolumeMounts().stream()
                .filter(m -> passwordFile.startsWith(m.getMountPath() + "/")).findFirst().orElseThrow();
        assertThat(volume(secret.getName()).getSecret()).as("volume holding " + passwordFile).isNotNull();
        assertThat(env.get("PGDATA").getValue()).isEqualTo(DATA_MOUNT + "/pgdata");
    }

    @Test
    void keepsItsDataOnItsOwnPvc() {
        VolumeMount data = RenderedOverlay.mountAt(container(), DATA_MOUNT).orElseThrow();
        String claim = volume(data.getName()).getPersistentVolumeClaim().getClaimName();

        assertThat(server.all(PersistentVolumeClaim.class)).extracting(c -> c.getMetadata().getName())
                .containsExactly(claim);
        assertThat(claim).isNotEqualTo("pghop-dump");
        assertThat(deployment().getSpec().getReplicas()).isOne();
        assertThat(deployment().getSpec().getStrategy().getType()).as("one server on the volume at a time")
                .isEqualTo("Recreate");
    }

    @Test
    void isReachedAtNewPgHostAndCarriesTheLabelTheSwitchOverSelects() throws IOException {
        Service service = server.all(Service.class).get(0);
        String namespace = ManifestsTest.NAMESPACE;

        assertThat(service.getMetadata().getName()).isEqualTo(LABEL);
        assertThat(settings.get("NEW_PG_HOST")).isEqualTo(LABEL + "." + namespace + ".svc.cluster.local");
        assertThat(service.getSpec().getPorts()).singleElement()
                .satisfies(port -> assertThat(port.getPort().toString()).isEqualTo(settings.get("NEW_PG_PORT")));
        assertThat(service.getSpec().getSelector()).isEqualTo(Map.of("app", LABEL));
        assertThat(deployment().getSpec().getTemplate().getMetadata().getLabels()).containsEntry("app", LABEL);
        assertThat(Files.readString(Path.of("docs/runbook.md"))).as("the runbook's switch-over")
                .contains("{\"spec\":{\"selector\":{\"app\":\"" + LABEL + "\"}}}");
    }

    @Test
    void runsAsThePostgresUserOfTheImage() {
        PodSpec pod = deployment().getSpec().getTemplate().getSpec();

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(999);
        assertThat(pod.getSecurityContext().getFsGroup()).as("makes the PVC writable for it").isEqualTo(999);
        assertThat(container().getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    }

    private Deployment deployment() {
        return server.all(Deployment.class).get(0);
    }

    private Container container() {
        return deployment().getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private Volume volume(String name) {
        return deployment().getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
    }
}
