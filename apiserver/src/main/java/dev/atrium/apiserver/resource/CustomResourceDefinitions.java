package dev.atrium.apiserver.resource;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.util.List;

/**
 * Renders the {@code apiextensions.k8s.io/v1} CustomResourceDefinition of each storage CRD from
 * its resource definition, so the CRDs can never drift from what the API server serves.
 */
public final class CustomResourceDefinitions {

    private CustomResourceDefinitions() {
    }

    public static List<JsonObject> all() {
        return PlatformResources.stored().stream().map(CustomResourceDefinitions::of).toList();
    }

    /**
     * The CRD {@code <plural>.storage.atrium.dev}. It deliberately has no shortNames and no
     * categories: those belong to the served management resource, and kubectl would otherwise
     * resolve {@code proj} or {@code atrium} to both groups.
     */
    public static JsonObject of(ResourceDefinition definition) {
        JsonObject names = new JsonObject();
        names.addProperty("plural", definition.plural());
        names.addProperty("singular", definition.singular());
        names.addProperty("kind", definition.kind());
        names.addProperty("listKind", definition.listKind());

        JsonObject version = new JsonObject();
        version.addProperty("name", definition.version());
        version.addProperty("served", true);
        version.addProperty("storage", true);
        JsonObject schema = new JsonObject();
        schema.add("openAPIV3Schema", objectSchema(definition));
        version.add("schema", schema);
        if (definition.hasSubresource(ResourceDefinition.STATUS)) {
            JsonObject subresources = new JsonObject();
            subresources.add("status", new JsonObject());
            version.add("subresources", subresources);
        }
        version.add("additionalPrinterColumns", printerColumns(definition));

        JsonObject spec = new JsonObject();
        spec.addProperty("group", definition.storageGroup());
        spec.add("names", names);
        spec.addProperty("scope", definition.scope());
        JsonArray versions = new JsonArray();
        versions.add(version);
        spec.add("versions", versions);

        JsonObject metadata = new JsonObject();
        metadata.addProperty("name", definition.storageGroupResource());
        JsonObject labels = new JsonObject();
        labels.addProperty("app.kubernetes.io/part-of", "atrium");
        metadata.add("labels", labels);

        JsonObject crd = new JsonObject();
        crd.addProperty("apiVersion", "apiextensions.k8s.io/v1");
        crd.addProperty("kind", "CustomResourceDefinition");
        crd.add("metadata", metadata);
        crd.add("spec", spec);
        return crd;
    }

    private static JsonObject objectSchema(ResourceDefinition definition) {
        // kube-apiserver validates metadata itself; a structural schema may only say it is an object.
        JsonObject metadata = new JsonObject();
        metadata.addProperty("type", "object");
        return Schema.object(definition.description(),
                Schema.field("apiVersion", Schema.apiVersion()),
                Schema.field("kind", Schema.kind()),
                Schema.field("metadata", metadata),
                Schema.field("spec", definition.specSchema()),
                Schema.field("status", definition.statusSchema()));
    }

    private static JsonArray printerColumns(ResourceDefinition definition) {
        JsonArray columns = new JsonArray();
        for (PrinterColumn column : definition.additionalPrinterColumns()) {
            JsonObject json = new JsonObject();
            json.addProperty("name", column.name());
            json.addProperty("type", column.type());
            if (!column.format().isEmpty()) {
                json.addProperty("format", column.format());
            }
            json.addProperty("description", column.description());
            if (column.priority() != 0) {
                json.addProperty("priority", column.priority());
            }
            json.addProperty("jsonPath", column.jsonPath());
            columns.add(json);
        }
        return columns;
    }
}
