package dev.pghop.k8s;

import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/**
 * Reads manifests into the Kubernetes API model (fabric8) the way the API server's strict field validation does:
 * a field the model does not have fails, and so does a number or boolean where the API wants a string (a ConfigMap
 * value such as {@code PG_PORT: 5432}).
 * <p>
 * The model's classes keep unknown fields in an "additional properties" map through {@code @JsonAnySetter}, which
 * Jackson's FAIL_ON_UNKNOWN_PROPERTIES never sees; the introspector below ignores those any-setters.
 */
final class StrictKubernetesModel {
    /** The kinds k8s/ uses. A new kind fails until it is added here. */
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "batch/v1 Job", Job.class,
            "v1 ConfigMap", ConfigMap.class,
            "v1 PersistentVolumeClaim", PersistentVolumeClaim.class,
            "apps/v1 Deployment", Deployment.class,
            "v1 Service", Service.class);

    private static final ObjectMapper STRICT = strictMapper();

    private StrictKubernetesModel() {
    }

    static HasMetadata parse(JsonNode manifest) throws java.io.IOException {
        String kind = manifest.path("apiVersion").asText() + " " + manifest.path("kind").asText();
        Class<? extends HasMetadata> type = KINDS.get(kind);
        if (type == null) {
            throw new IllegalArgumentException("no model class for " + kind + "; add it to " + KINDS.keySet());
        }
        return STRICT.treeToValue(manifest, type);
    }

    static HasMetadata parseYaml(String yaml) throws java.io.IOException {
        return parse(STRICT.readTree(yaml));
    }

    private static ObjectMapper strictMapper() {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
                    @Override
                    public Boolean hasAnySetter(Annotated annotated) {
                        return Boolean.FALSE;
                    }
                });
        for (CoercionInputShape shape : new CoercionInputShape[] {CoercionInputShape.Integer,
                CoercionInputShape.Float, CoercionInputShape.Boolean}) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        return mapper;
    }
}
