package dev.atrium.apiserver.authn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.atrium.apiserver.server.ApiServer;
import dev.atrium.apiserver.testing.TestPki;
import dev.atrium.apiserver.tls.CertifiedKey;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Authentication through a real {@link ApiServer} on 127.0.0.1: TLS clients with and without
 * certificates, forged front-proxy headers, and a CA change at runtime.
 */
class AuthenticationOverTlsTest {

    private static final TestPki PKI = new TestPki();
    private static final AtomicReference<AuthenticationConfig> CONFIG = new AtomicReference<>();
    private static final AtomicBoolean READY = new AtomicBoolean(true);
    private static ApiServer server;

    @BeforeAll
    static void start() {
        CONFIG.set(standardConfig());
        Authenticator authenticator = new UnionAuthenticator(
                new RequestHeaderAuthenticator(() -> CONFIG.get().requestHeader(), new ClientCertificateVerifier()),
                new ClientCertificateAuthenticator(() -> CONFIG.get().clientCa(), new ClientCertificateVerifier()),
                new TokenReviewAuthenticator(token -> token.equals("good-token")
                        ? TokenReviewer.Review.of(new UserInfo("token-user", List.of("token-group")))
                        : TokenReviewer.Review.rejected("unknown token")));
        server = ApiServer.builder()
                .host("127.0.0.1")
                .port(0)
                .keyManager(PKI.servingKeyManager())
                .readiness(READY::get)
                .handler(new AuthenticationHandler(authenticator, AuthenticationOverTlsTest::echoUser))
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static AuthenticationConfig standardConfig() {
        return AuthenticationConfig.fromConfigMapData(Map.of(
                "client-ca-file", PKI.clientCa.certifiedKey().certificatePem(),
                "requestheader-client-ca-file", PKI.frontProxyCa.certifiedKey().certificatePem(),
                "requestheader-allowed-names", "[\"front-proxy-client\"]",
                "requestheader-username-headers", "[\"X-Remote-User\"]",
                "requestheader-group-headers", "[\"X-Remote-Group\"]",
                "requestheader-extra-headers-prefix", "[\"X-Remote-Extra-\"]"));
    }

    /** Answers with the authenticated user and any identity header that reached the handler. */
    private static void echoUser(HttpServerExchange exchange) {
        UserInfo user = AuthenticationHandler.user(exchange).orElseThrow();
        var json = new Gson().toJsonTree(user).getAsJsonObject();
        json.addProperty("remoteUserHeader", exchange.getRequestHeaders().getFirst("X-Remote-User"));
        json.addProperty("protocol", exchange.getProtocol().toString());
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(json.toString());
    }

    private static HttpResponse<String> get(CertifiedKey clientKey, String path, String... headers) throws Exception {
        try (HttpClient client = HttpClient.newBuilder()
                .sslContext(PKI.clientContext(clientKey))
                .connectTimeout(Duration.ofSeconds(5))
                .build()) {
            var request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + path))
                    .timeout(Duration.ofSeconds(10));
            if (headers.length > 0) {
                request.headers(headers);
            }
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static JsonObject json(HttpResponse<String> response) {
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    private static void assertUnauthorized(HttpResponse<String> response) {
        assertEquals(401, response.statusCode(), response.body());
        JsonObject status = json(response);
        assertEquals("Status", status.get("kind").getAsString());
        assertEquals("Unauthorized", status.get("reason").getAsString());
        assertEquals(401, status.get("code").getAsInt());
    }

    @Test
    void frontProxyWithAllowedNameAuthenticatesUserFromHeaders() throws Exception {
        var response = get(PKI.frontProxy, "/apis/management.atrium.dev/v1",
                "X-Remote-User", "alice",
                "X-Remote-Group", "team-a",
                "X-Remote-Group", "system:authenticated",
                "X-Remote-Extra-Scopes", "openid",
                "X-Remote-Extra-Acme.com%2Fproject", "p1");
        assertEquals(200, response.statusCode(), response.body());
        JsonObject user = json(response);
        assertEquals("alice", user.get("name").getAsString());
        assertEquals("[\"team-a\",\"system:authenticated\"]", user.get("groups").toString());
        assertEquals("[\"openid\"]", user.getAsJsonObject("extra").get("scopes").toString());
        assertEquals("[\"p1\"]", user.getAsJsonObject("extra").get("acme.com/project").toString());
        assertTrue(user.get("remoteUserHeader") == null || user.get("remoteUserHeader").isJsonNull(),
                "identity headers are stripped before the next handler");
        assertEquals("HTTP/2.0", user.get("protocol").getAsString());
    }

    @Test
    void frontProxyCertificateWithNameNotAllowedIsRejected() throws Exception {
        CertifiedKey stranger = PKI.frontProxyCa.issueClient("someone-else", List.of(), TestPki.VALIDITY);
        assertUnauthorized(get(stranger, "/apis", "X-Remote-User", "alice"));
    }

    @Test
    void frontProxyNameSignedByAnotherCaIsRejected() throws Exception {
        CertifiedKey forged = PKI.otherCa.issueClient(TestPki.FRONT_PROXY_CN, List.of(), TestPki.VALIDITY);
        assertUnauthorized(get(forged, "/apis", "X-Remote-User", "alice", "X-Remote-Group", "system:masters"));
    }

    @Test
    void forgedHeadersWithoutCertificateAreUnauthorized() throws Exception {
        assertUnauthorized(get(null, "/apis", "X-Remote-User", "alice", "X-Remote-Group", "system:masters"));
    }

    @Test
    void anyNameSignedByTheCaIsTrustedWhenNoNamesAreListed() throws Exception {
        AuthenticationConfig standard = CONFIG.get();
        RequestHeaderConfig headers = standard.requestHeader();
        CONFIG.set(new AuthenticationConfig(standard.clientCa(), new RequestHeaderConfig(headers.clientCa(),
                List.of(), headers.usernameHeaders(), headers.uidHeaders(), headers.groupHeaders(),
                headers.extraHeaderPrefixes())));
        try {
            CertifiedKey other = PKI.frontProxyCa.issueClient("aggregator", List.of(), TestPki.VALIDITY);
            var response = get(other, "/apis", "X-Remote-User", "alice");
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("alice", json(response).get("name").getAsString());
        } finally {
            CONFIG.set(standardConfig());
        }
    }

    @Test
    void clientCertificateAuthenticatesCommonNameAndIgnoresForgedHeaders() throws Exception {
        CertifiedKey bob = PKI.clientCa.issueClient("bob", List.of("team-a", "team-b"), TestPki.VALIDITY);
        var response = get(bob, "/apis", "X-Remote-User", "mallory");
        assertEquals(200, response.statusCode(), response.body());
        JsonObject user = json(response);
        assertEquals("bob", user.get("name").getAsString());
        assertEquals("[\"team-a\",\"team-b\",\"system:authenticated\"]", user.get("groups").toString());
        assertTrue(user.get("remoteUserHeader") == null || user.get("remoteUserHeader").isJsonNull());
    }

    @Test
    void bearerTokenIsReviewed() throws Exception {
        var response = get(null, "/apis", "Authorization", "Bearer good-token");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("token-user", json(response).get("name").getAsString());
        assertUnauthorized(get(null, "/apis", "Authorization", "Bearer bad-token"));
    }

    @Test
    void noCredentialsIsUnauthorized() throws Exception {
        assertUnauthorized(get(null, "/apis"));
    }

    @Test
    void requestHeaderCaChangeTakesEffectWithoutRestart() throws Exception {
        CertifiedKey otherProxy = PKI.otherCa.issueClient(TestPki.FRONT_PROXY_CN, List.of(), TestPki.VALIDITY);
        AuthenticationConfig standard = CONFIG.get();
        RequestHeaderConfig headers = standard.requestHeader();
        CONFIG.set(new AuthenticationConfig(standard.clientCa(), new RequestHeaderConfig(
                List.of(PKI.otherCa.certificate()), headers.allowedNames(), headers.usernameHeaders(),
                headers.uidHeaders(), headers.groupHeaders(), headers.extraHeaderPrefixes())));
        try {
            assertEquals(200, get(otherProxy, "/apis", "X-Remote-User", "alice").statusCode());
            assertUnauthorized(get(PKI.frontProxy, "/apis", "X-Remote-User", "alice"));
        } finally {
            CONFIG.set(standardConfig());
        }
    }

    @Test
    void healthEndpointsNeedNoAuthentication() throws Exception {
        assertEquals(200, get(null, "/healthz").statusCode());
        assertEquals(200, get(null, "/livez").statusCode());
        assertEquals("ok", get(null, "/readyz").body());
        READY.set(false);
        try {
            assertEquals(500, get(null, "/readyz").statusCode());
            assertEquals(200, get(null, "/livez").statusCode());
        } finally {
            READY.set(true);
        }
    }
}
