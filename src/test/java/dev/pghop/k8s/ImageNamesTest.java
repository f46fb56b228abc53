package dev.pghop.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.pghop.testing.TreeCopy;
import io.fabric8.kubernetes.api.model.Container;

/**
 * Each image is named in one place: the overlay's {@code images:} block, with one entry for the old major's image
 * (pghop-old) and one for the new major's (pghop-new). The patches name only those placeholders and the commands
 * name no image, so that `kustomize edit set image` in the overlay points every container at the tags you built or
 * pushed. The in-place upgrade's Jobs likewise take their one image, the new major's upgrade image (pghop-upgrade),
 * from their base's {@code images:} block.
 */
class ImageNamesTest {
    static final String OLD = "pghop-old";
    static final String NEW = "pghop-new";
    static final String UPGRADE = "pghop-upgrade";
    /** Which placeholders each overlay's containers take. */
    private static final Map<String, List<String>> PLACEHOLDERS = Map.of("overlays/dump-load", List.of(OLD, NEW),
            "overlays/migrate", List.of(NEW));
    private static final String CLONE_BUILD = "registry.example.com/team/pghop:0.1.0-SNAPSHOT-jvm-pg";

    static Stream<String> overlays() {
        return Kustomizations.overlays().stream();
    }

    @Test
    void everyOverlayIsKnownHere() {
        assertThat(PLACEHOLDERS.keySet()).containsExactlyInAnyOrderElementsOf(Kustomizations.overlays());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void eachOverlayNamesEachImageExactlyOnce(String overlay) throws IOException {
        JsonNode images = kustomization(RenderedOverlay.K8S.resolve(overlay)).path("images");

        assertThat(images.findValuesAsText("name")).as("images: of %s", overlay)
                .containsExactlyElementsOf(PLACEHOLDERS.get(overlay));
        images.forEach(image -> assertThat(image.path("newTag").asText()).as("%s in %s", image, overlay)
                .matches("\\d.*-pg\\d+"));
        Map<String, Long> imagesInPatches = containerImages(RenderedOverlay.K8S.resolve(overlay));
        assertThat(imagesInPatches.keySet()).as("images the patches of %s name", overlay)
                .containsExactlyInAnyOrderElementsOf(PLACEHOLDERS.get(overlay));
        assertThat(containerImages(RenderedOverlay.K8S.resolve("base"))).as("images in k8s/base").isEmpty();
    }

    @Test
    void theCommandsNameNoImageOfTheirOwn() throws IOException {
        for (String command : Kustomizations.commands()) {
            Path dir = RenderedOverlay.K8S.resolve(command);
            assertThat(kustomization(dir).has("images")).as("images: in %s", command).isFalse();
            assertThat(containerImages(dir)).as("images in %s", command).isEmpty();
        }
    }

    /** `kustomize edit set image` in the overlay, as the runbook shows it, reaches the overlay's Job and commands. */
    @Test
    void settingTheImagesInTheOverlayRetagsEveryContainer(@TempDir Path copy) throws IOException {
        TreeCopy.copy(RenderedOverlay.K8S, copy);
        Path kustomization = copy.resolve("overlays/dump-load/kustomization.yaml");
        ObjectNode edited = kustomization(kustomization.getParent());
        edited.putArray("images").add(entry(OLD, CLONE_BUILD + "12")).add(entry(NEW, CLONE_BUILD + "14"));
        KustomizeSubset.YAML.writeValue(kustomization.toFile(), edited);

        RenderedOverlay job = RenderedOverlay.of("overlays/dump-load", copy);
        assertThat(job.containers()).extracting(Container::getName, Container::getImage).containsExactly(
                tuple("dump", CLONE_BUILD + "12"),
                tuple("load", CLONE_BUILD + "14"),
                tuple("verify", CLONE_BUILD + "14"));
        for (String command : List.of("commands/dump-load/plan", "commands/dump-load/passwords")) {
            assertThat(RenderedOverlay.of(command, copy).containers()).extracting(Container::getImage)
                    .as(command).containsExactly(CLONE_BUILD + "14");
        }
    }

    @Test
    void theUpgradeJobsTakeTheirOneImageFromTheirBase() throws IOException {
        Path base = RenderedOverlay.K8S.resolve(Kustomizations.UPGRADE_BASE);
        JsonNode images = kustomization(base).path("images");

        assertThat(images.findValuesAsText("name")).as("images: of %s", base).containsExactly(UPGRADE);
        assertThat(images.get(0).path("newTag").asText()).as("the tag build-images.sh --upgrade gives")
                .matches("\\d.*-upgrade-pg\\d+");
        assertThat(containerImages(base)).as("images the Job of %s names", base).isEqualTo(Map.of(UPGRADE, 1L));
        String image = images.get(0).path("newName").asText() + ":" + images.get(0).path("newTag").asText();
        for (String command : Kustomizations.upgradeCommands()) {
            assertThat(RenderedOverlay.of(command).containers()).extracting(Container::getImage).as(command)
                    .containsExactly(image);
        }
    }

    /** `kustomize edit set image` in the upgrade's base, as the runbook shows it, reaches its four Jobs. */
    @Test
    void settingTheUpgradeImageInItsBaseRetagsEveryUpgradeJob(@TempDir Path copy) throws IOException {
        TreeCopy.copy(RenderedOverlay.K8S, copy);
        Path kustomization = copy.resolve(Kustomizations.UPGRADE_BASE).resolve("kustomization.yaml");
        ObjectNode edited = kustomization(kustomization.getParent());
        String built = "registry.example.com/team/pghop:0.1.0-SNAPSHOT-jvm-upgrade-pg17";
        edited.putArray("images").add(entry(UPGRADE, built));
        KustomizeSubset.YAML.writeValue(kustomization.toFile(), edited);

        for (String command : Kustomizations.upgradeCommands()) {
            assertThat(RenderedOverlay.of(command, copy).containers()).extracting(Container::getImage).as(command)
                    .containsExactly(built);
        }
    }

    /** What `kustomize edit set image name=registry/repository:tag` writes. */
    private static ObjectNode entry(String name, String image) {
        int colon = image.lastIndexOf(':');
        return KustomizeSubset.YAML.createObjectNode().put("name", name).put("newName", image.substring(0, colon))
                .put("newTag", image.substring(colon + 1));
    }

    private static ObjectNode kustomization(Path dir) {
        return KustomizeSubset.readAll(dir.resolve("kustomization.yaml")).get(0);
    }

    /** The images the containers of a directory's manifests name (not rendered), each with how often. */
    private static Map<String, Long> containerImages(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".yaml"))
                    .filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
                    .flatMap(f -> KustomizeSubset.readAll(f).stream())
                    .flatMap(manifest -> Stream.of("initContainers", "containers")
                            .flatMap(list -> manifest.findValues(list).stream()))
                    .flatMap(list -> list.findValuesAsText("image").stream())
                    .collect(Collectors.groupingBy(image -> image, Collectors.counting()));
        }
    }
}
