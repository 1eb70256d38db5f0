package dev.atrium.apiserver.discovery;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.atrium.apiserver.json.Json;
import dev.atrium.apiserver.resource.PlatformResources;
import dev.atrium.apiserver.resource.ResourceDefinition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiscoveryDocumentsTest {

    private final DiscoveryDocuments documents = new DiscoveryDocuments(PlatformResources.all());

    @Test
    void apisListsOurGroupWithItsPreferredVersion() {
        JsonObject list = documents.apiGroupList();
        assertEquals("APIGroupList", list.get("kind").getAsString());
        assertEquals("v1", list.get("apiVersion").getAsString());
        JsonObject group = list.getAsJsonArray("groups").get(0).getAsJsonObject();
        assertEquals("management.atrium.dev", group.get("name").getAsString());
        assertEquals("management.atrium.dev/v1",
                group.getAsJsonObject("preferredVersion").get("groupVersion").getAsString());
        assertEquals("v1", group.getAsJsonArray("versions").get(0).getAsJsonObject().get("version").getAsString());
        JsonObject apiGroup = documents.apiGroup();
        assertEquals("APIGroup", apiGroup.get("kind").getAsString());
        assertEquals(group.get("preferredVersion"), apiGroup.get("preferredVersion"));
    }

    @Test
    void resourceListHasResourcesAndStatusSubresources() {
        JsonObject list = documents.apiResourceList();
        assertEquals("APIResourceList", list.get("kind").getAsString());
        assertEquals("management.atrium.dev/v1", list.get("groupVersion").getAsString());
        JsonObject projects = entry(list, "name", "projects");
        assertEquals("project", projects.get("singularName").getAsString());
        assertFalse(projects.get("namespaced").getAsBoolean());
        assertEquals("Project", projects.get("kind").getAsString());
        assertEquals("[\"proj\"]", projects.get("shortNames").toString());
        assertEquals("[\"atrium\"]", projects.get("categories").toString());
        assertTrue(strings(projects, "verbs").containsAll(
                List.of("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection")));
        JsonObject status = entry(list, "name", "projects/status");
        assertEquals(List.of("get", "patch", "update"), strings(status, "verbs"));
        assertEquals("Project", status.get("kind").getAsString());
        assertTrue(entry(list, "name", "spaceinstances").get("namespaced").getAsBoolean());
        assertEquals(11, list.getAsJsonArray("resources").size(), "five resources with status, and selves");
        JsonObject selves = entry(list, "name", "selves");
        assertEquals(List.of("create"), strings(selves, "verbs"));
        assertEquals("Self", selves.get("kind").getAsString());
    }

    @Test
    void aggregatedDiscoveryHasAResponseKindForEveryResourceAndSubresource() {
        JsonObject list = documents.apiGroupDiscoveryList();
        assertEquals("apidiscovery.k8s.io/v2", list.get("apiVersion").getAsString());
        assertEquals("APIGroupDiscoveryList", list.get("kind").getAsString());
        JsonObject group = list.getAsJsonArray("items").get(0).getAsJsonObject();
        assertEquals("management.atrium.dev", group.getAsJsonObject("metadata").get("name").getAsString());
        JsonObject version = group.getAsJsonArray("versions").get(0).getAsJsonObject();
        assertEquals("v1", version.get("version").getAsString());
        assertEquals("Current", version.get("freshness").getAsString());
        assertEquals(6, version.getAsJsonArray("resources").size());
        for (JsonElement element : version.getAsJsonArray("resources")) {
            JsonObject resource = element.getAsJsonObject();
            String kind = PlatformResources.byPlural(resource.get("resource").getAsString()).orElseThrow().kind();
            assertResponseKind(kind, resource.getAsJsonObject("responseKind"));
            if (kind.equals("Self")) {
                assertEquals(List.of("create"), strings(resource, "verbs"));
                assertFalse(resource.has("subresources"));
                continue;
            }
            JsonObject status = resource.getAsJsonArray("subresources").get(0).getAsJsonObject();
            assertEquals("status", status.get("subresource").getAsString());
            assertResponseKind(kind, status.getAsJsonObject("responseKind"));
            assertEquals(List.of("get", "patch", "update"), strings(status, "verbs"));
        }
        JsonObject spaces = entry(version, "resource", "spaceinstances");
        assertEquals("Namespaced", spaces.get("scope").getAsString());
        assertEquals("spaceinstance", spaces.get("singularResource").getAsString());
        assertEquals(List.of("space", "si"), strings(spaces, "shortNames"));
        assertEquals("Cluster", entry(version, "resource", "users").get("scope").getAsString());
        assertFalse(entry(version, "resource", "users").has("shortNames"));
    }

    @Test
    void recognisesTheAggregatedDiscoveryAcceptHeader() {
        assertTrue(DiscoveryDocuments.acceptsAggregated(
                "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json"));
        assertTrue(DiscoveryDocuments.acceptsAggregated(
                "application/json, application/json; as=APIGroupDiscoveryList; v=v2; g=apidiscovery.k8s.io"));
        assertFalse(DiscoveryDocuments.acceptsAggregated(
                "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json"));
        assertFalse(DiscoveryDocuments.acceptsAggregated("application/json"));
        assertFalse(DiscoveryDocuments.acceptsAggregated(null));
        assertEquals("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList",
                DiscoveryDocuments.AGGREGATED_CONTENT_TYPE);
    }

    @Test
    void etagIsStableAndChangesWithTheBytes() {
        byte[] first = Json.toBytes(documents.apiGroupDiscoveryList());
        byte[] again = Json.toBytes(new DiscoveryDocuments(PlatformResources.all()).apiGroupDiscoveryList());
        String etag = ETag.of(first);
        assertEquals(etag, ETag.of(again));
        assertTrue(etag.matches("\"[0-9A-F]{128}\""), etag);
        assertNotEquals(etag, ETag.of(Json.toBytes(documents.apiResourceList())));
        assertTrue(ETag.matches(etag, etag));
        assertTrue(ETag.matches("\"other\", W/" + etag, etag));
        assertFalse(ETag.matches("\"other\"", etag));
        assertFalse(ETag.matches(null, etag));
    }

    @Test
    void refusesResourcesOfAnotherGroupVersion() {
        assertThrows(IllegalArgumentException.class, () -> new DiscoveryDocuments(List.of()));
        ResourceDefinition other = new ResourceDefinition("other.dev", "v1", "things", "thing",
                "Thing", "ThingList", false, List.of(), List.of(), List.of("get"), List.of(), List.of(), "",
                new JsonObject(), new JsonObject(), "storage.other.dev");
        assertThrows(IllegalArgumentException.class,
                () -> new DiscoveryDocuments(List.of(PlatformResources.USERS, other)));
    }

    private static void assertResponseKind(String kind, JsonObject responseKind) {
        assertEquals("management.atrium.dev", responseKind.get("group").getAsString());
        assertEquals("v1", responseKind.get("version").getAsString());
        assertEquals(kind, responseKind.get("kind").getAsString());
    }

    private static JsonObject entry(JsonObject list, String key, String value) {
        for (JsonElement element : list.getAsJsonArray("resources")) {
            if (element.getAsJsonObject().get(key).getAsString().equals(value)) {
                return element.getAsJsonObject();
            }
        }
        throw new AssertionError("no resource " + value);
    }

    private static List<String> strings(JsonObject object, String key) {
        List<String> values = new ArrayList<>();
        object.getAsJsonArray(key).forEach(element -> values.add(element.getAsString()));
        return values;
    }
}
