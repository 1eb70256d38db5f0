package dev.atrium.apiserver.openapi;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.atrium.apiserver.resource.ResourceDefinition;

import java.util.List;

/**
 * The REST paths of one resource with an operation per verb, each marked with
 * {@code x-kubernetes-action} and {@code x-kubernetes-group-version-kind}. Writes take
 * {@code fieldValidation}: kubectl looks for it on the PATCH operations of a kind to decide
 * whether {@code --validate=strict} may be left to the server.
 */
final class OpenApiPaths {

    private static final List<String> JSON = List.of("application/json");
    private static final List<String> JSON_AND_WATCH = List.of("application/json", "application/json;stream=watch");
    private static final List<String> PATCH_TYPES = List.of("application/json-patch+json",
            "application/merge-patch+json", "application/apply-patch+yaml");

    private final ResourceDefinition resource;
    private final OpenApiDialect dialect;
    private final String kindRef;
    private final String scope;

    private OpenApiPaths(ResourceDefinition resource, OpenApiDialect dialect) {
        this.resource = resource;
        this.dialect = dialect;
        this.kindRef = DefinitionNames.kind(resource);
        this.scope = resource.namespaced() ? "Namespaced" : "";
    }

    /** Adds the resource's paths, keyed like {@code /apis/<group>/<version>/...}, to {@code paths}. */
    static void addTo(JsonObject paths, ResourceDefinition resource, OpenApiDialect dialect) {
        new OpenApiPaths(resource, dialect).addAll(paths);
    }

    private void addAll(JsonObject paths) {
        String base = "/apis/" + resource.apiVersion();
        String collection = base + (resource.namespaced() ? "/namespaces/{namespace}/" : "/") + resource.plural();
        String item = collection + "/{name}";
        String kind = resource.kind();

        JsonObject collectionItem = pathItem(false);
        if (resource.supports("list")) {
            collectionItem.add("get", list("list" + id(scope + kind), "list or watch objects of kind " + kind));
        }
        if (resource.supports("create")) {
            collectionItem.add("post", write("create" + id(scope + kind), "create a " + kind, "post",
                    List.of("200", "201", "202")));
        }
        if (resource.supports("deletecollection")) {
            collectionItem.add("delete", delete("delete" + id("Collection" + scope + kind),
                    "delete collection of " + kind, "deletecollection", QueryParameter.DELETE_COLLECTION));
        }
        paths.add(collection, collectionItem);

        JsonObject itemPaths = pathItem(true);
        if (resource.supports("get")) {
            itemPaths.add("get", read("read" + id(scope + kind), "read the specified " + kind));
        }
        if (resource.supports("update")) {
            itemPaths.add("put", write("replace" + id(scope + kind), "replace the specified " + kind, "put",
                    List.of("200", "201")));
        }
        if (resource.supports("patch")) {
            itemPaths.add("patch", patch("patch" + id(scope + kind), "partially update the specified " + kind));
        }
        if (resource.supports("delete")) {
            itemPaths.add("delete", delete("delete" + id(scope + kind), "delete a " + kind, "delete",
                    QueryParameter.DELETE));
        }
        if (itemPaths.size() > 1) {
            paths.add(item, itemPaths);
        }

        for (String subresource : resource.subresources()) {
            String suffix = Character.toUpperCase(subresource.charAt(0)) + subresource.substring(1);
            JsonObject subresourcePaths = pathItem(true);
            subresourcePaths.add("get", read("read" + id(scope + kind + suffix),
                    "read " + subresource + " of the specified " + kind));
            subresourcePaths.add("put", write("replace" + id(scope + kind + suffix),
                    "replace " + subresource + " of the specified " + kind, "put", List.of("200", "201")));
            subresourcePaths.add("patch", patch("patch" + id(scope + kind + suffix),
                    "partially update " + subresource + " of the specified " + kind));
            paths.add(item + "/" + subresource, subresourcePaths);
        }

        if (resource.namespaced() && resource.supports("list")) {
            JsonObject allNamespaces = new JsonObject();
            allNamespaces.add("get", list("list" + id(kind + "ForAllNamespaces"),
                    "list or watch objects of kind " + kind + " in all namespaces"));
            paths.add(base + "/" + resource.plural(), allNamespaces);
        }
    }

