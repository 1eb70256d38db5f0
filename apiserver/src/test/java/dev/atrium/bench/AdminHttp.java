package dev.atrium.bench;

import dev.atrium.apiserver.tls.Pem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * kube-apiserver as the admin ({@code system:masters}, by the client certificate {@code hack/up}
 * made): java.net.http over HTTP/1.1, so every request in flight has a connection of its own, as
 * that many separate clients would. Bodies are JSON both ways; nothing asks for gzip.
 */
final class AdminHttp {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final HttpClient http;
    private final String server;

    private AdminHttp(HttpClient http, String server) {
        this.http = http;
        this.server = server;
    }

    /** From the control plane's PKI directory: {@code ca.crt}, {@code admin.crt}, {@code admin.key}. */
    static AdminHttp connect(String server, Path pki) {
        // Idle keep-alive connections of one cell are used again by the next, so no cell pays
        // for TLS handshakes a longer-lived client would not (the JDK's default keeps them 30 s).
        System.setProperty("jdk.httpclient.keepalive.timeout", "600");
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            List<X509Certificate> chain = Pem.readCertificates(Files.readString(pki.resolve("admin.crt")));
            keys.setKeyEntry("admin", Pem.readPrivateKey(Files.readString(pki.resolve("admin.key"))), new char[0],
                    chain.toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, new char[0]);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", Pem.readCertificates(Files.readString(pki.resolve("ca.crt"))).getFirst());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                    .connectTimeout(Duration.ofSeconds(30)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
            return new AdminHttp(http, server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS with the admin certificate", e);
        }
    }

    record Reply(int code, String body) {
        boolean ok() {
            return code >= 200 && code < 300;
        }
    }

    /** Sends one request and reads the whole answer as text. */
    Reply send(String method, String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request(method, path, json), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body());
    }

    /**
     * Like {@link #send} but fails on any answer other than 2xx; for setting up and cleaning up,
     * so a connection that fails to open (on a loaded machine) is tried again, twice.
     */
    Reply require(String method, String path, String json) throws IOException, InterruptedException {
        Reply reply = null;
        for (int attempt = 1; reply == null; attempt++) {
            try {
                reply = send(method, path, json);
            } catch (java.net.ConnectException | java.net.http.HttpConnectTimeoutException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
        if (!reply.ok()) {
            throw new IllegalStateException(method + " " + path + " answered " + reply.code() + ": " + abbreviate(reply.body()));
        }
        return reply;
    }

    record Drained(int code, long bytes) {}

    /** GET, reading the answer into {@code buffer} and dropping it: only its size is kept. */
    Drained drain(String path, byte[] buffer) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(request("GET", path, null), HttpResponse.BodyHandlers.ofInputStream());
        long bytes = 0;
        try (InputStream in = response.body()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                bytes += n;
            }
        }
        return new Drained(response.statusCode(), bytes);
    }

    /**
     * Opens a stream of newline-delimited events; lines go to {@code lines} as they arrive. The
     * future completes once the answer's headers are in, with the status code.
     */
    CompletableFuture<HttpResponse<Void>> stream(String path, Flow.Subscriber<String> lines) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server + path)).header("Accept", "application/json")
                .GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(lines));
    }

    private HttpRequest request(String method, String path, String json) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(server + path)).timeout(TIMEOUT)
                .header("Accept", "application/json");
        if (json == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return builder.build();
    }

    static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
