package dev.atrium.apiserver.openapi;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.atrium.apiserver.json.ContentHash;
import dev.atrium.apiserver.resource.PlatformResources;
import dev.atrium.apiserver.resource.ResourceDefinition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenApiDocumentsTest {

    private static final OpenApiDocuments DOCUMENTS = new OpenApiDocuments(PlatformResources.all());
    private static final String V1 = "/apis/management.atrium.dev/v1";

    private final JsonObject v3 = DOCUMENTS.v3GroupVersion();
    private final JsonObject v2 = DOCUMENTS.v2();

    private JsonObject v3Schema(String name) {
        return v3.getAsJsonObject("components").getAsJsonObject("schemas").getAsJsonObject(name);
    }

    @Test
    void v3ProjectHasItsGroupVersionKindAndExplainableSpec() {
        assertEquals("3.0.0", v3.get("openapi").getAsString());
        JsonObject project = v3Schema("dev.atrium.management.v1.Project");
        assertNotNull(project);
        assertEquals("[{\"group\":\"management.atrium.dev\",\"kind\":\"Project\",\"version\":\"v1\"}]",
                project.get("x-kubernetes-group-version-kind").toString());
        JsonObject member = project.getAsJsonObject("properties").getAsJsonObject("spec")
                .getAsJsonObject("properties").getAsJsonObject("members").getAsJsonObject("items");
        assertEquals("[\"admin\",\"edit\",\"view\"]",
                member.getAsJsonObject("properties").getAsJsonObject("role").get("enum").toString());
        JsonObject metadata = project.getAsJsonObject("properties").getAsJsonObject("metadata");
        assertEquals("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
                metadata.getAsJsonArray("allOf").get(0).getAsJsonObject().get("$ref").getAsString());
        assertEquals("ProjectList", v3Schema("dev.atrium.management.v1.ProjectList")
                .getAsJsonArray("x-kubernetes-group-version-kind").get(0).getAsJsonObject().get("kind").getAsString());
        assertNotNull(v3Schema("dev.atrium.management.v1.VirtualClusterInstance"));
    }

    @Test
    void everyReferenceResolves() {
        assertReferencesResolve(v3, "#/components/schemas/", v3.getAsJsonObject("components").getAsJsonObject("schemas"));
        assertReferencesResolve(v2, "#/definitions/", v2.getAsJsonObject("definitions"));
    }

    @Test
    void everyPatchOfAKindTakesFieldValidationAsKubectlChecks() {
        for (JsonObject document : List.of(v3, v2)) {
            for (ResourceDefinition resource : PlatformResources.stored()) {
                int patches = 0;
                for (JsonObject operation : operations(document, "patch")) {
                    JsonObject gvk = operation.getAsJsonObject("x-kubernetes-group-version-kind");
                    if (gvk.get("kind").getAsString().equals(resource.kind())
                            && gvk.get("group").getAsString().equals(resource.group())) {
                        patches++;
                        assertTrue(parameterNames(operation).containsAll(
                                List.of("fieldValidation", "dryRun", "fieldManager", "force")), resource.kind());
                    }
                }
                assertEquals(2, patches, resource.kind() + ": object and status");
            }
        }
    }

    @Test
    void createAndUpdateTakeTheWriteParameters() {
        for (String method : List.of("post", "put")) {
            for (JsonObject operation : operations(v3, method)) {
                assertTrue(parameterNames(operation).containsAll(List.of("fieldValidation", "dryRun", "fieldManager")),
                        operation.get("operationId").getAsString());
                assertTrue(operation.getAsJsonObject("requestBody").getAsJsonObject("content").has("application/json"));
            }
        }
    }

    @Test
    void everyOperationHasAnActionAGroupVersionKindAndAUniqueId() {
        Set<String> ids = new HashSet<>();
        Set<String> actions = new HashSet<>();
        for (String method : List.of("get", "put", "post", "patch", "delete")) {
            for (JsonObject operation : operations(v3, method)) {
                actions.add(operation.get("x-kubernetes-action").getAsString());
                assertTrue(operation.has("x-kubernetes-group-version-kind"));
                assertTrue(ids.add(operation.get("operationId").getAsString()), "duplicate operationId");
            }
        }
        assertEquals(Set.of("get", "list", "post", "put", "patch", "delete", "deletecollection"), actions);
        assertTrue(ids.contains("listManagementAtriumDevV1NamespacedSpaceInstance"), ids.toString());
        assertTrue(ids.contains("patchManagementAtriumDevV1ProjectStatus"), ids.toString());
        assertTrue(ids.contains("listManagementAtriumDevV1SpaceInstanceForAllNamespaces"), ids.toString());
    }

    @Test
    void pathsFollowTheResourceScope() {
        JsonObject paths = v3.getAsJsonObject("paths");
        assertTrue(paths.has(V1 + "/projects/{name}/status"));
        assertFalse(paths.has(V1 + "/namespaces/{namespace}/projects"));
        assertTrue(paths.has(V1 + "/namespaces/{namespace}/spaceinstances/{name}/status"));
        assertTrue(paths.has(V1 + "/spaceinstances"));
        assertTrue(paths.has(V1 + "/namespaces/{namespace}/virtualclusterinstances"));
        JsonObject list = paths.getAsJsonObject(V1 + "/projects").getAsJsonObject("get");
        assertTrue(parameterNames(list).containsAll(List.of("watch", "labelSelector", "limit", "continue",
                "resourceVersion", "sendInitialEvents", "allowWatchBookmarks")));
        assertTrue(list.getAsJsonObject("responses").getAsJsonObject("200").getAsJsonObject("content")
                .has("application/json;stream=watch"));
        JsonObject patchBody = paths.getAsJsonObject(V1 + "/projects/{name}").getAsJsonObject("patch")
                .getAsJsonObject("requestBody").getAsJsonObject("content");
        assertTrue(patchBody.has("application/apply-patch+yaml"));
        assertTrue(patchBody.has("application/merge-patch+json"));
    }

    @Test
    void selvesCanOnlyBeCreated() {
        JsonObject paths = v3.getAsJsonObject("paths");
        JsonObject selves = paths.getAsJsonObject(V1 + "/selves");
        assertTrue(selves.has("post"));
        assertFalse(selves.has("get"), "no list");
        assertFalse(selves.has("delete"), "no deletecollection");
        assertFalse(paths.has(V1 + "/selves/{name}"), "no object paths");
    }

    @Test
    void v3RootNamesTheDocumentByTheSha512OfItsBytes() {
        JsonObject root = DOCUMENTS.v3Root();
        String url = root.getAsJsonObject("paths").getAsJsonObject("apis/management.atrium.dev/v1")
                .get("serverRelativeURL").getAsString();
        String hash = ContentHash.sha512Hex(DOCUMENTS.v3GroupVersionBytes());
        assertEquals("/openapi/v3/apis/management.atrium.dev/v1?hash=" + hash, url);
        assertTrue(hash.matches("[0-9A-F]{128}"));
        assertEquals(hash, new OpenApiDocuments(PlatformResources.all()).v3Hash(), "stable across builds");
    }

    @Test
    void v2IsSwaggerWithBodyParametersAndDefinitions() {
        assertEquals("2.0", v2.get("swagger").getAsString());
        JsonObject project = v2.getAsJsonObject("definitions").getAsJsonObject("dev.atrium.management.v1.Project");
        assertEquals("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", project
                .getAsJsonObject("properties").getAsJsonObject("metadata").get("$ref").getAsString());
        JsonObject create = v2.getAsJsonObject("paths").getAsJsonObject(V1 + "/projects").getAsJsonObject("post");
        JsonObject body = null;
        for (JsonElement parameter : create.getAsJsonArray("parameters")) {
            if (parameter.getAsJsonObject().get("in").getAsString().equals("body")) {
                body = parameter.getAsJsonObject();
            }
        }
        assertNotNull(body);
        assertEquals("#/definitions/dev.atrium.management.v1.Project",
                body.getAsJsonObject("schema").get("$ref").getAsString());
        assertEquals("string", parameter(create, "fieldValidation").get("type").getAsString());
        assertEquals("[\"https\"]", create.get("schemes").toString());
    }

    private static JsonObject parameter(JsonObject operation, String name) {
        for (JsonElement parameter : operation.getAsJsonArray("parameters")) {
            if (parameter.getAsJsonObject().get("name").getAsString().equals(name)) {
                return parameter.getAsJsonObject();
            }
        }
        throw new AssertionError("no parameter " + name);
    }

    private static List<JsonObject> operations(JsonObject document, String method) {
        List<JsonObject> operations = new ArrayList<>();
        for (Map.Entry<String, JsonElement> path : document.getAsJsonObject("paths").entrySet()) {
            JsonObject item = path.getValue().getAsJsonObject();
            if (item.has(method)) {
                operations.add(item.getAsJsonObject(method));
            }
        }
        assertFalse(operations.isEmpty(), "no " + method + " operations");
        return operations;
    }

    private static List<String> parameterNames(JsonObject operation) {
        List<String> names = new ArrayList<>();
        operation.getAsJsonArray("parameters").forEach(p -> names.add(p.getAsJsonObject().get("name").getAsString()));
        return names;
    }

    private static void assertReferencesResolve(JsonElement element, String prefix, JsonObject definitions) {
        if (element instanceof JsonObject object) {
            if (object.has("$ref")) {
                String ref = object.get("$ref").getAsString();
                assertTrue(ref.startsWith(prefix), ref);
                assertTrue(definitions.has(ref.substring(prefix.length())), "dangling " + ref);
            }
            object.entrySet().forEach(entry -> assertReferencesResolve(entry.getValue(), prefix, definitions));
        } else if (element instanceof JsonArray array) {
            array.forEach(item -> assertReferencesResolve(item, prefix, definitions));
        }
    }
}
