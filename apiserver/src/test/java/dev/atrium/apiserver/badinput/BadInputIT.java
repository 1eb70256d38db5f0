package dev.atrium.apiserver.badinput;

import static dev.atrium.testing.RawApi.GROUP_VERSION;
import static dev.atrium.testing.RawApi.JSON;
import static dev.atrium.testing.RawApi.team;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.atrium.testing.ControlPlane;
import dev.atrium.testing.ControlPlaneExtension;
import dev.atrium.testing.Names;
import dev.atrium.testing.RawApi;
import dev.atrium.testing.RawApi.Reply;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.BufferedSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bad input through kube-apiserver, as any client sends it: each answer is a metav1.Status with
 * the right code, reason and a clear message, and nothing is stored or half-written.
 */
@ExtendWith(ControlPlaneExtension.class)
class BadInputIT {
    private static final String TEAMS = GROUP_VERSION + "/teams";
    private static final int LIMIT = 3 * 1024 * 1024;

    private final ControlPlane cluster;
    private final RawApi api;

    BadInputIT(ControlPlane cluster) {
        this.cluster = cluster;
        this.api = new RawApi(cluster.adminClient());
    }

    @Test
    void malformedJsonIsABadRequest() {
        String name = Names.unique("malformed");
        String truncated = "{\"apiVersion\":\"management.atrium.dev/v1\",\"kind\":\"Team\",\"metadata\":{\"name\":\"" + name + "\"";

        Reply reply = api.post(TEAMS, JSON, truncated);

        reply.status(400, "BadRequest");
        assertTrue(reply.message().contains("not valid JSON"), reply.body());
        assertNotStored(name);

        Reply unquoted = api.post(TEAMS, JSON, "{\"metadata\":{\"name\":" + name + "}}");
        unquoted.status(400, "BadRequest");
        assertTrue(unquoted.message().startsWith("the request body is not valid JSON: malformed JSON at line 1 column"),
                unquoted.body());
        assertFalse(unquoted.message().contains("JsonReader") || unquoted.message().contains("gson"),
                "the parser's advice to its own users: " + unquoted.message());
        assertNotStored(name);

        for (String lenient : new String[] {"{'metadata':{'name':'%s'}}", "{\"metadata\":{\"name\":\"%s\"},}",
                "{\"metadata\":{\"name\":\"%s\"}} trailing"}) {
            Reply refused = api.post(TEAMS, JSON, lenient.formatted(name));
            refused.status(400, "BadRequest");
            assertTrue(refused.message().startsWith("the request body is not valid JSON: "), refused.body());
            assertNotStored(name);
        }

        api.post(TEAMS, JSON, "[1,2]").status(400, "BadRequest");
    }

    @Test
    void aYamlBodyIsReadAndBadYamlIsABadRequest() {
        String name = Names.unique("yaml");
        Reply created = api.post(TEAMS, "application/yaml", """
                apiVersion: management.atrium.dev/v1
                kind: Team
                metadata:
                  name: %s
                spec:
                  displayName: From YAML
                  users: [alice, bob]
                """.formatted(name));
        assertEquals(201, created.code(), created.body());
        JsonObject stored = api.get(TEAMS + "/" + name).json();
        assertEquals("From YAML", stored.getAsJsonObject("spec").get("displayName").getAsString());
        assertEquals(2, stored.getAsJsonObject("spec").getAsJsonArray("users").size());

        String broken = Names.unique("yaml");
        Reply bad = api.post(TEAMS, "application/yaml", "metadata:\n  name: " + broken + "\n spec: [\n");
        bad.status(400, "BadRequest");
        assertTrue(bad.message().startsWith("error converting YAML to JSON: "), bad.body());
        assertNotStored(broken);
    }

