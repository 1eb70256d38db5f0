package dev.atrium.apiserver.storage;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.atrium.apiserver.json.Json;
import dev.atrium.apiserver.resource.ResourceDefinition;
import dev.atrium.apiserver.status.StatusException;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The one place where management objects ({@code management.atrium.dev/v1}) become storage
 * objects ({@code storage.atrium.dev/v1}, the CRD kube-apiserver keeps) and back. Objects keep
 * kind, metadata and content; only the apiVersion of the object and the ones its metadata holds
 * about it ({@link MetadataVersions}) change, so resourceVersion, uid and server-side apply
 * ownership pass through unchanged.
 * Owner references are left alone: they point at storage objects, which the garbage collector
 * must see.
 */
public final class StorageTranslation {

    private final ResourceDefinition resource;

    public StorageTranslation(ResourceDefinition resource) {
        this.resource = resource;
    }

    /**
     * A create, update or merge-patch body, as a storage object. A missing apiVersion or kind is
     * filled in (as kube-apiserver does for typed resources); a different one is a 400.
     */
    public JsonObject toStorage(JsonObject body) {
        JsonObject object = body.deepCopy();
        checkTypeMeta(object, false);
        object.addProperty("apiVersion", resource.storageApiVersion());
        object.addProperty("kind", resource.kind());
        translateObjectMetadata(object, resource.apiVersion(), resource.storageApiVersion());
        return object;
    }

    /**
     * A server-side apply body (JSON, or YAML with the limits of {@link YamlDocument}),
     * as the JSON to send to kube-apiserver. apiVersion and kind are required, as for any apply.
     */
    public String applyPatchToStorage(String body) {
        JsonObject patch = YamlDocument.applyPatch(body);
        checkTypeMeta(patch, true);
        return Json.toJson(toStorage(patch));
    }

    /**
     * A JSON patch or JSON merge patch body ({@code mediaType}), as the patch to send to
     * kube-apiserver: see {@link PatchTranslation}.
     */
    public String patchToStorage(String mediaType, String body) {
        PatchTranslation patches =
                new PatchTranslation(new MetadataVersions(resource.apiVersion(), resource.storageApiVersion()));
        return mediaType.equals("application/json-patch+json") ? patches.jsonPatch(body) : patches.mergePatch(body);
    }

    /**
     * A storage object or list as the management object or list the client asked for. Status
     * objects pass.
     *
     * <p>The argument stays as it is, and the answer shares with it every part translation leaves
     * alone (spec, status, labels, the fields of managedFields entries...): only the objects on
     * the way to what changes are new. A list of 5,000 objects is most of what a replica holds
     * while it answers, and copying it whole took as long as parsing it; whoever changes a shared
     * part of the answer in place (nothing does) would change the argument too.
     */
    public JsonObject toManagement(JsonObject stored) {
        if ("Status".equals(Json.string(stored, "kind"))) {
            return statusToManagement(stored);
        }
        if (resource.listKind().equals(Json.string(stored, "kind")) || stored.get("items") instanceof JsonArray) {
            JsonObject list = new JsonObject();
            stored.entrySet().forEach(member -> list.add(member.getKey(),
                    listMemberToManagement(member.getKey(), member.getValue())));
            return list;
        }
        JsonObject object = shallowCopy(stored);
        if (resource.storageApiVersion().equals(Json.string(object, "apiVersion"))) {
            object.addProperty("apiVersion", resource.apiVersion());
        }
        if (Json.object(object, "metadata") instanceof JsonObject metadata) {
            object.add("metadata", managementMetadata(metadata));
        }
        return object;
    }

    /** One member of a storage list (items, or the list's own apiVersion, kind and metadata). */
    public JsonElement listMemberToManagement(String name, JsonElement value) {
        return switch (name) {
            case "apiVersion" -> value instanceof JsonPrimitive version && resource.storageApiVersion().equals(version.getAsString())
                    ? new JsonPrimitive(resource.apiVersion()) : value;
            case "metadata" -> value instanceof JsonObject metadata && metadata.has("selfLink") ? withoutSelfLink(metadata) : value;
            case "items" -> {
                if (!(value instanceof JsonArray items)) {
                    yield value;
                }
                JsonArray translated = new JsonArray(items.size());
                for (JsonElement item : items) {
                    translated.add(itemToManagement(item));
                }
                yield translated;
            }
            default -> value;
        };
    }

    /** One item of a storage list. */
    public JsonElement itemToManagement(JsonElement item) {
        return item instanceof JsonObject object ? toManagement(object) : item;
    }

    /**
     * A watch event from the storage watch. ERROR events carry a Status (e.g. 410 Expired) that
     * the client must get as it is; BOOKMARK events carry an object with only metadata. Shares
     * what it leaves alone with the argument, as {@link #toManagement}.
     */
    public JsonObject watchEventToManagement(JsonObject event) {
        JsonObject translated = shallowCopy(event);
        if (!"ERROR".equals(Json.string(event, "type")) && event.get("object") instanceof JsonObject object) {
            translated.add("object", toManagement(object));
        } else if (event.get("object") instanceof JsonObject object) {
            translated.add("object", object.deepCopy());
        }
        return translated;
    }

