package dev.atrium.apiserver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.apiserver.testing.TestPki;
import dev.atrium.apiserver.tls.CertificateAuthority;
import dev.atrium.apiserver.tls.CertifiedKey;
import dev.atrium.apiserver.tls.ReloadingKeyManager;
import java.net.URI;
import java.security.Security;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

class ApiServerTest {

    private static final TestPki PKI = new TestPki();

    private static HttpResponse<String> get(SSLContext tls, int port, String path) throws Exception {
        try (HttpClient client = HttpClient.newBuilder().sslContext(tls).build()) {
            return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** Not in the common pool: with one worker on a small machine, a blocked shutdown would stall the HTTP client. */
    private static <T> CompletableFuture<T> inThread(java.util.function.Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> result.complete(task.get()));
        return result;
    }

    @Test
    void servingCertificateIsSwappedWithoutRestart() throws Exception {
        ReloadingKeyManager keyManager = PKI.servingKeyManager();
        try (ApiServer server = ApiServer.builder().host("127.0.0.1").port(0).keyManager(keyManager)
                .handler(exchange -> exchange.getResponseSender().send("hello")).build().start()) {
            SSLContext trustsOld = PKI.clientContext(null);
            assertEquals("hello", get(trustsOld, server.port(), "/").body());

            CertificateAuthority newCa = CertificateAuthority.generate("rotated-ca", TestPki.VALIDITY);
            keyManager.update(newCa.issueServing("atrium", List.of("127.0.0.1"), TestPki.VALIDITY));

            SSLContext trustsNew = TestPki.clientContext(newCa.certificate(), null);
            assertEquals("hello", get(trustsNew, server.port(), "/").body());
            var refused = assertThrows(Exception.class, () -> get(trustsOld, server.port(), "/"));
            assertTrue(refused instanceof SSLHandshakeException || refused.getCause() instanceof SSLHandshakeException,
                    refused.toString());
        }
    }

    @Test
    void servesAKeyThatBouncyCastleReadFromPem() throws Exception {
        // client-java registers BouncyCastle in every replica; keys read from PEM then come from
        // BC's "ECDSA" key factory, a key algorithm name the JDK's handshake does not accept.
        Security.addProvider(new BouncyCastleProvider());
        CertifiedKey fromPem = CertifiedKey.fromPem(PKI.serving.certificatePem(), PKI.serving.privateKeyPem());
        assertEquals("ECDSA", fromPem.privateKey().getAlgorithm());
        try (ApiServer server = ApiServer.builder().host("127.0.0.1").port(0).keyManager(new ReloadingKeyManager(fromPem))
                .handler(exchange -> exchange.getResponseSender().send("hello")).build().start()) {
            assertEquals("hello", get(PKI.clientContext(null), server.port(), "/").body());
        }
    }

    @Test
    void gracefulShutdownLetsInFlightRequestsFinish() throws Exception {
        var started = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        ApiServer server = ApiServer.builder().host("127.0.0.1").port(0).keyManager(PKI.servingKeyManager())
                .handler(exchange -> {
                    started.countDown();
                    release.await(); // blocking is fine: requests run on virtual threads
                    exchange.getResponseSender().send("finished");
                }).build().start();
        try (HttpClient client = HttpClient.newBuilder().sslContext(PKI.clientContext(null)).build()) {
            CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
                    HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/slow")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(started.await(10, TimeUnit.SECONDS));
            CompletableFuture<Boolean> shutdown = inThread(() -> server.shutdown(Duration.ofSeconds(10)));
            Thread.sleep(100);
            release.countDown();
            assertEquals("finished", inFlight.get(5, TimeUnit.SECONDS).body());
            client.close(); // the server waits for clients to leave their connections, within the grace period
            assertTrue(shutdown.get(15, TimeUnit.SECONDS), "drained within the grace period");
        }
    }

    @Test
    void drainMovesHttp2ClientsToANewConnectionWhileInFlightRequestsFinish() throws Exception {
        var started = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        try (ApiServer server = ApiServer.builder().host("127.0.0.1").port(0).keyManager(PKI.servingKeyManager())
                .handler(exchange -> {
                    if (exchange.getRequestPath().equals("/slow")) {
                        started.countDown();
                        release.await();
                    }
                    // The client's port names the connection.
                    exchange.getResponseSender().send(exchange.getProtocol() + " "
                            + exchange.getSourceAddress().getPort());
                }).build().start()) {
            HttpClient client = HttpClient.newBuilder().sslContext(PKI.clientContext(null)).build();
            URI base = URI.create("https://127.0.0.1:" + server.port());
            String before = client.send(HttpRequest.newBuilder(base.resolve("/port")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(before.startsWith("HTTP/2.0 "), before);
            CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
                    HttpRequest.newBuilder(base.resolve("/slow")).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(started.await(10, TimeUnit.SECONDS));

            server.drain();
            Thread.sleep(200); // the GOAWAY reaches the client
            HttpResponse<String> after = client.send(HttpRequest.newBuilder(base.resolve("/port")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, after.statusCode(), "a request after the drain is served");
            assertTrue(!after.body().equals(before), "over a new connection: " + before + " then " + after.body());
            release.countDown();
            HttpResponse<String> slow = inFlight.get(10, TimeUnit.SECONDS);
            assertEquals(200, slow.statusCode());
            assertEquals(before, slow.body(), "the in-flight request finished on the old connection");

            CompletableFuture<Boolean> shutdown = inThread(() -> server.shutdown(Duration.ofSeconds(20)));
            client.close(); // the client leaves its connections; the server then stops at once
            assertTrue(shutdown.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void manySlowRequestsDoNotExhaustThreads() throws Exception {
        var release = new CountDownLatch(1);
        int concurrent = 64; // far more than the 2 worker threads and 1 I/O thread
        var arrived = new CountDownLatch(concurrent);
        try (ApiServer server = ApiServer.builder().host("127.0.0.1").port(0).keyManager(PKI.servingKeyManager())
                .ioThreads(1)
                .handler(exchange -> {
                    arrived.countDown();
                    release.await();
                    exchange.getResponseSender().send("ok");
                }).build().start();
                HttpClient client = HttpClient.newBuilder().sslContext(PKI.clientContext(null)).build()) {
            // One request first, so the rest share its HTTP/2 connection instead of each handshaking.
            client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/healthz")).build(),
                    HttpResponse.BodyHandlers.discarding());
            var responses = new java.util.ArrayList<CompletableFuture<HttpResponse<String>>>();
            for (int i = 0; i < concurrent; i++) {
                responses.add(client.sendAsync(
                        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/watch")).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            assertTrue(arrived.await(20, TimeUnit.SECONDS), "all requests are handled at once");
            assertEquals(200, get(PKI.clientContext(null), server.port(), "/healthz").statusCode());
            release.countDown();
            for (var response : responses) {
                assertEquals("ok", response.get(20, TimeUnit.SECONDS).body());
            }
        }
    }
}
