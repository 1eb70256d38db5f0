package dev.atrium.apiserver.openapi;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.atrium.apiserver.resource.ResourceDefinition;
import dev.atrium.apiserver.resource.Schema;

import java.util.Map;

/** The definitions of a resource's kind and list kind, with {@code x-kubernetes-group-version-kind}. */
final class KindSchemas {

    private KindSchemas() {
    }

    static void addTo(Map<String, JsonObject> definitions, ResourceDefinition resource, OpenApiDialect dialect) {
        JsonObject kind = Schema.object(resource.description(),
                Schema.field("apiVersion", Schema.apiVersion()),
                Schema.field("kind", Schema.kind()),
                Schema.field("metadata", dialect.describedRef(MetaV1Definitions.OBJECT_META,
                        "Standard object's metadata.")),
                Schema.field("spec", resource.specSchema()),
                Schema.field("status", resource.statusSchema()));
        kind.add("x-kubernetes-group-version-kind", gvk(resource, resource.kind()));
        definitions.put(DefinitionNames.kind(resource), kind);

        JsonObject list = Schema.required(Schema.object(resource.listKind() + " is a list of " + resource.kind() + ".",
                        Schema.field("apiVersion", Schema.apiVersion()),
                        Schema.field("items", Schema.array("List of " + resource.plural() + ".",
                                dialect.ref(DefinitionNames.kind(resource)))),
                        Schema.field("kind", Schema.kind()),
                        Schema.field("metadata", dialect.describedRef(MetaV1Definitions.LIST_META,
                                "Standard list metadata."))),
                "items");
        list.add("x-kubernetes-group-version-kind", gvk(resource, resource.listKind()));
        definitions.put(DefinitionNames.list(resource), list);
    }

    private static JsonArray gvk(ResourceDefinition resource, String kind) {
        JsonObject gvk = new JsonObject();
        gvk.addProperty("group", resource.group());
        gvk.addProperty("kind", kind);
        gvk.addProperty("version", resource.version());
        JsonArray list = new JsonArray();
        list.add(gvk);
        return list;
    }
}