    @Test
    void wrongApiVersionOrKindInTheBodyIsABadRequest() {
        String name = Names.unique("typemeta");

        Reply storageVersion = api.post(TEAMS, JSON,
                "{\"apiVersion\":\"storage.atrium.dev/v1\",\"kind\":\"Team\",\"metadata\":{\"name\":\"" + name + "\"}}");
        storageVersion.status(400, "BadRequest");
        assertEquals("the API version in the data (storage.atrium.dev/v1) does not match the expected API version "
                + "(management.atrium.dev/v1)", storageVersion.message());

        Reply wrongKind = api.post(TEAMS, JSON,
                "{\"apiVersion\":\"management.atrium.dev/v1\",\"kind\":\"User\",\"metadata\":{\"name\":\"" + name + "\"}}");
        wrongKind.status(400, "BadRequest");
        assertEquals("the kind in the data (User) does not match the expected kind (Team)", wrongKind.message());

        assertNotStored(name);
    }

    @Test
    void anInvalidNameIsInvalidWithACauseNamingMetadataName() {
        String name = "Bad_Name-" + Names.unique("x");

        JsonObject status = api.post(TEAMS, JSON, team(name)).status(422, "Invalid");

        assertTrue(status.get("message").getAsString().startsWith("Team.management.atrium.dev \"" + name + "\" is invalid"),
                status.toString());
        JsonObject details = status.getAsJsonObject("details");
        assertEquals(name, details.get("name").getAsString());
        assertEquals("management.atrium.dev", details.get("group").getAsString());
        assertEquals("Team", details.get("kind").getAsString());
        JsonArray causes = details.getAsJsonArray("causes");
        assertEquals(1, causes.size(), status.toString());
        JsonObject cause = causes.get(0).getAsJsonObject();
        assertEquals("metadata.name", cause.get("field").getAsString());
        assertEquals("FieldValueInvalid", cause.get("reason").getAsString());
        assertTrue(cause.get("message").getAsString().contains("RFC 1123"), cause.toString());
        assertFalse(status.toString().contains("storage.atrium.dev"), "storage group leaks: " + status);

        assertTrue(RawApi.names(api.get(TEAMS).json()).stream().noneMatch(name::equals), "stored anyway");
    }

    @Test
    void anUnknownFieldIsRefusedWhenStrictAndWarnedAboutWhenWarn() {
        String strict = Names.unique("strict");
        Reply refused = api.post(TEAMS + "?fieldValidation=Strict", JSON, team(strict, "{}", "{\"bogus\":1}"));
        refused.status(400, "BadRequest");
        assertTrue(refused.message().contains("strict decoding error: unknown field \"spec.bogus\""), refused.body());
        assertNotStored(strict);

        String warned = Names.unique("warn");
        Reply created = api.post(TEAMS + "?fieldValidation=Warn", JSON, team(warned, "{}", "{\"bogus\":1}"));
        assertEquals(201, created.code(), created.body());
        assertEquals(List.of("299 - \"unknown field \\\"spec.bogus\\\"\""), created.headers().values("Warning"),
                "the Warning header kube-apiserver sends for a built-in resource");
        JsonObject stored = api.get(TEAMS + "/" + warned).json();
        assertEquals("management.atrium.dev/v1", stored.get("apiVersion").getAsString());
        assertFalse(stored.getAsJsonObject("spec").has("bogus"), "unknown field pruned: " + stored);
    }

    @Test
    void anUpdateWithAStaleResourceVersionIsAConflict() {
        String name = Names.unique("stale");
        Reply created = api.post(TEAMS, JSON, team(name));
        assertEquals(201, created.code(), created.body());
        String staleVersion = created.json().getAsJsonObject("metadata").get("resourceVersion").getAsString();
        Reply first = api.put(TEAMS + "/" + name, update(name, staleVersion, "first"));
        assertEquals(200, first.code(), first.body());

        Reply second = api.put(TEAMS + "/" + name, update(name, staleVersion, "second"));

        JsonObject status = second.status(409, "Conflict");
        assertEquals("Operation cannot be fulfilled on teams.management.atrium.dev \"" + name + "\": the object has been "
                + "modified; please apply your changes to the latest version and try again", status.get("message").getAsString());
        assertEquals(name, status.getAsJsonObject("details").get("name").getAsString());
        assertEquals("management.atrium.dev", status.getAsJsonObject("details").get("group").getAsString());
        JsonObject stored = api.get(TEAMS + "/" + name).json();
        assertEquals("first", stored.getAsJsonObject("spec").get("displayName").getAsString());
        assertEquals(first.json().getAsJsonObject("metadata").get("resourceVersion").getAsString(),
                stored.getAsJsonObject("metadata").get("resourceVersion").getAsString());
    }

