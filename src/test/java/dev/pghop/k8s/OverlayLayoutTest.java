package dev.pghop.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.VolumeMount;

/**
 * What each overlay runs, and in which image: dump-load is the blog's layout (dump in the old major's image, load and
 * verify in the new one's, sharing the dump PVC), migrate then verify in the new major's image. Each command built on
 * an overlay runs its one pghop command in the overlay's new image. The runbook shows the same overlays and tags.
 */
class OverlayLayoutTest {

    @Test
    void dumpLoadRunsDumpInTheOldMajorThenLoadAndVerifyInTheNew() {
        RenderedOverlay rendered = RenderedOverlay.of("overlays/dump-load");
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
    void migrateRunsMigrateThenVerifyInTheNewMajorsImage() {
        RenderedOverlay migrate = RenderedOverlay.of("overlays/migrate");
        Container load = RenderedOverlay.of("overlays/dump-load").pod().getInitContainers().get(1);

        assertThat(migrate.pod().getInitContainers()).extracting(Container::getName).containsExactly("migrate");
        assertThat(migrate.pod().getContainers()).extracting(Container::getName).containsExactly("verify");
        assertThat(migrate.containers()).allSatisfy(container -> {
            assertThat(container.getArgs()).containsExactly(container.getName());
            assertThat(container.getImage()).as("the new major's image, as load's").isEqualTo(load.getImage());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void aCommandRunsItsOnePghopCommandInItsOverlaysNewImage(String kustomization) {
        String[] parts = kustomization.split("/");
        RenderedOverlay overlay = RenderedOverlay.of("overlays/" + parts[1]);
        RenderedOverlay command = RenderedOverlay.of(kustomization);
        Container verify = overlay.pod().getContainers().get(0);

        assertThat(command.job().getMetadata().getName()).isEqualTo("pghop-" + parts[2]);
        assertThat(command.pod().getInitContainers()).as(command.toString()).isEmpty();
        assertThat(command.pod().getContainers()).as(command.toString()).singleElement().satisfies(container -> {
            assertThat(container.getName()).isEqualTo(parts[2]);
            assertThat(container.getArgs()).containsExactly(parts[2]);
            assertThat(container.getImage()).as("the overlay's new image").isEqualTo(verify.getImage());
            assertThat(container.getVolumeMounts()).isEqualTo(verify.getVolumeMounts());
            assertThat(container.getEnv()).isEqualTo(verify.getEnv());
        });
        assertThat(command.objects()).as("besides its Job, what the overlay applies, unchanged")
                .filteredOn(o -> !o.getKind().equals("Job")).isEqualTo(overlay.objects().stream()
                        .filter(o -> !o.getKind().equals("Job")).toList());
    }

    /** Before the upgrade, plan in the dump-load overlay checks the room of the dump PVC the Job will use. */
    @Test
    void planBeforeADumpChecksTheDumpVolume() {
        RenderedOverlay plan = RenderedOverlay.of("commands/dump-load/plan");
        Container container = plan.pod().getContainers().get(0);
        String dumpPath = plan.literalEnvironment(container).get("PGDUMP_PATH");

        assertThat(dumpPath).as("PGDUMP_PATH of plan").isNotNull();
        VolumeMount mount = RenderedOverlay.mountAt(container, dumpPath).orElseThrow();
        assertThat(plan.volume(mount.getName()).getPersistentVolumeClaim().getClaimName())
                .isEqualTo(plan.all(PersistentVolumeClaim.class).get(0).getMetadata().getName());
    }

    static Stream<String> commands() {
        return Kustomizations.overlayCommands().stream();
    }

    @Test
    void theRunbookShowsTheOverlaysAndTheSameReleaseTags() throws IOException {
        String readme = Files.readString(Path.of("docs/runbook.md"));
        String release = RenderedOverlay.of("overlays/dump-load").pod().getContainers().get(0).getImage()
                .replaceAll("^pghop:(.+)-pg\\d+$", "$1");

        String build = System.getProperty("pghop.version");

        assertThat(Kustomizations.all()).allSatisfy(k -> assertThat(readme).contains("k8s/" + k));
        Matcher tag = Pattern.compile("pghop:(\\d[^\\s`'\"]*?)(?:-jvm)?(?:-upgrade)?-pg\\d+").matcher(readme);
        assertThat(tag.find()).as("the runbook shows an image tag").isTrue();
        do { // a release's tag, or the tag a build from the clone gets
            assertThat(tag.group(1)).as("version in the runbook's " + tag.group()).isIn(release, build);
        } while (tag.find());
    }

    private static int major(Container container) {
        Matcher image = RenderedOverlay.IMAGE.matcher(container.getImage());
        assertThat(image.matches()).as(container.getImage()).isTrue();
        return Integer.parseInt(image.group("major"));
    }

}
