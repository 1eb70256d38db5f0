package dev.atrium.apiserver.resource;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CustomResourceDefinitionsTest {

    private final JsonObject projects = CustomResourceDefinitions.of(PlatformResources.PROJECTS);

    @Test
    void isTheStorageCrdOfTheResource() {
        assertEquals("apiextensions.k8s.io/v1", projects.get("apiVersion").getAsString());
        assertEquals("CustomResourceDefinition", projects.get("kind").getAsString());
        assertEquals("projects.storage.atrium.dev",
                projects.getAsJsonObject("metadata").get("name").getAsString());
        JsonObject spec = projects.getAsJsonObject("spec");
        assertEquals("storage.atrium.dev", spec.get("group").getAsString());
        assertEquals("Cluster", spec.get("scope").getAsString());
        JsonObject names = spec.getAsJsonObject("names");
        assertEquals("Project", names.get("kind").getAsString());
        assertEquals("ProjectList", names.get("listKind").getAsString());
        assertFalse(names.has("shortNames"), "short names belong to the served resource only");
        assertFalse(names.has("categories"), "categories belong to the served resource only");
        assertEquals("Namespaced", CustomResourceDefinitions.of(PlatformResources.SPACE_INSTANCES)
                .getAsJsonObject("spec").get("scope").getAsString());
    }

    @Test
    void hasTheStatusSubresourceAndPrinterColumnsEndingWithAge() {
        JsonObject version = version(projects);
        assertEquals("v1", version.get("name").getAsString());
        assertTrue(version.get("storage").getAsBoolean());
        assertTrue(version.getAsJsonObject("subresources").has("status"));
        JsonArray columns = version.getAsJsonArray("additionalPrinterColumns");
        JsonObject age = columns.get(columns.size() - 1).getAsJsonObject();
        assertEquals("Age", age.get("name").getAsString());
        assertEquals("date", age.get("type").getAsString());
        assertEquals(".metadata.creationTimestamp", age.get("jsonPath").getAsString());
        assertEquals(".spec.displayName", columns.get(0).getAsJsonObject().get("jsonPath").getAsString());
    }

    @Test
    void schemasAreStructural() {
        for (JsonObject crd : CustomResourceDefinitions.all()) {
            JsonObject root = version(crd).getAsJsonObject("schema").getAsJsonObject("openAPIV3Schema");
            assertEquals("{\"type\":\"object\"}",
                    root.getAsJsonObject("properties").getAsJsonObject("metadata").toString());
            assertStructural(root, crd.getAsJsonObject("metadata").get("name").getAsString());
        }
    }

    private static JsonObject version(JsonObject crd) {
        return crd.getAsJsonObject("spec").getAsJsonArray("versions").get(0).getAsJsonObject();
    }

    /** Every node is typed (or int-or-string) and nothing needs unknown fields preserved. */
    private static void assertStructural(JsonObject schema, String where) {
        assertTrue(schema.has("type") || schema.has("x-kubernetes-int-or-string"), where + " has no type");
        assertFalse(schema.has("x-kubernetes-preserve-unknown-fields"), where + " preserves unknown fields");
        if (schema.has("properties")) {
            for (Map.Entry<String, JsonElement> property : schema.getAsJsonObject("properties").entrySet()) {
                assertStructural(property.getValue().getAsJsonObject(), where + "." + property.getKey());
            }
        }
        if (schema.has("items")) {
            assertStructural(schema.getAsJsonObject("items"), where + "[]");
        }
        if (schema.has("additionalProperties")) {
            assertStructural(schema.getAsJsonObject("additionalProperties"), where + "{}");
        }
    }
}