    private static String update(String name, String resourceVersion, String displayName) {
        return """
                {"apiVersion":"management.atrium.dev/v1","kind":"Team",\
                "metadata":{"name":"%s","resourceVersion":"%s"},"spec":{"displayName":"%s"}}"""
                .formatted(name, resourceVersion, displayName);
    }

    @Test
    void aBodyOverThreeMebibytesIsTooLargeWithOrWithoutContentLength() {
        String sized = Names.unique("big");
        byte[] body = oversized(sized);
        Reply declared = api.send(api.request("POST", TEAMS, JSON)
                .post(RequestBody.create(body, MediaType.get(JSON))).build());
        assertTooLarge(declared);
        assertNotStored(sized);

        // Over twice the limit too (more than a server discards after answering over HTTP/1.1).
        String huge = Names.unique("huge");
        Reply hugeReply = api.send(api.request("POST", TEAMS, JSON)
                .post(RequestBody.create(oversized(huge, 2 * LIMIT), MediaType.get(JSON))).build());
        assertTooLarge(hugeReply);
        assertNotStored(huge);

        String unsized = Names.unique("big");
        Reply streamed = api.send(api.request("POST", TEAMS, JSON).post(streamed(oversized(unsized))).build());
        assertTooLarge(streamed);
        assertNotStored(unsized);

        // kube-apiserver reaches the replicas over shared HTTP/2 connections: refused bodies must
        // leave them usable for the next request bodies.
        for (int i = 0; i < 3; i++) {
            String next = Names.unique("after-big");
            Reply created = api.post(TEAMS, JSON, team(next));
            assertEquals(201, created.code(), created.body());
        }
    }

    private static void assertTooLarge(Reply reply) {
        reply.status(413, "RequestEntityTooLarge");
        assertEquals("Request entity too large: limit is " + LIMIT, reply.message());
    }

    private static byte[] oversized(String name) {
        return oversized(name, LIMIT);
    }

