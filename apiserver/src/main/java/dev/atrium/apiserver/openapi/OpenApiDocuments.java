package dev.atrium.apiserver.openapi;

import com.google.gson.JsonObject;
import dev.atrium.apiserver.json.ContentHash;
import dev.atrium.apiserver.json.Json;
import dev.atrium.apiserver.resource.ResourceDefinition;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The OpenAPI documents of the served resources: swagger 2.0 for {@code /openapi/v2}, and for
 * {@code /openapi/v3} a root naming the group version document by its hash plus the document
 * itself. Built once; the bytes are what the server sends, so hashes and ETags match them.
 */
public final class OpenApiDocuments {

    private final String groupVersionPath;
    private final byte[] v2;
    private final byte[] v3GroupVersion;
    private final String v3Hash;

    /** @param resources the resources of one group version */
    public OpenApiDocuments(List<ResourceDefinition> resources) {
        if (resources.isEmpty()) {
            throw new IllegalArgumentException("no resources to document");
        }
        this.groupVersionPath = "apis/" + resources.getFirst().apiVersion();
        if (resources.stream().anyMatch(resource -> !("apis/" + resource.apiVersion()).equals(groupVersionPath))) {
            throw new IllegalArgumentException("resources of more than one group version");
        }
        this.v2 = Json.toBytes(document(resources, OpenApiDialect.V2));
        this.v3GroupVersion = Json.toBytes(document(resources, OpenApiDialect.V3));
        this.v3Hash = ContentHash.sha512Hex(v3GroupVersion);
    }

    /** {@code /openapi/v2} */
    public byte[] v2Bytes() {
        return v2.clone();
    }

    public JsonObject v2() {
        return Json.parse(new String(v2, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    /** {@code /openapi/v3/apis/<group>/<version>} */
    public byte[] v3GroupVersionBytes() {
        return v3GroupVersion.clone();
    }

    public JsonObject v3GroupVersion() {
        return Json.parse(new String(v3GroupVersion, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    /** SHA-512 of the group version document, upper-case hex: its {@code ?hash=} and ETag. */
    public String v3Hash() {
        return v3Hash;
    }

    /** {@code apis/management.atrium.dev/v1}, the key of the document in the v3 root. */
    public String v3GroupVersionPath() {
        return groupVersionPath;
    }

    /** {@code /openapi/v3}: where the group version document is, with its hash for caching. */
    public JsonObject v3Root() {
        JsonObject entry = new JsonObject();
        entry.addProperty("serverRelativeURL", "/openapi/v3/" + groupVersionPath + "?hash=" + v3Hash);
        JsonObject paths = new JsonObject();
        paths.add(groupVersionPath, entry);
        JsonObject root = new JsonObject();
        root.add("paths", paths);
        return root;
    }

    private static JsonObject document(List<ResourceDefinition> resources, OpenApiDialect dialect) {
        JsonObject paths = new JsonObject();
        Map<String, JsonObject> definitions = new TreeMap<>(MetaV1Definitions.all(dialect));
        for (ResourceDefinition resource : resources) {
            OpenApiPaths.addTo(paths, resource, dialect);
            KindSchemas.addTo(definitions, resource, dialect);
        }
        JsonObject schemas = new JsonObject();
        definitions.forEach(schemas::add);

        JsonObject info = new JsonObject();
        info.addProperty("title", "Atrium");
        info.addProperty("version", resources.getFirst().version());
        JsonObject document = new JsonObject();
        if (dialect == OpenApiDialect.V2) {
            document.addProperty("swagger", "2.0");
            document.add("info", info);
            document.add("paths", paths);
            document.add("definitions", schemas);
        } else {
            document.addProperty("openapi", "3.0.0");
            document.add("info", info);
            document.add("paths", paths);
            JsonObject components = new JsonObject();
            components.add("schemas", schemas);
            document.add("components", components);
        }
        return document;
    }
}
