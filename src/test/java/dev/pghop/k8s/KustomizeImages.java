package dev.pghop.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A kustomization's {@code images:} block, applied the way kustomize's image transformer does: every container and
 * init container whose image has an entry's {@code name} gets that entry's {@code newName}, {@code newTag} or
 * {@code digest}. This is what {@code kustomize edit set image pghop-old=registry/pghop:tag} writes.
 */
final class KustomizeImages {
    private static final Set<String> FIELDS = Set.of("name", "newName", "newTag", "digest");
    private static final Set<String> CONTAINER_LISTS = Set.of("containers", "initContainers");

    /** One entry of the block. */
    record Entry(String name, String newName, String newTag, String digest) {
    }

    private KustomizeImages() {
    }

    static List<Entry> read(JsonNode images, Object where) {
        List<Entry> entries = new ArrayList<>();
        for (JsonNode image : images) {
            image.fieldNames().forEachRemaining(field -> {
                if (!FIELDS.contains(field)) {
                    throw new IllegalArgumentException(where + ": images entry field `" + field + "` is not"
                            + " supported (known: " + FIELDS + ")");
                }
            });
            if (!image.hasNonNull("name")) {
                throw new IllegalArgumentException(where + ": an images entry has no name: " + image);
            }
            entries.add(new Entry(image.get("name").asText(), text(image, "newName"), text(image, "newTag"),
                    text(image, "digest")));
        }
        return entries;
    }

    /** Sets the images of every container list below {@code node}, at any depth. */
    static void apply(List<Entry> entries, JsonNode node) {
        node.properties().forEach(field -> {
            JsonNode value = field.getValue();
            if (CONTAINER_LISTS.contains(field.getKey()) && value.isArray()) {
                value.forEach(container -> {
                    if (container instanceof ObjectNode c && c.hasNonNull("image")) {
                        c.put("image", transformed(entries, c.get("image").asText()));
                    }
                });
            }
            if (value.isContainerNode()) {
                apply(entries, value);
            }
        });
        if (node.isArray()) {
            node.forEach(item -> apply(entries, item));
        }
    }

    /** The image reference with the first entry whose name matches its name applied, or as it was. */
    static String transformed(List<Entry> entries, String image) {
        int at = image.indexOf('@');
        String digest = at < 0 ? null : image.substring(at + 1);
        String rest = at < 0 ? image : image.substring(0, at);
        int colon = rest.lastIndexOf(':');
        boolean tagged = colon > rest.lastIndexOf('/');
        String name = tagged ? rest.substring(0, colon) : rest;
        String tag = tagged ? rest.substring(colon + 1) : null;
        for (Entry entry : entries) {
            if (entry.name().equals(name)) {
                String newName = entry.newName() == null ? name : entry.newName();
                if (entry.digest() != null) {
                    return newName + "@" + entry.digest();
                }
                String newTag = entry.newTag() == null ? tag : entry.newTag();
                return newName + (newTag == null ? "" : ":" + newTag)
                        + (entry.newTag() == null && digest != null ? "@" + digest : "");
            }
        }
        return image;
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
