package dev.atrium.apiserver.openapi;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * What differs between the swagger 2.0 ({@code /openapi/v2}) and OpenAPI 3.0 ({@code /openapi/v3})
 * documents: where definitions live, how parameters, bodies and responses carry their schema, and
 * how a described reference is written (v2: a $ref with a sibling description, as kube-apiserver
 * writes it; v3: an allOf around the $ref).
 */
enum OpenApiDialect {
    V2("#/definitions/"),
    V3("#/components/schemas/");

    private final String refPrefix;

    OpenApiDialect(String refPrefix) {
        this.refPrefix = refPrefix;
    }

    JsonObject ref(String definition) {
        JsonObject ref = new JsonObject();
        ref.addProperty("$ref", refPrefix + definition);
        return ref;
    }

    /** A property holding a referenced definition, with its own description. */
    JsonObject describedRef(String definition, String description) {
        JsonObject property = new JsonObject();
        property.addProperty("description", description);
        if (this == V2) {
            property.addProperty("$ref", refPrefix + definition);
        } else {
            JsonArray allOf = new JsonArray();
            allOf.add(ref(definition));
            property.add("allOf", allOf);
            property.add("default", new JsonObject());
        }
        return property;
    }

    JsonObject parameter(String name, String in, String type, String description, boolean required) {
        JsonObject parameter = new JsonObject();
        parameter.addProperty("name", name);
        parameter.addProperty("in", in);
        parameter.addProperty("description", description);
        if (required) {
            parameter.addProperty("required", true);
        }
        JsonObject schema = new JsonObject();
        schema.addProperty("type", type);
        schema.addProperty("uniqueItems", true);
        if (this == V2) {
            parameter.asMap().putAll(schema.asMap());
        } else {
            parameter.add("schema", schema);
        }
        return parameter;
    }

    /** In v2 the body is a parameter; in v3 it is the operation's requestBody. */
    void addBody(JsonObject operation, JsonObject schema, Iterable<String> mediaTypes) {
        if (this == V2) {
            JsonObject body = new JsonObject();
            body.addProperty("name", "body");
            body.addProperty("in", "body");
            body.addProperty("required", true);
            body.add("schema", schema);
            operation.getAsJsonArray("parameters").add(body);
            operation.add("consumes", strings(mediaTypes));
        } else {
            JsonObject requestBody = new JsonObject();
            requestBody.add("content", content(schema, mediaTypes));
            requestBody.addProperty("required", true);
            operation.add("requestBody", requestBody);
        }
    }

    JsonObject response(String description, JsonObject schema, Iterable<String> mediaTypes) {
        JsonObject response = new JsonObject();
        response.addProperty("description", description);
        if (schema != null) {
            response.add(this == V2 ? "schema" : "content", this == V2 ? schema : content(schema, mediaTypes));
        }
        return response;
    }

    /** v2 lists the media types an operation produces next to its responses. */
    void addProduces(JsonObject operation, Iterable<String> mediaTypes) {
        if (this == V2) {
            operation.add("produces", strings(mediaTypes));
            JsonArray schemes = new JsonArray();
            schemes.add("https");
            operation.add("schemes", schemes);
        }
    }

    private static JsonObject content(JsonObject schema, Iterable<String> mediaTypes) {
        JsonObject content = new JsonObject();
        for (String mediaType : mediaTypes) {
            JsonObject media = new JsonObject();
            media.add("schema", schema.deepCopy());
            content.add(mediaType, media);
        }
        return content;
    }

    private static JsonArray strings(Iterable<String> values) {
        JsonArray array = new JsonArray();
        values.forEach(array::add);
        return array;
    }
}