    private JsonObject list(String operationId, String description) {
        JsonObject operation = operation(operationId, description, "list", QueryParameter.LIST);
        responses(operation, JSON_AND_WATCH, dialect.ref(DefinitionNames.list(resource)), "200");
        return operation;
    }

    private JsonObject read(String operationId, String description) {
        JsonObject operation = operation(operationId, description, "get", List.of());
        responses(operation, JSON, dialect.ref(kindRef), "200");
        return operation;
    }

    private JsonObject write(String operationId, String description, String action, List<String> codes) {
        JsonObject operation = operation(operationId, description, action, QueryParameter.WRITE);
        dialect.addBody(operation, dialect.ref(kindRef), JSON);
        responses(operation, JSON, dialect.ref(kindRef), codes.toArray(String[]::new));
        return operation;
    }

    private JsonObject patch(String operationId, String description) {
        JsonObject operation = operation(operationId, description, "patch", QueryParameter.PATCH);
        dialect.addBody(operation, dialect.ref(MetaV1Definitions.PATCH), PATCH_TYPES);
        responses(operation, JSON, dialect.ref(kindRef), "200", "201");
        return operation;
    }

    private JsonObject delete(String operationId, String description, String action, List<QueryParameter> query) {
        JsonObject operation = operation(operationId, description, action, query);
        dialect.addBody(operation, dialect.ref(MetaV1Definitions.DELETE_OPTIONS), JSON);
        responses(operation, JSON, dialect.ref(MetaV1Definitions.STATUS), "200", "202");
        return operation;
    }

    private JsonObject operation(String operationId, String description, String action, List<QueryParameter> query) {
        JsonObject operation = new JsonObject();
        operation.addProperty("description", description);
        operation.addProperty("operationId", operationId);
        JsonArray tags = new JsonArray();
        tags.add(DefinitionNames.tag(resource));
        operation.add("tags", tags);
        JsonArray parameters = new JsonArray();
        query.forEach(parameter -> parameters.add(parameter.toJson(dialect)));
        operation.add("parameters", parameters);
        operation.addProperty("x-kubernetes-action", action);
        JsonObject gvk = new JsonObject();
        gvk.addProperty("group", resource.group());
        gvk.addProperty("kind", resource.kind());
        gvk.addProperty("version", resource.version());
        operation.add("x-kubernetes-group-version-kind", gvk);
        return operation;
    }

    private void responses(JsonObject operation, List<String> mediaTypes, JsonObject schema, String... codes) {
        dialect.addProduces(operation, mediaTypes);
        JsonObject responses = new JsonObject();
        for (String code : codes) {
            String description = switch (code) {
                case "201" -> "Created";
                case "202" -> "Accepted";
                default -> "OK";
            };
            responses.add(code, dialect.response(description, schema, mediaTypes));
        }
        responses.add("401", dialect.response("Unauthorized", null, mediaTypes));
        operation.add("responses", responses);
    }

    private JsonObject pathItem(boolean named) {
        JsonObject item = new JsonObject();
        JsonArray parameters = new JsonArray();
        if (named) {
            parameters.add(dialect.parameter("name", "path", "string", "name of the " + resource.kind(), true));
        }
        if (resource.namespaced()) {
            parameters.add(dialect.parameter("namespace", "path", "string",
                    "object name and auth scope, such as for teams and projects", true));
        }
        if (!parameters.isEmpty()) {
            item.add("parameters", parameters);
        }
        return item;
    }

    private String id(String kindPart) {
        return DefinitionNames.operationGroupVersion(resource) + kindPart;
    }
}
