package dev.atrium.apiserver.storage;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import dev.atrium.apiserver.json.Json;

/**
 * JSON merge patch and JSON patch bodies, with the apiVersions they write into metadata
 * translated to the storage resource (see {@link MetadataVersions}): kubectl's client-side apply
 * sets the last-applied annotation by merge patch, and its upgrade to server-side apply replaces
 * managedFields by JSON patch. Everything else passes unchanged, also bodies kube-apiserver will
 * reject.
 */
final class PatchTranslation {

    private static final String MANAGED_FIELDS = "/metadata/managedFields";
    private static final String LAST_APPLIED_PATH =
            "/metadata/annotations/" + MetadataVersions.LAST_APPLIED.replace("~", "~0").replace("/", "~1");

    private final MetadataVersions versions;

    PatchTranslation(MetadataVersions versions) {
        this.versions = versions;
    }

    String mergePatch(String body) {
        JsonElement patch = parse(body);
        if (patch instanceof JsonObject object && object.get("metadata") instanceof JsonObject metadata) {
            versions.translate(metadata);
            return Json.toJsonWithNulls(object);
        }
        return body;
    }

    String jsonPatch(String body) {
        if (!(parse(body) instanceof JsonArray operations)) {
            return body;
        }
        for (JsonElement operation : operations) {
            String path = operation instanceof JsonObject op ? Json.string(op, "path") : null;
            if (path != null && operation.getAsJsonObject().has("value")) {
                translateValue(operation.getAsJsonObject(), path, operation.getAsJsonObject().get("value"));
            }
        }
        return Json.toJsonWithNulls(operations);
    }

    private void translateValue(JsonObject op, String path, JsonElement value) {
        switch (path) {
            case "" -> {
                if (value instanceof JsonObject object && object.get("metadata") instanceof JsonObject metadata) {
                    versions.translate(metadata);
                }
            }
            case "/metadata" -> {
                if (value instanceof JsonObject metadata) {
                    versions.translate(metadata);
                }
            }
            case "/metadata/annotations" -> {
                if (value instanceof JsonObject annotations) {
                    versions.translateAnnotations(annotations);
                }
            }
            case MANAGED_FIELDS -> {
                if (value instanceof JsonArray entries) {
                    versions.translateManagedFields(entries);
                }
            }
            default -> {
                if (path.equals(LAST_APPLIED_PATH) && value instanceof JsonPrimitive text && text.isString()) {
                    op.addProperty("value", versions.lastApplied(text.getAsString()));
                } else if (path.startsWith(MANAGED_FIELDS + "/") && path.indexOf('/', MANAGED_FIELDS.length() + 1) < 0) {
                    versions.translateManagedFieldsEntry(value);
                }
            }
        }
    }

    private static JsonElement parse(String body) {
        try {
            return Json.parse(body);
        } catch (JsonParseException e) {
            return null;
        }
    }
}
