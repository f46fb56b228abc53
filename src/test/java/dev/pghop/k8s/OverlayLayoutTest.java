package dev.pghop.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.VolumeMount;

/**
 * What each overlay runs, and in which image: dump-load is the blog's layout (dump in the old major's image, load and
 * verify in the new one's, sharing the dump PVC), migrate one container in the new major's image. The README shows
 * the same overlays and release tags.
 */
class OverlayLayoutTest {

    @Test
    void dumpLoadRunsDumpInTheOldMajorThenLoadAndVerifyInTheNew() {
        RenderedOverlay rendered = RenderedOverlay.of("dump-load");
        List<Container> init = rendered.pod().getInitContainers();
        List<Container> main = rendered.pod().getContainers();

        assertThat(init).extracting(Container::getName).containsExactly("dump", "load");
        assertThat(main).extracting(Container::getName).containsExactly("verify");
        assertThat(rendered.containers()).allSatisfy(c -> assertThat(c.getArgs()).containsExactly(c.getName()));
        assertThat(major(init.get(0))).as("dump's major").isLessThan(major(init.get(1)));
        assertThat(major(main.get(0))).as("verify's major").isEqualTo(major(init.get(1)));
        String claim = rendered.all(PersistentVolumeClaim.class).get(0).getMetadata().getName();
        for (Container container : rendered.containers()) { // verify writes verify-report.json beside the dump
            String dumpPath = rendered.literalEnvironment(container).get("PGDUMP_PATH");
            VolumeMount mount = RenderedOverlay.mountAt(container, dumpPath).orElseThrow(
                    () -> new AssertionError(container.getName() + ": nothing mounted at PGDUMP_PATH " + dumpPath));
            assertThat(rendered.volume(mount.getName()).getPersistentVolumeClaim().getClaimName())
                    .as("%s's dump volume", container.getName()).isEqualTo(claim);
        }
    }

    @Test
    void migrateRunsOneContainerInTheNewMajorsImage() {
        RenderedOverlay migrate = RenderedOverlay.of("migrate");
        Container load = RenderedOverlay.of("dump-load").pod().getInitContainers().get(1);

        assertThat(migrate.pod().getInitContainers()).isEmpty();
        assertThat(migrate.pod().getContainers()).singleElement().satisfies(container -> {
            assertThat(container.getName()).isEqualTo("migrate");
            assertThat(container.getArgs()).containsExactly("migrate");
            assertThat(container.getImage()).as("the new major's image, as load's").isEqualTo(load.getImage());
        });
    }

    @Test
    void theReadmeShowsTheOverlaysAndTheSameReleaseTags() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String release = RenderedOverlay.of("dump-load").pod().getContainers().get(0).getImage()
                .replaceAll("^pghop:(.+)-pg\\d+$", "$1");

        assertThat(ManifestsTest.overlays()).allSatisfy(overlay -> assertThat(readme).contains("k8s/overlays/" + overlay));
        Matcher tag = Pattern.compile("pghop:(\\d[^\\s`'\"]*)-pg\\d+").matcher(readme);
        assertThat(tag.find()).as("README shows an image tag").isTrue();
        do {
            assertThat(tag.group(1)).as("version in the README's " + tag.group()).isEqualTo(release);
        } while (tag.find());
    }

    private static int major(Container container) {
        Matcher image = RenderedOverlay.IMAGE.matcher(container.getImage());
        assertThat(image.matches()).as(container.getImage()).isTrue();
        return Integer.parseInt(image.group("major"));
    }

}
