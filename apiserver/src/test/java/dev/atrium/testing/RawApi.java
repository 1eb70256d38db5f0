package dev.atrium.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.ApiClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Raw HTTP to {@code /apis/management.atrium.dev/v1/...} through the ApiClient's own OkHttp client
 * (its TLS and client certificate), exactly as a client sends it: no typed model in between.
 */
public final class RawApi {
    public static final String GROUP_VERSION = "/apis/management.atrium.dev/v1";
    public static final String JSON = "application/json";
    public static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io";

    private final OkHttpClient http;
    private final HttpUrl server;

    public RawApi(ApiClient client) {
        this(client.getHttpClient().newBuilder().readTimeout(Duration.ofSeconds(30)).build(), client.getBasePath());
    }

    public RawApi(OkHttpClient http, String server) {
        this.http = http;
        this.server = HttpUrl.get(server);
    }

    /** A complete answer. */
    public record Reply(int code, okhttp3.Headers headers, String body) {
        public JsonObject json() {
            JsonElement parsed = JsonParser.parseString(body);
            assertTrue(parsed.isJsonObject(), "not a JSON object: " + body);
            return parsed.getAsJsonObject();
        }

        /** Asserts a metav1.Status failure with this code and reason, and returns it. */
        public JsonObject status(int expectedCode, String expectedReason) {
            assertEquals(expectedCode, code, body);
            JsonObject status = json();
            assertEquals("Status", status.get("kind").getAsString(), body);
            assertEquals("v1", status.get("apiVersion").getAsString(), body);
            assertEquals("Failure", status.get("status").getAsString(), body);
            assertEquals(expectedReason, status.get("reason").getAsString(), body);
            assertEquals(expectedCode, status.get("code").getAsInt(), body);
            assertTrue(status.has("message") && !status.get("message").getAsString().isBlank(), "no message: " + body);
            return status;
        }

        public String message() {
            return json().get("message").getAsString();
        }
    }

    public Reply get(String path) {
        return send("GET", path, null, null, JSON);
    }

    public Reply post(String path, String contentType, String body) {
        return send("POST", path, contentType, body.getBytes(StandardCharsets.UTF_8), JSON);
    }

    public Reply put(String path, String body) {
        return send("PUT", path, JSON, body.getBytes(StandardCharsets.UTF_8), JSON);
    }

    public Reply patch(String path, String contentType, String body) {
        return send("PATCH", path, contentType, body.getBytes(StandardCharsets.UTF_8), JSON);
    }

    public Reply delete(String path) {
        return send("DELETE", path, null, null, JSON);
    }

    public Reply send(String method, String path, String contentType, byte[] body, String accept) {
        RequestBody requestBody = body == null ? null
                : RequestBody.create(body, contentType == null ? null : MediaType.get(contentType));
        return send(request(method, path, accept).method(method, requestBody).build());
    }

    public Reply send(Request request) {
        try (Response response = http.newCall(request).execute()) {
            return new Reply(response.code(), response.headers(), response.body().string());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.url(), e);
        }
    }

    public Request.Builder request(String method, String path, String accept) {
        return new Request.Builder().url(url(path)).header("Accept", accept);
    }

    public HttpUrl url(String path) {
        // path may carry a query: resolve keeps it as it is.
        return server.resolve(path);
    }

    /** Opens a watch (or any stream); the caller reads lines and closes it. */
    public Stream open(String path, String accept, Duration readTimeout) {
        OkHttpClient streaming = http.newBuilder().readTimeout(readTimeout).build();
        Request request = request("GET", path, accept).build();
        try {
            return new Stream(streaming.newCall(request).execute());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + request.url(), e);
        }
    }

    /** A streamed answer, read as newline-delimited JSON. */
    public static final class Stream implements AutoCloseable {
        private final Response response;
        private final BufferedReader lines;

        Stream(Response response) {
            this.response = response;
            this.lines = new BufferedReader(new InputStreamReader(response.body().byteStream(), StandardCharsets.UTF_8));
        }

        public int code() {
            return response.code();
        }

        public String contentType() {
            return response.header("Content-Type");
        }

        /** The next JSON line, or null at the end of the stream. */
        public JsonObject next() throws IOException {
            for (String line; (line = lines.readLine()) != null; ) {
                if (!line.isBlank()) {
                    return JsonParser.parseString(line).getAsJsonObject();
                }
            }
            return null;
        }

        /** What is left of the body, for a stream that is no watch (an error answer). */
        public String rest() throws IOException {
            StringBuilder text = new StringBuilder();
            for (String line; (line = lines.readLine()) != null; ) {
                text.append(line).append('\n');
            }
            return text.toString();
        }

        @Override
        public void close() {
            response.close();
        }
    }

    public static String team(String name, String labelsJson, String specJson) {
        return """
                {"apiVersion":"management.atrium.dev/v1","kind":"Team",\
                "metadata":{"name":"%s","labels":%s},"spec":%s}""".formatted(name, labelsJson, specJson);
    }

    public static String team(String name) {
        return team(name, "{}", "{}");
    }

    public static List<String> names(JsonObject list) {
        return list.getAsJsonArray("items").asList().stream()
                .map(item -> item.getAsJsonObject().getAsJsonObject("metadata").get("name").getAsString())
                .toList();
    }
}
