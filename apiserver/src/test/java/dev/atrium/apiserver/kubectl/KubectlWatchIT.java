package dev.atrium.apiserver.kubectl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.atrium.testing.Command;
import dev.atrium.testing.ControlPlane;
import dev.atrium.testing.ControlPlaneExtension;
import dev.atrium.testing.Names;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.util.PatchUtils;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Watches see the changes other clients make, as kubectl get -w and client-go reflectors use them. */
@ExtendWith(ControlPlaneExtension.class)
class KubectlWatchIT {

    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(20);

    private final ControlPlane cluster;
    private final String run = Names.unique("watch");

    KubectlWatchIT(ControlPlane cluster) {
        this.cluster = cluster;
    }

    @AfterEach
    void deleteProjects() {
        cluster.kubectl("delete", "projects", "-l", "run=" + run, "--wait=false").ok();
    }

    @Test
    void getWatchSeesAChangeMadeByAnotherClient() throws ApiException {
        String name = Names.unique("watched");
        cluster.kubectl("create", "-f", "-").stdin(Manifests.project(name, run, "Before")).ok();

        try (Command.Running watch = cluster.kubectl("get", "projects", "-l", "run=" + run, "-w",
                "--output-watch-events", "--request-timeout=60s").start()) {
            watch.awaitStdout("Before", EVENT_TIMEOUT);
            patchDisplayName(name, "After");
            watch.awaitStdout("After", EVENT_TIMEOUT);
            cluster.kubectl("delete", "project", name, "--wait=false").ok();
            watch.awaitStdout("DELETED", EVENT_TIMEOUT);

            String[] lines = watch.stop().stdout().strip().split("\n");
            assertEquals("EVENT NAME DISPLAY NAME OWNER NAMESPACE AGE", collapse(lines[0]));
            assertTrue(collapse(lines[1]).startsWith("ADDED " + name + " Before alice "), lines[1]);
            // The project controller's own writes (finalizer, status) may come first, still "Before".
            int after = 2;
            while (after < lines.length - 1 && collapse(lines[after]).startsWith("MODIFIED " + name + " Before alice ")) {
                after++;
            }
            assertTrue(collapse(lines[after]).startsWith("MODIFIED " + name + " After alice "), String.join("\n", lines));
            assertTrue(collapse(lines[lines.length - 1]).startsWith("DELETED " + name + " After alice "),
                    String.join("\n", lines));
        }
    }

    @Test
    void getWatchOfNamespacedResourcesAsYaml() {
        String namespace = Names.unique("p-watch");
        cluster.kubectl("create", "namespace", namespace).ok();
        cluster.kubectl("create", "-f", "-").stdin(Manifests.spaceInstance(namespace, "s1", run, "Watched")).ok();

        try (Command.Running watch = cluster.kubectl("get", "si", "-n", namespace, "-w", "-o", "yaml",
                "--request-timeout=60s").start()) {
            watch.awaitStdout("displayName: Watched", EVENT_TIMEOUT);
            cluster.kubectl("label", "si", "s1", "-n", namespace, "seen=yes").ok();
            watch.awaitStdout("seen: \"yes\"", EVENT_TIMEOUT);
            String output = watch.stop().stdout();
            assertTrue(output.startsWith("apiVersion: management.atrium.dev/v1\nkind: SpaceInstance\n"), output);
        }
        cluster.kubectl("delete", "namespace", namespace, "--wait=false").ok();
    }

    /**
     * A watch-list (sendInitialEvents=true, what client-go reflectors and kubectl wait ask for)
     * keeps streaming after its initial events end.
     */
    @Test
    void aWatchListKeepsStreamingAfterTheInitialEvents() throws Exception {
        String name = Names.unique("watchlist");
        cluster.kubectl("create", "-f", "-").stdin(Manifests.project(name, run, "Initial")).ok();
        ApiClient client = cluster.adminClient();
        OkHttpClient http = client.getHttpClient().newBuilder().readTimeout(Duration.ofSeconds(30)).build();
        Request request = new Request.Builder().url(client.getBasePath() + "/apis/management.atrium.dev/v1/projects"
                + "?watch=true&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan"
                + "&fieldSelector=metadata.name%3D" + name + "&timeoutSeconds=60").build();
        BlockingQueue<JsonObject> events = new ArrayBlockingQueue<>(100);

        try (Response response = http.newCall(request).execute()) {
            assertEquals(200, response.code());
            Thread reader = Thread.ofVirtual().start(() -> {
                try (BufferedReader lines = new BufferedReader(
                        new InputStreamReader(response.body().byteStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = lines.readLine()) != null; ) {
                        events.add(JsonParser.parseString(line).getAsJsonObject());
                    }
                } catch (Exception e) {
                    // the stream ended or was closed by the test; the assertions below tell
                }
            });
            assertEquals("ADDED", type(events.poll(EVENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)));
            JsonObject bookmark = events.poll(EVENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertEquals("BOOKMARK", type(bookmark));
            assertEquals("true", bookmark.getAsJsonObject("object").getAsJsonObject("metadata")
                    .getAsJsonObject("annotations").get("k8s.io/initial-events-end").getAsString());

            patchDisplayName(name, "Changed");

            // The Project controller modifies the object too (finalizer, status): those MODIFIED
            // events may come first; the patch's own must follow on the same stream.
            JsonObject modified;
            do {
                modified = events.poll(EVENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                assertEquals("MODIFIED", type(modified), "the watch ended after its initial events");
            } while (!"Changed".equals(modified.getAsJsonObject("object").getAsJsonObject("spec")
                    .get("displayName").getAsString()));
            response.close();
            reader.join(Duration.ofSeconds(5));
        }
    }

    private void patchDisplayName(String name, String displayName) throws ApiException {
        ApiClient client = cluster.adminClient();
        CustomObjectsApi objects = new CustomObjectsApi(client);
        PatchUtils.patch(Object.class, () -> objects.patchClusterCustomObject("management.atrium.dev", "v1", "projects",
                name, new V1Patch("{\"spec\":{\"displayName\":\"" + displayName + "\"}}")).buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
    }

    private static String type(JsonObject event) {
        return event == null ? "no event" : event.get("type").getAsString();
    }

    private static String collapse(String line) {
        return line.strip().replaceAll("\\s+", " ");
    }
}
