package dev.atrium.controllers.framework;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.atrium.apiserver.json.Json;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import java.util.ArrayList;
import java.util.List;

/** Null-safe reads of storage objects' wire JSON, and finalizer bookkeeping. */
public final class StorageObjects {
    private StorageObjects() {
    }

    public static String name(DynamicKubernetesObject object) {
        return Json.string(object.getRaw(), "metadata", "name");
    }

    public static String namespace(DynamicKubernetesObject object) {
        return Json.string(object.getRaw(), "metadata", "namespace");
    }

    public static boolean deleting(DynamicKubernetesObject object) {
        return Json.string(object.getRaw(), "metadata", "deletionTimestamp") != null;
    }

    public static long generation(DynamicKubernetesObject object) {
        JsonObject metadata = Json.object(object.getRaw(), "metadata");
        JsonElement generation = metadata == null ? null : metadata.get("generation");
        return generation == null || !generation.isJsonPrimitive() ? 0 : generation.getAsLong();
    }

    /** The object at {@code spec.<path>}, or an empty one. */
    public static JsonObject spec(DynamicKubernetesObject object, String... path) {
        JsonObject spec = Json.object(object.getRaw(), "spec");
        JsonObject found = spec == null ? null : Json.object(spec, path);
        return found == null ? new JsonObject() : found;
    }

    /** The current status, or an empty object; never the cached instance. */
    public static JsonObject status(DynamicKubernetesObject object) {
        JsonObject status = Json.object(object.getRaw(), "status");
        return status == null ? new JsonObject() : status.deepCopy();
    }

    /** Strings of the array at {@code member} of {@code object}, skipping anything else. */
    public static List<String> strings(JsonObject object, String member) {
        List<String> values = new ArrayList<>();
        JsonElement element = object == null ? null : object.get(member);
        if (element instanceof JsonArray array) {
            for (JsonElement value : array) {
                if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
                    values.add(value.getAsString());
                }
            }
        }
        return values;
    }

    public static String string(JsonObject object, String member) {
        return object == null ? null : Json.string(object, member);
    }

    public static boolean bool(JsonObject object, String member) {
        JsonElement element = object == null ? null : object.get(member);
        return element != null && element.isJsonPrimitive() && element.getAsJsonPrimitive().isBoolean()
                && element.getAsBoolean();
    }

    public static List<String> finalizers(DynamicKubernetesObject object) {
        return strings(Json.object(object.getRaw(), "metadata"), "finalizers");
    }

    public static List<String> withFinalizer(DynamicKubernetesObject object, String finalizer) {
        List<String> finalizers = finalizers(object);
        if (!finalizers.contains(finalizer)) {
            finalizers.add(finalizer);
        }
        return finalizers;
    }

    public static List<String> withoutFinalizer(DynamicKubernetesObject object, String finalizer) {
        List<String> finalizers = finalizers(object);
        finalizers.remove(finalizer);
        return finalizers;
    }
}
