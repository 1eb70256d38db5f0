package dev.atrium.apiserver.kubectl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.atrium.testing.ControlPlane;
import dev.atrium.testing.ControlPlaneExtension;
import dev.atrium.testing.Names;
import io.kubernetes.client.openapi.ApiClient;
import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** As kube-apiserver does for every resource, create and update take bodies of media type application/yaml. */
@ExtendWith(ControlPlaneExtension.class)
class YamlRequestBodyIT {

    private static final MediaType YAML = MediaType.get("application/yaml");

    private final ControlPlane cluster;

    YamlRequestBodyIT(ControlPlane cluster) {
        this.cluster = cluster;
    }

    @Test
    void createAndReplaceWithYamlBodies() throws IOException {
        String name = Names.unique("yaml");
        String run = Names.unique("yaml");
        String path = "/apis/management.atrium.dev/v1/projects";

        JsonObject created = send("POST", path, Manifests.project(name, run, "FromYaml"), 201);
        assertEquals("FromYaml", created.getAsJsonObject("spec").get("displayName").getAsString());

        // The Project controller writes the object too (finalizer, status): like any client doing
        // an update, read the current resourceVersion and try again on 409 Conflict.
        JsonObject replaced = null;
        for (int attempt = 0; attempt < 5 && replaced == null; attempt++) {
            String resourceVersion = JsonParser.parseString(cluster.kubectl("get", "project", name, "-o", "json").ok())
                    .getAsJsonObject().getAsJsonObject("metadata").get("resourceVersion").getAsString();
            String replacement = Manifests.project(name, run, "ReplacedByYaml")
                    .replace("  labels:", "  resourceVersion: \"" + resourceVersion + "\"\n  labels:");
            replaced = send("PUT", path + "/" + name, replacement, 200, 409);
        }
        assertNotNull(replaced, "the replace kept conflicting");
        assertEquals("ReplacedByYaml", replaced.getAsJsonObject("spec").get("displayName").getAsString());
        assertEquals("management.atrium.dev/v1", replaced.get("apiVersion").getAsString());

        cluster.kubectl("delete", "project", name, "--wait=false").ok();
    }

    private JsonObject send(String method, String path, String yaml, int expectedCode) throws IOException {
        return send(method, path, yaml, expectedCode, expectedCode);
    }

    /** The answer for {@code expectedCode}; null for {@code retryCode}. */
    private JsonObject send(String method, String path, String yaml, int expectedCode, int retryCode) throws IOException {
        ApiClient client = cluster.adminClient();
        Request request = new Request.Builder().url(client.getBasePath() + path)
                .method(method, RequestBody.create(yaml, YAML)).header("Accept", "application/json").build();
        try (Response response = client.getHttpClient().newCall(request).execute()) {
            String body = response.body().string();
            if (response.code() == retryCode && retryCode != expectedCode) {
                return null;
            }
            assertEquals(expectedCode, response.code(), body);
            return JsonParser.parseString(body).getAsJsonObject();
        }
    }
}
