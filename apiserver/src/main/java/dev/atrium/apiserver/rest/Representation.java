package dev.atrium.apiserver.rest;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.atrium.apiserver.json.Json;
import dev.atrium.apiserver.resource.ResourceDefinition;
import dev.atrium.apiserver.table.TableConverter;
import dev.atrium.apiserver.table.TableOptions;

/** Renders a management object or list in the form the client accepted. Status objects pass as they are. */
final class Representation {

    private final ResourceDefinition resource;
    private final Accept accept;
    private final TableOptions tableOptions;

    Representation(ResourceDefinition resource, Accept accept, TableOptions tableOptions) {
        this.resource = resource;
        this.accept = accept;
        this.tableOptions = tableOptions;
    }

    String contentType() {
        return accept.as() == Accept.As.TABLE ? Responses.TABLE : Responses.JSON;
    }

    /**
     * Bookmarks carry only a resourceVersion: as metadata they are still PartialObjectMetadata
     * (the metadata informer decodes every event as one), as a Table they pass unrendered.
     */
    boolean rendersWatchEvent(boolean bookmark) {
        return !bookmark || accept.as() == Accept.As.PARTIAL_OBJECT_METADATA;
    }

    /** @param continuation a later watch event of a Table watch: rows without column definitions */
    JsonObject render(JsonObject object, boolean continuation) {
        if ("Status".equals(Json.string(object, "kind"))) {
            return object;
        }
        boolean list = object.get("items") instanceof JsonArray;
        return switch (accept.as()) {
            case TABLE -> {
                TableConverter tables = new TableConverter(resource);
                TableOptions options = tableOptions.withNoHeaders(continuation);
                yield list ? tables.list(object, options) : tables.object(object, options);
            }
            case PARTIAL_OBJECT_METADATA -> list ? partialList(object) : partial(object);
            case OBJECT -> object;
        };
    }

    private static JsonObject partial(JsonObject object) {
        JsonObject partial = new JsonObject();
        partial.addProperty("kind", "PartialObjectMetadata");
        partial.addProperty("apiVersion", "meta.k8s.io/v1");
        partial.add("metadata", object.has("metadata") ? object.get("metadata") : new JsonObject());
        return partial;
    }

    private static JsonObject partialList(JsonObject list) {
        JsonObject partial = new JsonObject();
        partial.addProperty("kind", "PartialObjectMetadataList");
        partial.addProperty("apiVersion", "meta.k8s.io/v1");
        partial.add("metadata", list.has("metadata") ? list.get("metadata") : new JsonObject());
        JsonArray items = new JsonArray();
        for (JsonElement item : list.getAsJsonArray("items")) {
            items.add(partial(item.getAsJsonObject()));
        }
        partial.add("items", items);
        return partial;
    }
}
