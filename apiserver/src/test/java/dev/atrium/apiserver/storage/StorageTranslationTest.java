package dev.atrium.apiserver.storage;

import com.google.gson.JsonObject;
import dev.atrium.apiserver.json.Json;
import dev.atrium.apiserver.resource.PlatformResources;
import dev.atrium.apiserver.status.StatusException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StorageTranslationTest {

    private final StorageTranslation projects = new StorageTranslation(PlatformResources.PROJECTS);
    private final StorageTranslation spaces = new StorageTranslation(PlatformResources.SPACE_INSTANCES);

    private static JsonObject json(String text) {
        return Json.parse(text).getAsJsonObject();
    }

    private static final String STORED_PROJECT = """
            {"apiVersion": "storage.atrium.dev/v1", "kind": "Project",
             "metadata": {"name": "web", "uid": "1234", "resourceVersion": "77", "selfLink": "/old",
               "managedFields": [
                 {"manager": "kubectl", "operation": "Apply", "apiVersion": "storage.atrium.dev/v1",
                  "fieldsType": "FieldsV1", "fieldsV1": {"f:spec": {"f:displayName": {}}}},
                 {"manager": "other", "operation": "Update", "apiVersion": "v1", "fieldsType": "FieldsV1"}],
               "ownerReferences": [{"apiVersion": "storage.atrium.dev/v1", "kind": "Team", "name": "t", "uid": "9"}]},
             "spec": {"displayName": "Web"}}""";

    @Test
    void storedObjectBecomesManagementObjectWithManagedFields() {
        JsonObject project = projects.toManagement(json(STORED_PROJECT));
        assertEquals("management.atrium.dev/v1", project.get("apiVersion").getAsString());
        assertEquals("Project", project.get("kind").getAsString());
        JsonObject metadata = project.getAsJsonObject("metadata");
        assertEquals("77", metadata.get("resourceVersion").getAsString());
        assertEquals("1234", metadata.get("uid").getAsString());
        assertFalse(metadata.has("selfLink"));
        assertEquals("management.atrium.dev/v1", metadata.getAsJsonArray("managedFields").get(0).getAsJsonObject()
                .get("apiVersion").getAsString());
        assertEquals("v1", metadata.getAsJsonArray("managedFields").get(1).getAsJsonObject()
                .get("apiVersion").getAsString(), "entries of other versions are not ours to change");
        assertEquals("storage.atrium.dev/v1", metadata.getAsJsonArray("ownerReferences").get(0).getAsJsonObject()
                .get("apiVersion").getAsString());
        assertEquals("Web", project.getAsJsonObject("spec").get("displayName").getAsString());
    }

    @Test
    void roundTripsBackToStorage() {
        JsonObject stored = json(STORED_PROJECT);
        stored.getAsJsonObject("metadata").remove("selfLink");
        assertEquals(stored, projects.toStorage(projects.toManagement(stored)));
    }

    @Test
    void listsAndTheirItems() {
        JsonObject list = projects.toManagement(json("""
                {"apiVersion": "storage.atrium.dev/v1", "kind": "ProjectList",
                 "metadata": {"resourceVersion": "80", "continue": "tok"},
                 "items": [%s]}""".formatted(STORED_PROJECT)));
        assertEquals("management.atrium.dev/v1", list.get("apiVersion").getAsString());
        assertEquals("ProjectList", list.get("kind").getAsString());
        assertEquals("tok", list.getAsJsonObject("metadata").get("continue").getAsString());
        JsonObject item = list.getAsJsonArray("items").get(0).getAsJsonObject();
        assertEquals("management.atrium.dev/v1", item.get("apiVersion").getAsString());
        assertEquals("management.atrium.dev/v1", item.getAsJsonObject("metadata").getAsJsonArray("managedFields")
                .get(0).getAsJsonObject().get("apiVersion").getAsString());
    }

    @Test
    void watchEventsIncludingBookmarksAndErrors() {
        JsonObject modified = projects.watchEventToManagement(json(
                "{\"type\": \"MODIFIED\", \"object\": " + STORED_PROJECT + "}"));
        assertEquals("MODIFIED", modified.get("type").getAsString());
        assertEquals("management.atrium.dev/v1", modified.getAsJsonObject("object").get("apiVersion").getAsString());

        JsonObject bookmark = projects.watchEventToManagement(json("""
                {"type": "BOOKMARK", "object": {"apiVersion": "storage.atrium.dev/v1", "kind": "Project",
                  "metadata": {"resourceVersion": "90", "annotations": {"k8s.io/initial-events-end": "true"}}}}"""));
        assertEquals("management.atrium.dev/v1", bookmark.getAsJsonObject("object").get("apiVersion").getAsString());
        assertEquals("true", bookmark.getAsJsonObject("object").getAsJsonObject("metadata")
                .getAsJsonObject("annotations").get("k8s.io/initial-events-end").getAsString());

        JsonObject error = json("""
                {"type": "ERROR", "object": {"kind": "Status", "apiVersion": "v1", "metadata": {},
                  "status": "Failure", "message": "too old resource version: 1 (90)", "reason": "Expired",
                  "code": 410}}""");
        assertEquals(error, projects.watchEventToManagement(error));
    }

    @Test
    void statusesFromKubeApiserverNameTheManagementResource() {
        JsonObject notFound = projects.toManagement(json("""
                {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                 "message": "projects.storage.atrium.dev \\"x\\" not found", "reason": "NotFound",
                 "details": {"name": "x", "group": "storage.atrium.dev", "kind": "projects"}, "code": 404}"""));
        assertEquals("projects.management.atrium.dev \"x\" not found", notFound.get("message").getAsString());
        assertEquals("management.atrium.dev", notFound.getAsJsonObject("details").get("group").getAsString());
        assertEquals("v1", notFound.get("apiVersion").getAsString());
    }

    @Test
    void requestBodiesGetTheStorageVersionAndMissingTypeMetaIsFilledIn() {
        JsonObject stored = projects.toStorage(json("""
                {"apiVersion": "management.atrium.dev/v1", "kind": "Project", "metadata": {"name": "web",
                  "managedFields": [{"manager": "m", "apiVersion": "management.atrium.dev/v1"}]}}"""));
        assertEquals("storage.atrium.dev/v1", stored.get("apiVersion").getAsString());
        assertEquals("storage.atrium.dev/v1", stored.getAsJsonObject("metadata").getAsJsonArray("managedFields")
                .get(0).getAsJsonObject().get("apiVersion").getAsString());
        JsonObject bare = projects.toStorage(json("{\"metadata\": {\"name\": \"web\"}}"));
        assertEquals("storage.atrium.dev/v1", bare.get("apiVersion").getAsString());
        assertEquals("Project", bare.get("kind").getAsString());
    }

    @Test
    void bodiesOfAnotherVersionOrKindAreBadRequests() {
        StatusException wrongVersion = assertThrows(StatusException.class, () -> projects.toStorage(json(
                "{\"apiVersion\": \"storage.atrium.dev/v1\", \"kind\": \"Project\"}")));
        assertEquals(400, wrongVersion.code());
        assertEquals("the API version in the data (storage.atrium.dev/v1) does not match the expected API version "
                + "(management.atrium.dev/v1)", wrongVersion.getMessage());
        StatusException wrongKind = assertThrows(StatusException.class, () -> projects.toStorage(json(
                "{\"apiVersion\": \"management.atrium.dev/v1\", \"kind\": \"Team\"}")));
        assertEquals(400, wrongKind.code());
        assertTrue(wrongKind.getMessage().contains("(Team)"));
    }

    @Test
    void applyPatchInJsonAsKubectlSendsIt() {
        String body = "{\"apiVersion\":\"management.atrium.dev/v1\",\"kind\":\"Project\","
                + "\"metadata\":{\"name\":\"web\"},\"spec\":{\"displayName\":\"Web\",\"quotas\":{\"spaceInstances\":3}}}";
        JsonObject sent = json(projects.applyPatchToStorage(body));
        assertEquals("storage.atrium.dev/v1", sent.get("apiVersion").getAsString());
        assertEquals(3, sent.getAsJsonObject("spec").getAsJsonObject("quotas").get("spaceInstances").getAsInt());
    }

    @Test
    void applyPatchInYaml() {
        String body = """
                apiVersion: management.atrium.dev/v1
                kind: SpaceInstance
                metadata:
                  name: dev
                  namespace: p-web
                  annotations:
                    created: 2024-01-01
                spec:
                  displayName: "Dev space"
                  resourceQuota:
                    hard:
                      pods: 10
                      requests.cpu: 500m
                """;
        JsonObject sent = json(spaces.applyPatchToStorage(body));
        assertEquals("storage.atrium.dev/v1", sent.get("apiVersion").getAsString());
        assertEquals("SpaceInstance", sent.get("kind").getAsString());
        assertEquals("2024-01-01", sent.getAsJsonObject("metadata").getAsJsonObject("annotations")
                .get("created").getAsString());
        JsonObject hard = sent.getAsJsonObject("spec").getAsJsonObject("resourceQuota").getAsJsonObject("hard");
        assertTrue(hard.get("pods").getAsJsonPrimitive().isNumber());
        assertEquals("500m", hard.get("requests.cpu").getAsString());
    }

    @Test
    void applyPatchNeedsTypeMetaAndOneWellFormedDocument() {
        assertEquals(400, assertThrows(StatusException.class,
                () -> projects.applyPatchToStorage("{\"metadata\": {\"name\": \"web\"}}")).code());
        assertEquals(400, assertThrows(StatusException.class, () -> projects.applyPatchToStorage(
                "apiVersion: storage.atrium.dev/v1\nkind: Project\n")).code());
        assertEquals(400, assertThrows(StatusException.class, () -> projects.applyPatchToStorage(
                "apiVersion: management.atrium.dev/v1\nkind: Project\n---\nkind: Project\n")).code());
        assertEquals(400, assertThrows(StatusException.class,
                () -> projects.applyPatchToStorage("- just\n- a list\n")).code());
        assertEquals(400, assertThrows(StatusException.class,
                () -> projects.applyPatchToStorage("{\"apiVersion\": ")).code());
    }

    @Test
    void storagePaths() {
        assertEquals("/apis/storage.atrium.dev/v1/projects", projects.storagePath("", "", ""));
        assertEquals("/apis/storage.atrium.dev/v1/projects/web/status", projects.storagePath("", "web", "status"));
        assertEquals("/apis/storage.atrium.dev/v1/namespaces/p-web/spaceinstances/dev",
                spaces.storagePath("p-web", "dev", ""));
        assertEquals("/apis/storage.atrium.dev/v1/spaceinstances", spaces.storagePath("", "", ""));
        assertThrows(IllegalArgumentException.class, () -> projects.storagePath("p-web", "x", ""));
        assertEquals("/apis/storage.atrium.dev/v1/watch/projects/web", projects.storageWatchPath("", "web"));
        assertEquals("/apis/storage.atrium.dev/v1/watch/namespaces/p-web/spaceinstances/dev",
                spaces.storageWatchPath("p-web", "dev"));
    }

    @Test
    void inputsAreNotModified() {
        JsonObject stored = json(STORED_PROJECT);
        JsonObject copy = stored.deepCopy();
        projects.toManagement(stored);
        assertEquals(copy, stored);
    }

    @Test
    void listsAndWatchEventsLeaveTheStoredObjectsAsTheyAre() {
        JsonObject list = json("""
                {"apiVersion": "storage.atrium.dev/v1", "kind": "ProjectList",
                 "metadata": {"resourceVersion": "80", "selfLink": "/old"}, "items": [%s, %s]}"""
                .formatted(STORED_PROJECT, STORED_PROJECT));
        JsonObject listCopy = list.deepCopy();
        JsonObject translated = projects.toManagement(list);
        assertEquals(listCopy, list);
        assertFalse(translated.getAsJsonObject("metadata").has("selfLink"));
        assertEquals(projects.toManagement(json(STORED_PROJECT)), translated.getAsJsonArray("items").get(1));

        JsonObject event = json("{\"type\": \"ADDED\", \"object\": " + STORED_PROJECT + "}");
        JsonObject eventCopy = event.deepCopy();
        assertEquals(projects.toManagement(json(STORED_PROJECT)), projects.watchEventToManagement(event).get("object"));
        assertEquals(eventCopy, event);
    }

    private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    @Test
    void lastAppliedConfigurationNamesTheVersionOnEachSide() {
        String applied = "{\"apiVersion\":\"management.atrium.dev/v1\",\"kind\":\"Project\",\"metadata\":{\"name\":\"web\"},"
                + "\"spec\":{\"displayName\":\"a<b\"}}\n";
        JsonObject body = json("{\"metadata\": {\"name\": \"web\", \"annotations\": {}}}");
        body.getAsJsonObject("metadata").getAsJsonObject("annotations").addProperty(LAST_APPLIED, applied);

        JsonObject stored = projects.toStorage(body);
        String storedApplied = stored.getAsJsonObject("metadata").getAsJsonObject("annotations").get(LAST_APPLIED).getAsString();
        assertEquals(applied.replace("management.atrium.dev", "storage.atrium.dev"), storedApplied);

        JsonObject served = projects.toManagement(stored);
        assertEquals(applied, served.getAsJsonObject("metadata").getAsJsonObject("annotations").get(LAST_APPLIED).getAsString());
    }

    @Test
    void lastAppliedConfigurationOfAnotherVersionOrNotJsonStaysAsItIs() {
        for (String applied : new String[] {"{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\"}", "not json {", "[1]"}) {
            JsonObject body = json("{\"metadata\": {\"annotations\": {}}}");
            body.getAsJsonObject("metadata").getAsJsonObject("annotations").addProperty(LAST_APPLIED, applied);
            assertEquals(applied, projects.toStorage(body).getAsJsonObject("metadata").getAsJsonObject("annotations")
                    .get(LAST_APPLIED).getAsString());
        }
    }

    @Test
    void mergePatchesTranslateTheLastAppliedConfiguration() {
        String patch = "{\"metadata\":{\"annotations\":{\"" + LAST_APPLIED + "\":"
                + "\"{\\\"apiVersion\\\":\\\"management.atrium.dev/v1\\\",\\\"kind\\\":\\\"Project\\\"}\\n\"}},"
                + "\"spec\":{\"displayName\":null}}";
        JsonObject translated = json(projects.patchToStorage("application/merge-patch+json", patch));
        assertEquals("{\"apiVersion\":\"storage.atrium.dev/v1\",\"kind\":\"Project\"}\n",
                translated.getAsJsonObject("metadata").getAsJsonObject("annotations").get(LAST_APPLIED).getAsString());
        assertTrue(translated.getAsJsonObject("spec").get("displayName").isJsonNull(), "null deletes the field, as before");

        String untouched = "{\"spec\":{\"displayName\":\"x\"}}";
        assertEquals(untouched, projects.patchToStorage("application/merge-patch+json", untouched));
        assertEquals("not json", projects.patchToStorage("application/merge-patch+json", "not json"));
    }

    @Test
    void jsonPatchesTranslateManagedFieldsAndTheLastAppliedConfiguration() {
        String patch = """
                [{"op": "test", "path": "/metadata/resourceVersion", "value": "5"},
                 {"op": "replace", "path": "/metadata/managedFields", "value": [
                   {"manager": "kubectl", "operation": "Apply", "apiVersion": "management.atrium.dev/v1"}]},
                 {"op": "add", "path": "/metadata/managedFields/-",
                  "value": {"manager": "m", "operation": "Update", "apiVersion": "management.atrium.dev/v1"}},
                 {"op": "replace", "path": "/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration",
                  "value": "{\\"apiVersion\\":\\"management.atrium.dev/v1\\"}"},
                 {"op": "replace", "path": "/spec/displayName", "value": "management.atrium.dev/v1"}]""";
        var operations = Json.parse(projects.patchToStorage("application/json-patch+json", patch)).getAsJsonArray();
        assertEquals("5", operations.get(0).getAsJsonObject().get("value").getAsString());
        assertEquals("storage.atrium.dev/v1", operations.get(1).getAsJsonObject().getAsJsonArray("value").get(0)
                .getAsJsonObject().get("apiVersion").getAsString());
        assertEquals("storage.atrium.dev/v1", operations.get(2).getAsJsonObject().getAsJsonObject("value")
                .get("apiVersion").getAsString());
        assertEquals("{\"apiVersion\":\"storage.atrium.dev/v1\"}", operations.get(3).getAsJsonObject().get("value").getAsString());
        assertEquals("management.atrium.dev/v1", operations.get(4).getAsJsonObject().get("value").getAsString(),
                "content is not metadata");
    }
}
