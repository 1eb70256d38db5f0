package dev.atrium.apiserver.rest;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.stream.JsonWriter;
import dev.atrium.apiserver.json.Json;
import dev.atrium.apiserver.resource.ResourceDefinition;
import dev.atrium.apiserver.table.TableConverter;
import dev.atrium.apiserver.table.TableOptions;
import java.io.IOException;

/** Renders a management object or list in the form the client accepted. Status objects pass as they are. */
final class Representation {

    private final ResourceDefinition resource;
    private final Accept accept;
    private final TableOptions tableOptions;
    private final TableConverter tables; // null unless the client asked for a Table

    Representation(ResourceDefinition resource, Accept accept, TableOptions tableOptions) {
        this.resource = resource;
        this.accept = accept;
        this.tableOptions = tableOptions;
        this.tables = accept.as() == Accept.As.TABLE ? new TableConverter(resource) : null; // columns parsed once, only for Tables
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

    /**
     * One object (not a list: see {@link ListWriter}).
     *
     * @param continuation a later watch event of a Table watch: rows without column definitions
     */
    JsonObject render(JsonObject object, boolean continuation) {
        if ("Status".equals(Json.string(object, "kind"))) {
            return object;
        }
        return switch (accept.as()) {
            case TABLE -> tables.object(object, tableOptions.withNoHeaders(continuation));
            case PARTIAL_OBJECT_METADATA -> partial(object);
            case OBJECT -> object;
        };
    }

    /** What a list in this form starts with, before the members of the list it renders. */
    void beginList(JsonWriter out) throws IOException {
        switch (accept.as()) {
            case TABLE -> {
                out.name("kind").value("Table");
                out.name("apiVersion").value("meta.k8s.io/v1");
                if (!tableOptions.noHeaders()) {
                    out.name("columnDefinitions");
                    Json.write(tables.columnDefinitions(tableOptions), out);
                }
            }
            case PARTIAL_OBJECT_METADATA -> {
                out.name("kind").value("PartialObjectMetadataList");
                out.name("apiVersion").value("meta.k8s.io/v1");
            }
            case OBJECT -> {
            }
        }
    }

    /** The name of the array the items go into. */
    String listItemsName() {
        return accept.as() == Accept.As.TABLE ? "rows" : "items";
    }

    JsonElement listItem(JsonObject item) {
        return switch (accept.as()) {
            case TABLE -> tables.row(item, tableOptions);
            case PARTIAL_OBJECT_METADATA -> partial(item);
            case OBJECT -> item;
        };
    }

    /** A member of the (management) list besides its items: all of them as objects, only metadata otherwise. */
    void listMember(JsonWriter out, String name, JsonElement value) throws IOException {
        switch (accept.as()) {
            case TABLE -> {
                if (name.equals("metadata")) {
                    out.name(name);
                    Json.write(TableConverter.listMetadata(value instanceof JsonObject meta ? meta : null), out);
                }
            }
            case PARTIAL_OBJECT_METADATA -> {
                if (name.equals("metadata")) {
                    out.name(name);
                    Json.write(value, out);
                }
            }
            case OBJECT -> {
                out.name(name);
                Json.write(value, out);
            }
        }
    }

    private static JsonObject partial(JsonObject object) {
        JsonObject partial = new JsonObject();
        partial.addProperty("kind", "PartialObjectMetadata");
        partial.addProperty("apiVersion", "meta.k8s.io/v1");
        partial.add("metadata", object.has("metadata") ? object.get("metadata") : new JsonObject());
        return partial;
    }

}
