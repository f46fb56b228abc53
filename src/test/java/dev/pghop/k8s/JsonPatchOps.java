package dev.pghop.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON patch (RFC 6902) operations k8s/ uses in a kustomization's inline {@code patch:}: add, remove and
 * replace, with JSON pointers (RFC 6901). Any other operation fails, as does a path that does not lead to a value.
 */
final class JsonPatchOps {
    private static final Set<String> OPERATIONS = Set.of("add", "remove", "replace");

    private JsonPatchOps() {
    }

    static void apply(ArrayNode operations, ObjectNode target) {
        for (JsonNode op : operations) {
            String name = op.path("op").asText();
            if (!OPERATIONS.contains(name)) {
                throw new IllegalArgumentException("JSON patch operation `" + name + "` is not supported (known: "
                        + OPERATIONS + "): " + op);
            }
            List<String> path = pointer(op.path("path").asText());
            String last = path.get(path.size() - 1);
            JsonNode parent = walk(target, path.subList(0, path.size() - 1), op);
            JsonNode value = op.path("value").deepCopy();
            if (parent instanceof ObjectNode object) {
                if (!name.equals("add") && !object.has(last)) {
                    throw new IllegalArgumentException("JSON patch " + op + ": no value at " + op.get("path"));
                }
                if (name.equals("remove")) {
                    object.remove(last);
                } else {
                    object.set(last, value);
                }
            } else if (parent instanceof ArrayNode array) {
                changeItem(array, name, last, value, op);
            } else {
                throw new IllegalArgumentException("JSON patch " + op + ": " + op.get("path") + " is not in an object"
                        + " or a list");
            }
        }
    }

    private static void changeItem(ArrayNode array, String name, String index, JsonNode value, JsonNode op) {
        if (name.equals("add") && index.equals("-")) {
            array.add(value);
            return;
        }
        int i = Integer.parseInt(index);
        if (i < 0 || i > array.size() || (i == array.size() && !name.equals("add"))) {
            throw new IllegalArgumentException("JSON patch " + op + ": index " + i + " is outside the list");
        }
        switch (name) {
            case "add" -> array.insert(i, value);
            case "remove" -> array.remove(i);
            default -> array.set(i, value);
        }
    }

    private static JsonNode walk(JsonNode node, List<String> steps, JsonNode op) {
        JsonNode at = node;
        for (String step : steps) {
            at = at.isArray() ? at.path(Integer.parseInt(step)) : at.path(step);
            if (at.isMissingNode()) {
                throw new IllegalArgumentException("JSON patch " + op + ": no value at " + op.get("path"));
            }
        }
        return at;
    }

    /** The reference tokens of a JSON pointer, "/a/b~1c" being [a, b/c]. */
    private static List<String> pointer(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("JSON pointer " + path + " does not start with /");
        }
        List<String> tokens = new ArrayList<>();
        for (String token : path.substring(1).split("/", -1)) {
            tokens.add(token.replace("~1", "/").replace("~0", "~"));
        }
        return tokens;
    }
}
