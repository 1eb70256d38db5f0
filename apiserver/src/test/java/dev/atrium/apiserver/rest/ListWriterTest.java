package dev.atrium.apiserver.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.atrium.apiserver.json.Json;
import dev.atrium.apiserver.resource.PlatformResources;
import dev.atrium.apiserver.storage.StorageTranslation;
import dev.atrium.apiserver.table.TableConverter;
import dev.atrium.apiserver.table.TableOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A list written item by item says what the whole list, translated and rendered at once, says. */
class ListWriterTest {

    private static final StorageTranslation TRANSLATION = new StorageTranslation(PlatformResources.PROJECTS);
    private static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io";
    private static final String PARTIAL = "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io";

    /** As kube-apiserver writes a custom resource list: members sorted by name, metadata after items. */
    private static final String STORAGE_LIST = """
            {"apiVersion":"storage.atrium.dev/v1","items":[%s,%s],"kind":"ProjectList",
             "metadata":{"continue":"abc","remainingItemCount":3,"resourceVersion":"42","selfLink":"/x"}}"""
            .formatted(project("shop"), project("blog"));

    private static String project(String name) {
        return """
                {"apiVersion":"storage.atrium.dev/v1","kind":"Project",
                 "metadata":{"name":"%1$s","uid":"u-%1$s","resourceVersion":"7","selfLink":"/y",
                   "creationTimestamp":"2020-01-01T00:00:00Z",
                   "annotations":{"kubectl.kubernetes.io/last-applied-configuration":
                     "{\\"apiVersion\\":\\"storage.atrium.dev/v1\\",\\"kind\\":\\"Project\\"}"},
                   "managedFields":[{"manager":"kubectl","operation":"Apply","apiVersion":"storage.atrium.dev/v1"}]},
                 "spec":{"displayName":"The %1$s","members":[]},"status":{"namespace":"p-%1$s"}}""".formatted(name);
    }

    private static JsonObject storageList() {
        return Json.parse(STORAGE_LIST).getAsJsonObject();
    }

    private static JsonObject streamed(String accept) throws IOException {
        return streamed(accept, STORAGE_LIST);
    }

    private static JsonObject streamed(String accept, String storageList) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ListWriter.fromStream(new ByteArrayInputStream(storageList.getBytes(StandardCharsets.UTF_8)), out, TRANSLATION,
                representation(accept == null ? "application/json" : accept));
        return Json.parse(out.toString(StandardCharsets.UTF_8)).getAsJsonObject();
    }

    private static JsonObject fromTree(String accept) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ListWriter.fromTree(storageList(), out, TRANSLATION, representation(accept));
        return Json.parse(out.toString(StandardCharsets.UTF_8)).getAsJsonObject();
    }

    private static Representation representation(String accept) {
        return new Representation(PlatformResources.PROJECTS, Accept.parse(accept), TableOptions.DEFAULT);
    }

    @Test
    void objectsAreTheTranslatedList() throws IOException {
        JsonObject expected = TRANSLATION.toManagement(storageList());
        assertEquals("management.atrium.dev/v1", Json.string(expected, "apiVersion"));
        assertEquals(null, Json.string(expected, "metadata", "selfLink"));
        assertEquals("management.atrium.dev/v1",
                Json.string(expected.getAsJsonArray("items").get(0).getAsJsonObject(), "apiVersion"));
        assertEquals(expected, streamed("application/json"));
        assertEquals(expected, fromTree("application/json"));
    }

    @Test
    void aTableHasTheRowsAndTheListsVersionAndContinueToken() throws IOException {
        JsonObject expected = new TableConverter(PlatformResources.PROJECTS)
                .list(TRANSLATION.toManagement(storageList()), TableOptions.DEFAULT);
        assertEquals(2, expected.getAsJsonArray("rows").size());
        assertEquals("abc", Json.string(expected, "metadata", "continue"));
        assertEquals(expected, streamed(TABLE));
        assertEquals(expected, fromTree(TABLE));
    }

    @Test
    void partialMetadataKeepsOnlyMetadata() throws IOException {
        JsonObject management = TRANSLATION.toManagement(storageList());
        JsonObject expected = new JsonObject();
        expected.addProperty("kind", "PartialObjectMetadataList");
        expected.addProperty("apiVersion", "meta.k8s.io/v1");
        expected.add("metadata", management.get("metadata"));
        JsonArray items = new JsonArray();
        for (JsonElement item : management.getAsJsonArray("items")) {
            JsonObject partial = new JsonObject();
            partial.addProperty("kind", "PartialObjectMetadata");
            partial.addProperty("apiVersion", "meta.k8s.io/v1");
            partial.add("metadata", item.getAsJsonObject().get("metadata"));
            items.add(partial);
        }
        expected.add("items", items);
        assertEquals(expected, streamed(PARTIAL));
        assertEquals(expected, fromTree(PARTIAL));
    }

    @Test
    void anEmptyListStillHasItemsAndMetadata() throws IOException {
        JsonObject table = streamed(TABLE, "{\"apiVersion\":\"storage.atrium.dev/v1\",\"items\":null,\"kind\":\"ProjectList\"}");
        assertEquals(new JsonArray(), table.get("rows"));
        assertEquals(new JsonObject(), table.get("metadata"));
        assertEquals(new JsonArray(), streamed(null, "{\"items\":null,\"kind\":\"ProjectList\"}").get("items"));
    }
}
