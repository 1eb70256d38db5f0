package dev.atrium.apiserver.resource;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlatformResourcesTest {

    @Test
    void servesTheSixResourcesOfTheDesign() {
        assertEquals(List.of("users", "teams", "projects", "spaceinstances", "virtualclusterinstances", "selves"),
                PlatformResources.all().stream().map(ResourceDefinition::plural).toList());
        assertEquals(List.of("users", "teams", "projects", "spaceinstances", "virtualclusterinstances"),
                PlatformResources.stored().stream().map(ResourceDefinition::plural).toList(), "selves is never stored");
        assertEquals(List.of("create"), PlatformResources.SELVES.verbs());
        assertFalse(PlatformResources.PROJECTS.namespaced());
        assertTrue(PlatformResources.SPACE_INSTANCES.namespaced());
        assertTrue(PlatformResources.VIRTUAL_CLUSTER_INSTANCES.namespaced());
        assertEquals(List.of("proj"), PlatformResources.PROJECTS.shortNames());
        assertEquals(List.of("vci"), PlatformResources.VIRTUAL_CLUSTER_INSTANCES.shortNames());
        assertEquals("ProjectList", PlatformResources.PROJECTS.listKind());
        assertEquals("projects.management.atrium.dev", PlatformResources.PROJECTS.groupResource());
        assertEquals("storage.atrium.dev/v1", PlatformResources.PROJECTS.storageApiVersion());
    }

    @Test
    void everyStoredResourceHasAllVerbsTheStatusSubresourceAndOnlyOurCategory() {
        for (ResourceDefinition definition : PlatformResources.stored()) {
            assertTrue(definition.verbs().containsAll(List.of("get", "list", "watch", "create", "update", "patch",
                    "delete", "deletecollection")), definition.plural());
            assertTrue(definition.hasSubresource("status"), definition.plural());
            assertEquals(List.of("atrium"), definition.categories(), definition.plural());
        }
    }

    @Test
    void lookupByPluralAndKind() {
        assertEquals(PlatformResources.TEAMS, PlatformResources.byPlural("teams").orElseThrow());
        assertEquals(PlatformResources.USERS, PlatformResources.byKind("User").orElseThrow());
        assertTrue(PlatformResources.byPlural("pods").isEmpty());
    }

    @Test
    void everyPrinterColumnPointsIntoTheSchema() {
        for (ResourceDefinition definition : PlatformResources.all()) {
            for (PrinterColumn column : definition.additionalPrinterColumns()) {
                if (column.jsonPath().startsWith(".metadata.")) {
                    continue;
                }
                assertNotNull(schemaAt(definition, column.jsonPath()),
                        definition.plural() + " column " + column.name() + " " + column.jsonPath());
            }
        }
    }

    @Test
    void columnsEndWithAgeAndWideOnesHavePriorityOne() {
        List<PrinterColumn> columns = PlatformResources.PROJECTS.additionalPrinterColumns();
        assertEquals("Age", columns.getLast().name());
        assertEquals(List.of("Display Name", "Owner", "Namespace", "Age"),
                columns.stream().filter(column -> column.priority() == 0).map(PrinterColumn::name).toList());
        assertTrue(columns.stream().anyMatch(column -> column.priority() == 1));
    }

    @Test
    void projectMembersAreAListMapWithEnumeratedRoles() {
        JsonObject members = PlatformResources.PROJECTS.specSchema()
                .getAsJsonObject("properties").getAsJsonObject("members");
        assertEquals("map", members.get("x-kubernetes-list-type").getAsString());
        assertEquals("[\"admin\",\"edit\",\"view\"]", members.getAsJsonObject("items").getAsJsonObject("properties")
                .getAsJsonObject("role").get("enum").toString());
    }

    @Test
    void schemasHandedOutAreCopies() {
        PlatformResources.PROJECTS.specSchema().getAsJsonObject("properties").remove("members");
        assertTrue(PlatformResources.PROJECTS.specSchema().getAsJsonObject("properties").has("members"));
    }

    /** The schema a printer column's simple JSONPath leads to, or null. */
    private static JsonObject schemaAt(ResourceDefinition definition, String jsonPath) {
        String[] segments = jsonPath.substring(1).replace("[*]", ".[*]").split("\\.");
        JsonObject current = switch (segments[0]) {
            case "spec" -> definition.specSchema();
            case "status" -> definition.statusSchema();
            default -> null;
        };
        for (int i = 1; i < segments.length && current != null; i++) {
            String segment = segments[i];
            if (segment.equals("[*]")) {
                current = current.getAsJsonObject("items");
            } else if (segment.equals("*")) {
                current = current.has("properties") ? current : null;
                break;
            } else {
                JsonObject properties = current.getAsJsonObject("properties");
                current = properties == null ? null : properties.getAsJsonObject(segment);
            }
        }
        return current;
    }
}
