package dev.pghop.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The test's kustomize renderer against the real one: where kubectl is installed, each overlay must render to the
 * same objects with both, so the renderer the other checks rely on cannot drift from what `kubectl apply -k` does.
 * Without kubectl (CI need not have it) that comparison is skipped.
 */
class KustomizeSubsetTest {
    private static final long KUBECTL_SECONDS = 60;

    static Stream<String> kustomizations() {
        return Kustomizations.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void rendersWhatKubectlKustomizeRenders(String overlay, @TempDir Path scratch) throws Exception {
        Optional<Path> kubectl = onPath("kubectl");
        assumeTrue(kubectl.isPresent(), "kubectl is not on PATH; the renderer is not compared with kustomize");
        Path dir = RenderedOverlay.K8S.resolve(overlay);

        Map<String, JsonNode> ours = byId(KustomizeSubset.render(dir));
        Map<String, JsonNode> theirs = byId(kubectlKustomize(kubectl.get(), dir, scratch));

        assertThat(ours.keySet()).as("objects of %s", overlay).isEqualTo(theirs.keySet());
        ours.forEach((id, object) -> assertThat(object).as("%s in %s:\n--- ours:\n%s--- kubectl kustomize:\n%s", id,
                overlay, yaml(object), yaml(theirs.get(id))).isEqualTo(theirs.get(id)));
    }

    @Test
    void refusesAKustomizationFeatureItDoesNotImplement(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), "resources: []\nnamePrefix: staging-\n");

        assertThatThrownBy(() -> KustomizeSubset.render(dir)).hasMessageContaining("namePrefix");
    }

    @Test
    void mergesKeyedListsAsStrategicMergeDoes(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), "resources: [pod.yaml]\npatches: [{path: patch.yaml}]\n");
        Files.writeString(dir.resolve("pod.yaml"), """
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  volumes: [{name: a, emptyDir: {}}, {name: b, emptyDir: {}}]
                  containers: [{name: x, image: i, args: [one]}]
                """);
        Files.writeString(dir.resolve("patch.yaml"), """
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  volumes: [{name: c, emptyDir: {}}, {name: a, emptyDir: {medium: Memory}}]
                  containers: [{name: x, args: [two]}]
                """);

        JsonNode spec = KustomizeSubset.render(dir).get(0).get("spec");

        assertThat(spec.get("volumes").findValuesAsText("name")).containsExactly("c", "a", "b");
        assertThat(spec.get("volumes").get(1).at("/emptyDir/medium").asText()).isEqualTo("Memory");
        assertThat(spec.at("/containers/0/image").asText()).isEqualTo("i");
        assertThat(spec.at("/containers/0/args").toString()).isEqualTo("[\"two\"]");
    }

    @Test
    void setsImagesAsKustomizeEditSetImageWritesThem(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), """
                resources: [pod.yaml]
                images:
                  - {name: pghop-old, newName: registry.example.com:5000/team/pghop, newTag: 0.1.0-SNAPSHOT-pg13}
                  - {name: pghop-new, newTag: 0.1.0-pg17}
                  - {name: postgres, digest: "sha256:0123"}
                """);
        Files.writeString(dir.resolve("pod.yaml"), """
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  initContainers: [{name: dump, image: pghop-old}]
                  containers: [{name: load, image: "pghop-new:latest"}, {name: db, image: "postgres:14"},
                    {name: other, image: "registry.example.com:5000/pghop-old"}]
                """);

        JsonNode spec = KustomizeSubset.render(dir).get(0).get("spec");

        assertThat(spec.at("/initContainers/0/image").asText())
                .isEqualTo("registry.example.com:5000/team/pghop:0.1.0-SNAPSHOT-pg13");
        assertThat(spec.get("containers").findValuesAsText("image")).containsExactly("pghop-new:0.1.0-pg17",
                "postgres@sha256:0123", "registry.example.com:5000/pghop-old");
    }

    @Test
    void appliesAnInlineJsonPatchToItsTargetThenTheNamespace(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), """
                namespace: postgres
                resources: [job.yaml]
                patches:
                  - target: {kind: Job, name: upgrade}
                    patch: |-
                      - {op: replace, path: /metadata/name, value: plan}
                      - {op: remove, path: /spec/template/spec/initContainers}
                      - {op: replace, path: /spec/template/spec/containers/0/args, value: [plan]}
                      - {op: add, path: /spec/template/spec/containers/0/env/-, value: {name: B, value: b}}
                """);
        Files.writeString(dir.resolve("job.yaml"), """
                {apiVersion: batch/v1, kind: Job, metadata: {name: upgrade}, spec: {template: {spec: {
                  initContainers: [{name: dump, image: i}],
                  containers: [{name: verify, image: i, args: [verify], env: [{name: A, value: a}]}]}}}}
                """);

        ObjectNode job = KustomizeSubset.render(dir).get(0);

        assertThat(KustomizeSubset.id(job)).isEqualTo("batch/v1 Job plan");
        assertThat(job.at("/metadata/namespace").asText()).isEqualTo("postgres");
        assertThat(job.at("/spec/template/spec").has("initContainers")).isFalse();
        assertThat(job.at("/spec/template/spec/containers/0/args").toString()).isEqualTo("[\"plan\"]");
        assertThat(job.at("/spec/template/spec/containers/0/env").findValuesAsText("name")).containsExactly("A", "B");
    }

    @Test
    void refusesAJsonPatchThatMissesItsTarget(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), """
                resources: [cm.yaml]
                patches:
                  - target: {kind: ConfigMap, name: settings}
                    patch: |-
                      - {op: replace, path: /data/missing, value: x}
                """);
        Files.writeString(dir.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n"
                + "data: {A: a}\n");

        assertThatThrownBy(() -> KustomizeSubset.render(dir)).hasMessageContaining("no value at \"/data/missing\"");
    }

    private static List<ObjectNode> kubectlKustomize(Path kubectl, Path dir, Path scratch) throws Exception {
        Path out = scratch.resolve("rendered.yaml");
        Path err = scratch.resolve("stderr");
        Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(KUBECTL_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("kubectl kustomize " + dir + " did not finish in " + KUBECTL_SECONDS + " s");
        }
        assertThat(process.exitValue()).as("kubectl kustomize %s: %s", dir,
                Files.readString(err, StandardCharsets.UTF_8)).isZero();
        return KustomizeSubset.readAll(out);
    }

    private static Map<String, JsonNode> byId(List<ObjectNode> objects) {
        return objects.stream().collect(Collectors.toMap(KustomizeSubset::id, Function.identity(), (a, b) -> {
            throw new AssertionError("two objects with the id " + KustomizeSubset.id(a));
        }, TreeMap::new));
    }

    private static String yaml(JsonNode node) {
        try {
            return KustomizeSubset.YAML.writeValueAsString(node);
        } catch (IOException e) {
            return node.toString();
        }
    }

    private static Optional<Path> onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(s -> !s.isEmpty()).map(s -> Path.of(s, program)).filter(Files::isExecutable).findFirst();
    }
}
