package dev.atrium.apiserver.table;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.atrium.apiserver.json.Json;
import dev.atrium.apiserver.resource.PlatformResources;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableConverterTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-01-10T12:05:00Z"), ZoneOffset.UTC);

    private final TableConverter projects = new TableConverter(PlatformResources.PROJECTS, NOW);

    private static JsonObject project(String name, String displayName, String created) {
        return Json.parse("""
                {"apiVersion": "management.atrium.dev/v1", "kind": "Project",
                 "metadata": {"name": "%s", "uid": "u-%s", "resourceVersion": "41", "creationTimestamp": "%s",
                              "labels": {"tier": "gold"}},
                 "spec": {"displayName": "%s", "owner": {"user": "ann"},
                          "members": [{"kind": "User", "name": "ann", "role": "admin"},
                                      {"kind": "Team", "name": "ops", "role": "view"}]},
                 "status": {"namespace": "p-%s", "usage": {"spaceInstances": 2, "virtualClusterInstances": 0}}}
                """.formatted(name, name, created, displayName, name)).getAsJsonObject();
    }

    private JsonObject list() {
        JsonObject list = new JsonObject();
        list.addProperty("apiVersion", "management.atrium.dev/v1");
        list.addProperty("kind", "ProjectList");
        list.add("metadata", Json.parse("{\"resourceVersion\": \"42\", \"continue\": \"abc\"}"));
        JsonArray items = new JsonArray();
        items.add(project("web", "Web Shop", "2026-01-10T12:00:00Z"));
        items.add(project("data", "Data Lake", "2025-12-01T00:00:00Z"));
        list.add("items", items);
        return list;
    }

    @Test
    void listTableHasNameColumnsAgeAndRowsWithTheDisplayName() {
        JsonObject table = projects.list(list(), TableOptions.DEFAULT);
        assertEquals("Table", table.get("kind").getAsString());
        assertEquals("meta.k8s.io/v1", table.get("apiVersion").getAsString());
        assertEquals("42", table.getAsJsonObject("metadata").get("resourceVersion").getAsString());
        assertEquals("abc", table.getAsJsonObject("metadata").get("continue").getAsString());

        List<String> names = columnNames(table);
        assertEquals("Name", names.getFirst());
        assertEquals("Age", names.getLast());
        assertTrue(names.containsAll(List.of("Display Name", "Owner", "Namespace", "Members")));
        JsonObject nameColumn = table.getAsJsonArray("columnDefinitions").get(0).getAsJsonObject();
        assertEquals("name", nameColumn.get("format").getAsString());
        JsonObject members = column(table, "Members");
        assertEquals(1, members.get("priority").getAsInt());

        List<Object> web = cells(table, 0);
        assertEquals("web", web.get(0));
        assertEquals("Web Shop", web.get(names.indexOf("Display Name")));
        assertEquals("ann", web.get(names.indexOf("Owner")));
        assertEquals("p-web", web.get(names.indexOf("Namespace")));
        assertEquals("ann,ops", web.get(names.indexOf("Members")));
        assertEquals(2L, web.get(names.indexOf("Spaces")));
        assertEquals(0L, web.get(names.indexOf("Virtual Clusters")));
        assertEquals("5m", web.get(names.indexOf("Age")));
        assertEquals("40d", cells(table, 1).get(names.indexOf("Age")));
    }

    @Test
    void rowsCarryPartialObjectMetadataByDefault() {
        JsonObject object = projects.list(list(), TableOptions.DEFAULT)
                .getAsJsonArray("rows").get(0).getAsJsonObject().getAsJsonObject("object");
        assertEquals("PartialObjectMetadata", object.get("kind").getAsString());
        assertEquals("meta.k8s.io/v1", object.get("apiVersion").getAsString());
        assertEquals("u-web", object.getAsJsonObject("metadata").get("uid").getAsString());
        assertEquals("gold", object.getAsJsonObject("metadata").getAsJsonObject("labels").get("tier").getAsString());
        assertFalse(object.has("spec"));
    }

    @Test
    void includeObjectNoneAndObject() {
        JsonObject none = projects.list(list(), TableOptions.DEFAULT.withIncludeObject(IncludeObject.parse("None")));
        assertFalse(none.getAsJsonArray("rows").get(0).getAsJsonObject().has("object"));
        JsonObject whole = projects.list(list(), TableOptions.DEFAULT.withIncludeObject(IncludeObject.parse("Object")));
        JsonObject object = whole.getAsJsonArray("rows").get(0).getAsJsonObject().getAsJsonObject("object");
        assertEquals("Project", object.get("kind").getAsString());
        assertEquals("Web Shop", object.getAsJsonObject("spec").get("displayName").getAsString());
        assertEquals(IncludeObject.METADATA, IncludeObject.parse(null));
    }

    @Test
    void withoutPriorityColumnsOnlyTheNormalOnesRemain() {
        JsonObject table = projects.list(list(), TableOptions.DEFAULT.withPriorityColumns(false));
        assertEquals(List.of("Name", "Display Name", "Owner", "Namespace", "Age"), columnNames(table));
        assertEquals(List.of("web", "Web Shop", "ann", "p-web", "5m"), cells(table, 0));
    }

    @Test
    void singleObjectTableForWatchEventsWithoutHeaders() {
        JsonObject project = project("web", "Web Shop", "2026-01-10T12:00:00Z");
        JsonObject table = projects.object(project, TableOptions.DEFAULT);
        assertEquals("41", table.getAsJsonObject("metadata").get("resourceVersion").getAsString());
        assertEquals(1, table.getAsJsonArray("rows").size());
        assertFalse(projects.object(project, TableOptions.DEFAULT.withNoHeaders(true)).has("columnDefinitions"));
    }

    @Test
    void missingValuesAreNullCellsAndBadTimestampsUnknown() {
        JsonObject bare = Json.parse("{\"metadata\": {\"name\": \"bare\", \"creationTimestamp\": \"yesterday\"}}")
                .getAsJsonObject();
        JsonObject table = projects.object(bare, TableOptions.DEFAULT);
        JsonArray cells = table.getAsJsonArray("rows").get(0).getAsJsonObject().getAsJsonArray("cells");
        assertTrue(cells.get(1).isJsonNull(), "no display name");
        assertEquals("<unknown>", cells.get(cells.size() - 1).getAsString());
    }

    @Test
    void booleanAndIntegerCellsKeepTheirType() {
        JsonObject user = Json.parse("""
                {"metadata": {"name": "ann", "creationTimestamp": "2026-01-10T12:04:30Z"},
                 "spec": {"displayName": "Ann", "email": "ann@example.com", "disabled": true},
                 "status": {"teams": ["devs", "ops"]}}""").getAsJsonObject();
        JsonObject table = new TableConverter(PlatformResources.USERS, NOW).object(user, TableOptions.DEFAULT);
        List<String> names = columnNames(table);
        List<Object> cells = cells(table, 0);
        assertEquals(true, cells.get(names.indexOf("Disabled")));
        assertEquals("devs,ops", cells.get(names.indexOf("Teams")));
        assertEquals("30s", cells.get(names.indexOf("Age")));

        JsonObject vci = Json.parse("""
                {"metadata": {"name": "v", "namespace": "p-web"},
                 "spec": {"kubernetesVersion": "v1.37.2", "replicas": 3}}""").getAsJsonObject();
        JsonObject vciTable = new TableConverter(PlatformResources.VIRTUAL_CLUSTER_INSTANCES, NOW)
                .object(vci, TableOptions.DEFAULT);
        assertEquals(3L, cells(vciTable, 0).get(columnNames(vciTable).indexOf("Replicas")));
    }

    private static List<String> columnNames(JsonObject table) {
        List<String> names = new ArrayList<>();
        table.getAsJsonArray("columnDefinitions")
                .forEach(column -> names.add(column.getAsJsonObject().get("name").getAsString()));
        return names;
    }

    private static JsonObject column(JsonObject table, String name) {
        for (JsonElement column : table.getAsJsonArray("columnDefinitions")) {
            if (column.getAsJsonObject().get("name").getAsString().equals(name)) {
                return column.getAsJsonObject();
            }
        }
        throw new AssertionError("no column " + name);
    }

    private static List<Object> cells(JsonObject table, int row) {
        List<Object> cells = new ArrayList<>();
        for (JsonElement cell : table.getAsJsonArray("rows").get(row).getAsJsonObject().getAsJsonArray("cells")) {
            if (cell.isJsonNull()) {
                cells.add(null);
            } else if (cell.getAsJsonPrimitive().isNumber()) {
                cells.add(cell.getAsLong());
            } else if (cell.getAsJsonPrimitive().isBoolean()) {
                cells.add(cell.getAsBoolean());
            } else {
                cells.add(cell.getAsString());
            }
        }
        return cells;
    }
}
