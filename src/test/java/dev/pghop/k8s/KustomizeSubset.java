package dev.pghop.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Renders a kustomization the way {@code kubectl kustomize} does, for exactly the features k8s/ uses: resources
 * (files and directories), strategic merge patches given by path, JSON patches given inline with their target,
 * then {@code namespace} and {@code images}, in kustomize's order. Anything else in a kustomization.yaml fails
 * here, so a manifest change cannot slip past the tests by using a feature this renderer would ignore.
 * KustomizeSubsetTest compares the result with kubectl's wherever kubectl is installed.
 */
final class KustomizeSubset {
    private static final Set<String> KUSTOMIZATION_FIELDS = Set.of("apiVersion", "kind", "resources", "patches",
            "namespace", "images");
    private static final Set<String> TARGET_FIELDS = Set.of("kind", "name");
    /**
     * The strategic merge keys of the lists the manifests patch: list items with the same key are merged, others
     * kept. Keyed by field name, which is right for the pod template fields used here.
     */
    private static final Map<String, String> MERGE_KEYS = Map.of("containers", "name", "initContainers", "name",
            "volumes", "name", "env", "name", "volumeMounts", "mountPath");

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private KustomizeSubset() {
    }

    /** Every object the kustomization in {@code directory} produces. */
    static List<ObjectNode> render(Path directory) {
        JsonNode kustomization = readKustomization(directory);
        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode resource : kustomization.path("resources")) {
            Path path = directory.resolve(resource.asText()).normalize();
            objects.addAll(Files.isDirectory(path) ? render(path) : readAll(path));
        }
        for (JsonNode patch : kustomization.path("patches")) {
            applyPatch(patch, objects, directory);
        }
        if (kustomization.hasNonNull("namespace")) {
            objects.forEach(o -> o.withObjectProperty("metadata").put("namespace",
                    kustomization.get("namespace").asText()));
        }
        List<KustomizeImages.Entry> images = KustomizeImages.read(kustomization.path("images"), directory);
        objects.forEach(o -> KustomizeImages.apply(images, o));
        return objects;
    }

    /** A strategic merge patch given by `path`, or a JSON patch given inline as `patch` with its `target`. */
    private static void applyPatch(JsonNode patch, List<ObjectNode> objects, Path directory) {
        if (patch.size() == 1 && patch.has("path")) {
            for (ObjectNode change : readAll(directory.resolve(patch.get("path").asText()))) {
                merge(target(objects, change, directory), change);
            }
            return;
        }
        if (patch.size() != 2 || !patch.has("patch") || !patch.has("target")) {
            throw new IllegalArgumentException(directory + ": only patches given by `path`, or by `patch` and"
                    + " `target`, are supported, not " + patch);
        }
        JsonNode target = patch.get("target");
        target.fieldNames().forEachRemaining(field -> {
            if (!TARGET_FIELDS.contains(field)) {
                throw new IllegalArgumentException(directory + ": patch target field `" + field + "` is not"
                        + " supported (known: " + TARGET_FIELDS + ")");
            }
        });
        JsonNode operations = parseYaml(patch.get("patch").asText());
        if (!(operations instanceof ArrayNode list)) {
            throw new IllegalArgumentException(directory + ": an inline patch must be a JSON patch (a list of"
                    + " operations), not " + operations);
        }
        List<ObjectNode> matched = objects.stream().filter(o -> o.path("kind").asText().equals(target.path("kind")
                .asText()) && o.path("metadata").path("name").asText().equals(target.path("name").asText())).toList();
        if (matched.isEmpty()) {
            throw new IllegalArgumentException(directory + ": a patch targets " + target + ", which no resource is");
        }
        matched.forEach(object -> JsonPatchOps.apply(list, object));
    }

    private static JsonNode parseYaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read an inline patch: " + text, e);
        }
    }

    /** Reads every YAML document of a file, skipping empty ones. */
    static List<ObjectNode> readAll(Path file) {
        try (var parser = YAML.getFactory().createParser(file.toFile())) {
            List<ObjectNode> documents = new ArrayList<>();
            Iterator<JsonNode> it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode document = it.next();
                if (document instanceof ObjectNode object) {
                    documents.add(object);
                } else if (document != null && !document.isNull() && !document.isMissingNode()) {
                    throw new IllegalArgumentException(file + " holds a YAML document that is not an object");
                }
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static JsonNode readKustomization(Path directory) {
        Path file = directory.resolve("kustomization.yaml");
        List<ObjectNode> documents = readAll(file);
        if (documents.size() != 1) {
            throw new IllegalArgumentException(file + " must hold exactly one document");
        }
        ObjectNode kustomization = documents.get(0);
        kustomization.fieldNames().forEachRemaining(field -> {
            if (!KUSTOMIZATION_FIELDS.contains(field)) {
                throw new IllegalArgumentException(file + " uses `" + field + "`, which this test's renderer does not"
                        + " support (it knows " + KUSTOMIZATION_FIELDS + "); extend KustomizeSubset first");
            }
        });
        return kustomization;
    }

    private static ObjectNode target(List<ObjectNode> objects, ObjectNode patch, Path directory) {
        return objects.stream().filter(o -> id(o).equals(id(patch))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(directory + ": a patch targets " + id(patch)
                        + ", which no resource defines"));
    }

    static String id(JsonNode object) {
        return object.path("apiVersion").asText() + " " + object.path("kind").asText() + " "
                + object.path("metadata").path("name").asText();
    }

    /** Strategic merge: maps merge field by field; keyed lists merge item by item; any other value is replaced. */
    private static void merge(ObjectNode target, ObjectNode patch) {
        patch.properties().forEach(field -> {
            String name = field.getKey();
            JsonNode change = field.getValue();
            JsonNode current = target.get(name);
            if (name.startsWith("$")) {
                throw new IllegalArgumentException("patch directive " + name + " is not supported");
            } else if (change.isNull()) {
                target.remove(name);
            } else if (change.isObject() && current instanceof ObjectNode currentObject) {
                merge(currentObject, (ObjectNode) change);
            } else if (change.isArray() && current instanceof ArrayNode currentList && MERGE_KEYS.containsKey(name)) {
                target.set(name, mergeList(currentList, (ArrayNode) change, MERGE_KEYS.get(name)));
            } else {
                target.set(name, change.deepCopy());
            }
        });
    }

    /** The patch's items in the patch's order (merged into their base item when there is one), then the rest. */
    private static ArrayNode mergeList(ArrayNode base, ArrayNode patch, String key) {
        ArrayNode merged = YAML.createArrayNode();
        List<JsonNode> rest = new ArrayList<>();
        base.forEach(rest::add);
        for (JsonNode change : patch) {
            JsonNode match = rest.stream().filter(item -> item.path(key).equals(change.path(key))).findFirst()
                    .orElse(null);
            if (match instanceof ObjectNode matchObject && change instanceof ObjectNode changeObject) {
                rest.remove(match);
                ObjectNode item = matchObject.deepCopy();
                merge(item, changeObject);
                merged.add(item);
            } else {
                merged.add(change.deepCopy());
            }
        }
        rest.forEach(merged::add);
        return merged;
    }
}
