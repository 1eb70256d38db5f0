package dev.atrium.apiserver.storage;

import io.kubernetes.client.openapi.ApiClient;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
  * Raw HTTP to kube-apiserver, as Atrium's own identity, for the storage custom resources.
  * Bodies pass as bytes: translation happens in {@link StorageTranslation}, not here.
  */
public final class StorageClient {
    private final OkHttpClient http;
    private final OkHttpClient streaming;
    private final HttpUrl base;

    public StorageClient(ApiClient apiClient) {
        this.http = apiClient.getHttpClient().newBuilder().readTimeout(60, TimeUnit.SECONDS).build();
        // Watches stay open for as long as the client asks (timeoutSeconds); kube-apiserver ends them.
        this.streaming = http.newBuilder().readTimeout(0, TimeUnit.MILLISECONDS).build();
        this.base = HttpUrl.get(apiClient.getBasePath());
    }

    /** @param warnings kube-apiserver's {@code Warning} headers (e.g. unknown fields with fieldValidation=Warn) */
    public record Reply(int code, String contentType, byte[] body, List<String> warnings) {
        /** The body as a JSON object (kube-apiserver answers JSON: we ask for nothing else). */
        public com.google.gson.JsonObject json() {
            return com.google.gson.JsonParser.parseString(new String(body, java.nio.charset.StandardCharsets.UTF_8))
                    .getAsJsonObject();
        }
    }

    /** Sends one request and reads the whole answer. */
    public Reply send(String method, String path, Map<String, List<String>> query, String contentType, byte[] body)
            throws IOException {
        try (Stream answer = new Stream(http.newCall(request(method, path, query, contentType, body)).execute())) {
            return answer.reply();
        }
    }

    /**
     * Sends a GET whose answer the caller reads as it arrives (a list, read item by item) and
     * closes; the read timeout of {@link #send} applies between reads.
     */
    public Stream read(String path, Map<String, List<String>> query) throws IOException {
        return new Stream(http.newCall(request("GET", path, query, null, null)).execute());
    }

    /** Opens a watch; the caller reads newline-delimited events from the stream and closes it. */
    public Stream open(String path, Map<String, List<String>> query) throws IOException {
        // Uncompressed, as every request (see request()): besides, kube-apiserver gzips a
        // watch-list stream as several gzip members (one after the initial events), and OkHttp's
        // transparent gzip stops reading after the first.
        Request request = request("GET", path, query, null, null);
        Response response = streaming.newCall(request).execute();
        return new Stream(response);
    }

    public static final class Stream implements AutoCloseable {
        private final Response response;

        private Stream(Response response) {
            this.response = response;
        }

        public int code() {
            return response.code();
        }

        public InputStream body() {
            return response.body().byteStream();
        }

        public List<String> warnings() {
            return response.headers("Warning");
        }

        /** The whole answer, read at once. */
        public Reply reply() throws IOException {
            ResponseBody body = response.body();
            return new Reply(response.code(), response.header("Content-Type", "application/json"),
                    body == null ? new byte[0] : body.bytes(), warnings());
        }

        @Override
        public void close() {
            response.close();
        }
    }

    private Request request(String method, String path, Map<String, List<String>> query, String contentType, byte[] body) {
        HttpUrl.Builder url = base.newBuilder().encodedPath(path);
        query.forEach((name, values) -> values.forEach(value -> url.addQueryParameter(name, value)));
        RequestBody requestBody = body == null ? null : RequestBody.create(body, MediaType.get(contentType));
        if (requestBody == null && (method.equals("POST") || method.equals("PUT") || method.equals("PATCH"))) {
            requestBody = RequestBody.create(new byte[0]);
        }
        // Uncompressed: kube-apiserver gzips answers over 128 KiB for a client that accepts gzip
        // (OkHttp asks for it unless told otherwise), which costs kube-apiserver more CPU than the
        // bytes cost on a cluster network, and this replica as much again to inflate them.
        return new Request.Builder().url(url.build()).method(method, requestBody).header("Accept", "application/json")
                .header("Accept-Encoding", "identity").build();
    }
}
