package dev.pghop.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/**
 * One kustomization of k8s/ (an overlay, a command, the new server), rendered and read strictly into the API model,
 * with the lookups the checks need.
 *
 * @param name its directory below k8s/, e.g. overlays/dump-load
 */
record RenderedOverlay(String name, List<ObjectNode> manifests, List<HasMetadata> objects) {
    static final Path K8S = Path.of("k8s");
    /**
     * A pghop image: its version, whether it is an upgrade image (the older majors' server programs added), and the
     * PostgreSQL major whose client programs it carries.
     */
    static final Pattern IMAGE = Pattern.compile("pghop:(?<version>.+?)(?<upgrade>-upgrade)?-pg(?<major>\\d+)");

    static RenderedOverlay of(String kustomization) {
        return of(kustomization, K8S);
    }

    /** The kustomization in a copy of k8s/ at {@code k8s}. */
    static RenderedOverlay of(String kustomization, Path k8s) {
        List<ObjectNode> manifests = KustomizeSubset.render(k8s.resolve(kustomization));
        List<HasMetadata> objects = new ArrayList<>();
        for (ObjectNode manifest : manifests) {
            try {
                objects.add(StrictKubernetesModel.parse(manifest));
            } catch (IOException e) {
                throw new UncheckedIOException("k8s/" + kustomization + ": " + KustomizeSubset.id(manifest)
                        + " does not fit the Kubernetes API: " + e.getMessage(), e);
            }
        }
        return new RenderedOverlay(kustomization, manifests, objects);
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    Job job() {
        List<Job> jobs = all(Job.class);
        if (jobs.size() != 1) {
            throw new AssertionError(this + " renders " + jobs.size() + " Jobs, not one");
        }
        return jobs.get(0);
    }

    PodSpec pod() {
        return job().getSpec().getTemplate().getSpec();
    }

    /** Init containers first, in the order they run, then the containers. */
    List<Container> containers() {
        return Stream.concat(pod().getInitContainers().stream(), pod().getContainers().stream()).toList();
    }

    Volume volume(String name) {
        return pod().getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(this + ": no volume named " + name));
    }

    /** What a container sees as its environment: its envFrom ConfigMaps' data, then its own literal values. */
    Map<String, String> literalEnvironment(Container container) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        container.getEnvFrom().stream().filter(source -> source.getConfigMapRef() != null)
                .forEach(source -> env.putAll(configMap(source.getConfigMapRef().getName()).getData()));
        container.getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> env.put(e.getName(), e.getValue()));
        return env;
    }

    static Optional<VolumeMount> mountAt(Container container, String path) {
        return container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(path)).findFirst();
    }

    ConfigMap configMap(String name) {
        return all(ConfigMap.class).stream().filter(c -> c.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(this + ": no ConfigMap named " + name));
    }

    @Override
    public String toString() {
        return "k8s/" + name;
    }
}
