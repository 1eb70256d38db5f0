package dev.atrium.apiserver.storage;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import dev.atrium.apiserver.json.Json;

/**
 * The apiVersions that object metadata holds about the object itself: each managedFields entry,
 * and kubectl's last-applied-configuration annotation. kube-apiserver reads both as versions of
 * the storage resource (server-side apply's field ownership, and its upgrade of a client-side
 * applied object to server-side apply), clients as versions of the management one.
 */
final class MetadataVersions {

    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private final String from;
    private final String to;

    MetadataVersions(String from, String to) {
        this.from = from;
        this.to = to;
    }

    void translate(JsonObject metadata) {
        if (metadata.get("managedFields") instanceof JsonArray entries) {
            translateManagedFields(entries);
        }
        if (metadata.get("annotations") instanceof JsonObject annotations) {
            translateAnnotations(annotations);
        }
    }

    void translateManagedFields(JsonArray entries) {
        entries.forEach(this::translateManagedFieldsEntry);
    }

    void translateManagedFieldsEntry(JsonElement entry) {
        if (entry instanceof JsonObject fields && from.equals(Json.string(fields, "apiVersion"))) {
            fields.addProperty("apiVersion", to);
        }
    }

    void translateAnnotations(JsonObject annotations) {
        if (annotations.get(LAST_APPLIED) instanceof JsonPrimitive value && value.isString()) {
            annotations.addProperty(LAST_APPLIED, lastApplied(value.getAsString()));
        }
    }

    /** The annotation's JSON with its top-level apiVersion translated; anything else stays as it is. */
    String lastApplied(String configuration) {
        JsonObject applied;
        try {
            if (!(Json.parse(configuration) instanceof JsonObject object) || !from.equals(Json.string(object, "apiVersion"))) {
                return configuration;
            }
            applied = object;
        } catch (JsonParseException e) {
            return configuration;
        }
        applied.addProperty("apiVersion", to);
        // kubectl writes the configuration with a trailing newline; keep the text otherwise compact as kubectl's.
        return Json.toJson(applied) + (configuration.endsWith("\n") ? "\n" : "");
    }
}