    /**
     * Object metadata with the versions it holds about its object ({@link MetadataVersions})
     * translated, as new objects where they change, and without selfLink.
     */
    private JsonObject managementMetadata(JsonObject stored) {
        JsonObject metadata = shallowCopy(stored);
        metadata.remove("selfLink");
        String from = resource.storageApiVersion();
        String to = resource.apiVersion();
        if (metadata.get("managedFields") instanceof JsonArray entries) {
            JsonArray translated = new JsonArray(entries.size());
            for (JsonElement entry : entries) {
                if (entry instanceof JsonObject fields && from.equals(Json.string(fields, "apiVersion"))) {
                    JsonObject copy = shallowCopy(fields);
                    copy.addProperty("apiVersion", to);
                    translated.add(copy);
                } else {
                    translated.add(entry);
                }
            }
            metadata.add("managedFields", translated);
        }
        if (metadata.get("annotations") instanceof JsonObject annotations
                && annotations.get(MetadataVersions.LAST_APPLIED) instanceof JsonPrimitive applied && applied.isString()) {
            JsonObject copy = shallowCopy(annotations);
            copy.addProperty(MetadataVersions.LAST_APPLIED, new MetadataVersions(from, to).lastApplied(applied.getAsString()));
            metadata.add("annotations", copy);
        }
        return metadata;
    }

    private static JsonObject withoutSelfLink(JsonObject metadata) {
        JsonObject copy = shallowCopy(metadata);
        copy.remove("selfLink");
        return copy;
    }

    /** A new object with the same members (the same elements, not copies), in the same order. */
    private static JsonObject shallowCopy(JsonObject object) {
        JsonObject copy = new JsonObject();
        for (Map.Entry<String, JsonElement> member : object.entrySet()) {
            copy.add(member.getKey(), member.getValue());
        }
        return copy;
    }

    /**
     * A failure Status of kube-apiserver about the storage resource, worded for the management
     * one: "projects.storage.atrium.dev "x" not found" becomes "projects.management.atrium.dev ...".
     */
    public JsonObject statusToManagement(JsonObject status) {
        JsonObject translated = status.deepCopy();
        replaceText(translated, "message");
        JsonObject details = Json.object(translated, "details");
        if (details != null) {
            replaceText(details, "group");
            if (details.get("causes") instanceof JsonArray causes) {
                causes.forEach(cause -> {
                    if (cause instanceof JsonObject causeObject) {
                        replaceText(causeObject, "message");
                    }
                });
            }
        }
        return translated;
    }

    /** A message of kube-apiserver about the storage resource, worded for the management one. */
    public String textToManagement(String text) {
        return text.replace(resource.storageGroup(), resource.group());
    }

    /**
     * The kube-apiserver path of the storage objects: {@code /apis/storage.atrium.dev/v1/
     * [namespaces/<ns>/]<plural>[/<name>[/<subresource>]]}. An empty namespace of a namespaced
     * resource means all namespaces; empty name and subresource are left out.
     */
    public String storagePath(String namespace, String name, String subresource) {
        if (!resource.namespaced() && !namespace.isEmpty()) {
            throw new IllegalArgumentException(resource.plural() + " is cluster-scoped");
        }
        if (name.isEmpty() && !subresource.isEmpty()) {
            throw new IllegalArgumentException("a subresource needs a name");
        }
        StringBuilder path = new StringBuilder("/apis/").append(resource.storageApiVersion());
        if (!namespace.isEmpty()) {
            path.append("/namespaces/").append(segment(namespace));
        }
        path.append('/').append(resource.plural());
        if (!name.isEmpty()) {
            path.append('/').append(segment(name));
        }
        if (!subresource.isEmpty()) {
            path.append('/').append(segment(subresource));
        }
        return path.toString();
    }

    /**
     * The deprecated watch path of one storage object, {@code /apis/storage.atrium.dev/v1/watch/
     * [namespaces/<ns>/]<plural>/<name>}: kube-apiserver narrows it to that object (and refuses a
     * fieldSelector on another name), as for a watch of {@code .../watch/<plural>/<name>} here.
     */
    public String storageWatchPath(String namespace, String name) {
        String collection = storagePath(namespace, "", "");
        String prefix = "/apis/" + resource.storageApiVersion();
        return prefix + "/watch" + collection.substring(prefix.length()) + "/" + segment(name);
    }

    private void checkTypeMeta(JsonObject body, boolean required) {
        String apiVersion = Json.string(body, "apiVersion");
        String kind = Json.string(body, "kind");
        if (required && (apiVersion == null || apiVersion.isEmpty() || kind == null || kind.isEmpty())) {
            throw StatusException.badRequest("apiVersion and kind must be set, to %s and %s"
                    .formatted(resource.apiVersion(), resource.kind()));
        }
        if (apiVersion != null && !apiVersion.isEmpty() && !apiVersion.equals(resource.apiVersion())) {
            throw StatusException.badRequest("the API version in the data (%s) does not match the expected API version (%s)"
                    .formatted(apiVersion, resource.apiVersion()));
        }
        if (kind != null && !kind.isEmpty() && !kind.equals(resource.kind())) {
            throw StatusException.badRequest("the kind in the data (%s) does not match the expected kind (%s)"
                    .formatted(kind, resource.kind()));
        }
        if ((body.has("apiVersion") && apiVersion == null) || (body.has("kind") && kind == null)) {
            throw StatusException.badRequest("apiVersion and kind must be strings");
        }
    }

    private static void translateObjectMetadata(JsonObject object, String from, String to) {
        removeSelfLink(object);
        JsonObject metadata = Json.object(object, "metadata");
        if (metadata != null) {
            new MetadataVersions(from, to).translate(metadata);
        }
    }

    private static void removeSelfLink(JsonObject object) {
        JsonObject metadata = Json.object(object, "metadata");
        if (metadata != null) {
            metadata.remove("selfLink");
        }
    }

    private void replaceText(JsonObject object, String key) {
        if (object.get(key) instanceof JsonPrimitive primitive && primitive.isString()) {
            object.addProperty(key, textToManagement(primitive.getAsString()));
        }
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
