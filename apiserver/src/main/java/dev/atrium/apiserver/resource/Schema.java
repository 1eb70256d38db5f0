package dev.atrium.apiserver.resource;

import com.google.gson.JsonObject;
import dev.atrium.apiserver.json.Json;

/**
 * Factories for the structural OpenAPI v3 schemas of the platform resources. The same schema is
 * published in the storage CRDs (where kube-apiserver validates it) and in our OpenAPI documents,
 * so only constructs valid in both are offered here.
 */
public final class Schema {

    /** A named property of an object schema. */
    public record Field(String name, JsonObject schema) {
    }

    private Schema() {
    }

    public static Field field(String name, JsonObject schema) {
        return new Field(name, schema);
    }

    public static JsonObject object(String description, Field... fields) {
        JsonObject schema = typed("object", description);
        JsonObject properties = new JsonObject();
        for (Field field : fields) {
            properties.add(field.name(), field.schema());
        }
        schema.add("properties", properties);
        return schema;
    }

    public static JsonObject string(String description) {
        return typed("string", description);
    }

    public static JsonObject enumeration(String description, String... values) {
        JsonObject schema = string(description);
        schema.add("enum", Json.strings(values));
        return schema;
    }

    public static JsonObject bool(String description) {
        return typed("boolean", description);
    }

    public static JsonObject integer(String description) {
        JsonObject schema = typed("integer", description);
        schema.addProperty("format", "int64");
        return schema;
    }

    public static JsonObject nonNegativeInteger(String description) {
        JsonObject schema = typed("integer", description);
        schema.addProperty("format", "int32");
        schema.addProperty("minimum", 0);
        return schema;
    }

    public static JsonObject dateTime(String description) {
        JsonObject schema = string(description);
        schema.addProperty("format", "date-time");
        return schema;
    }

    /** An integer or a string, like resource quantities ("10", 10, "500m"). */
    public static JsonObject intOrString(String description) {
        JsonObject schema = new JsonObject();
        schema.addProperty("description", description);
        schema.addProperty("x-kubernetes-int-or-string", true);
        return schema;
    }

    public static JsonObject array(String description, JsonObject items) {
        JsonObject schema = typed("array", description);
        schema.add("items", items);
        return schema;
    }

    /** A list of unique strings: server-side apply merges its entries one by one. */
    public static JsonObject stringSet(String description) {
        JsonObject schema = array(description, typed("string", null));
        schema.addProperty("x-kubernetes-list-type", "set");
        return schema;
    }

    /** A list of objects identified by {@code keys}: server-side apply merges its entries by key. */
    public static JsonObject listMap(String description, JsonObject items, String... keys) {
        JsonObject schema = array(description, items);
        schema.addProperty("x-kubernetes-list-type", "map");
        schema.add("x-kubernetes-list-map-keys", Json.strings(keys));
        return schema;
    }

    public static JsonObject map(String description, JsonObject values) {
        JsonObject schema = typed("object", description);
        schema.add("additionalProperties", values);
        return schema;
    }

    public static JsonObject required(JsonObject schema, String... names) {
        schema.add("required", Json.strings(names));
        return schema;
    }

    /** The apiVersion property every Kubernetes object has. */
    public static JsonObject apiVersion() {
        return string("APIVersion defines the versioned schema of this representation of an object.");
    }

    /** The kind property every Kubernetes object has. */
    public static JsonObject kind() {
        return string("Kind is a string value representing the REST resource this object represents.");
    }

    /** The shape of metav1.Condition, as a list keyed by type. */
    public static JsonObject conditions() {
        JsonObject condition = object("Condition contains details for one aspect of the current state of this object.",
                field("type", string("type of condition in CamelCase.")),
                field("status", enumeration("status of the condition, one of True, False, Unknown.",
                        "True", "False", "Unknown")),
                field("observedGeneration", integer(
                        "observedGeneration is the .metadata.generation that the condition was set based upon.")),
                field("lastTransitionTime", dateTime(
                        "lastTransitionTime is the last time the condition transitioned from one status to another.")),
                field("reason", string(
                        "reason contains a programmatic identifier indicating the reason for the condition's last transition.")),
                field("message", string("message is a human readable message indicating details about the transition.")));
        required(condition, "type", "status", "lastTransitionTime", "reason", "message");
        return listMap("Conditions describe the current state of the object.", condition, "type");
    }

    private static JsonObject typed(String type, String description) {
        JsonObject schema = new JsonObject();
        if (description != null) {
            schema.addProperty("description", description);
        }
        schema.addProperty("type", type);
        return schema;
    }
}