    private static byte[] oversized(String name, int size) {
        char[] filler = new char[size + 1];
        Arrays.fill(filler, 'a');
        return team(name, "{}", "{\"description\":\"" + new String(filler) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** No Content-Length: only counting while reading can catch it. */
    private static RequestBody streamed(byte[] body) {
        return new RequestBody() {
            @Override
            public MediaType contentType() {
                return MediaType.get(JSON);
            }

            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public void writeTo(BufferedSink sink) throws java.io.IOException {
                sink.write(body);
            }
        };
    }

    @Test
    void anUnsupportedContentTypeIsUnsupportedMediaType() {
        String name = Names.unique("plain");
        Reply create = api.post(TEAMS, "text/plain", team(name));
        create.status(415, "UnsupportedMediaType");
        assertTrue(create.message().contains("application/json"), create.body());
        assertNotStored(name);

        Reply created = api.post(TEAMS, JSON, team(name));
        assertEquals(201, created.code(), created.body());
        Reply patch = api.patch(TEAMS + "/" + name, "text/plain", "{\"spec\":{\"displayName\":\"patched\"}}");
        patch.status(415, "UnsupportedMediaType");
        assertTrue(patch.message().contains("application/merge-patch+json"), patch.body());
        Reply jsonPatch = api.patch(TEAMS + "/" + name, JSON, "{\"spec\":{\"displayName\":\"patched\"}}");
        jsonPatch.status(415, "UnsupportedMediaType");

        JsonObject stored = api.get(TEAMS + "/" + name).json();
        assertEquals(created.json().getAsJsonObject("metadata").get("resourceVersion"),
                stored.getAsJsonObject("metadata").get("resourceVersion"), "unchanged");
        assertFalse(stored.getAsJsonObject("spec").has("displayName"), stored.toString());
    }

    @Test
    void anUnknownResourceIsNotFound() {
        Reply unknown = api.get(GROUP_VERSION + "/widgets");
        unknown.status(404, "NotFound");
        assertEquals("the server could not find the requested resource", unknown.message());

        api.post(GROUP_VERSION + "/widgets", JSON, "{}").status(404, "NotFound");

        String name = Names.unique("missing");
        JsonObject missing = api.get(TEAMS + "/" + name).status(404, "NotFound");
        assertEquals("teams.management.atrium.dev \"" + name + "\" not found", missing.get("message").getAsString());
    }

    @Test
    void aForgedRemoteUserHeaderStraightToAReplicaIsUnauthorized() throws Exception {
        List<String> replicas = cluster.atriumReplicaUrls();
        assertFalse(replicas.isEmpty(), "the control plane runs no Atrium replicas");
        OkHttpClient anonymous = trustingAnyServer();
        String name = Names.unique("forged");
        for (String replica : replicas) {
            RawApi direct = new RawApi(anonymous, replica);
            Request.Builder list = direct.request("GET", TEAMS, JSON)
                    .header("X-Remote-User", "admin").header("X-Remote-Group", "system:masters");
            direct.send(list.build()).status(401, "Unauthorized");

            Request create = direct.request("POST", TEAMS, JSON)
                    .header("X-Remote-User", "admin").header("X-Remote-Group", "system:masters")
                    .post(RequestBody.create(team(name), MediaType.get(JSON))).build();
            direct.send(create).status(401, "Unauthorized");
        }
        assertNotStored(name);
    }

    private static OkHttpClient trustingAnyServer() throws Exception {
        X509TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {trustAll}, new SecureRandom());
        return new OkHttpClient.Builder().sslSocketFactory(tls.getSocketFactory(), trustAll)
                .hostnameVerifier((host, session) -> true).callTimeout(Duration.ofSeconds(20)).build();
    }

    @Test
    void aUserWithoutRbacIsForbiddenInKubeApiserversWords() {
        String user = Names.unique("mallory");
        RawApi asUser = new RawApi(cluster.clientFor(user, "atrium-testers"));
        String name = Names.unique("forbidden");

        JsonObject list = asUser.get(TEAMS).status(403, "Forbidden");
        assertEquals("teams.management.atrium.dev is forbidden: User \"" + user + "\" cannot list resource \"teams\" "
                + "in API group \"management.atrium.dev\" at the cluster scope", list.get("message").getAsString());
        assertEquals("management.atrium.dev", list.getAsJsonObject("details").get("group").getAsString());
        assertEquals("teams", list.getAsJsonObject("details").get("kind").getAsString());

        JsonObject create = asUser.post(TEAMS, JSON, team(name)).status(403, "Forbidden");
        assertEquals("teams.management.atrium.dev is forbidden: User \"" + user + "\" cannot create resource \"teams\" "
                + "in API group \"management.atrium.dev\" at the cluster scope", create.get("message").getAsString());
        assertNotStored(name);
    }

    private void assertNotStored(String name) {
        Reply read = api.get(TEAMS + "/" + name);
        assertEquals(404, read.code(), "stored anyway: " + read.body());
        Reply list = api.get(TEAMS + "?fieldSelector=metadata.name%3D" + name);
        assertEquals(200, list.code(), list.body());
        assertNotNull(list.json().getAsJsonArray("items"));
        assertEquals(List.of(), RawApi.names(list.json()), "listed anyway");
    }
}
