package dev.atrium.apiserver.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.atrium.apiserver.authn.AuthenticationHandler;
import dev.atrium.apiserver.authn.ClientCertificateAuthenticator;
import dev.atrium.apiserver.authn.ClientCertificateVerifier;
import dev.atrium.apiserver.server.ApiServer;
import dev.atrium.apiserver.testing.TestPki;
import dev.atrium.apiserver.tls.CertifiedKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The authorization handler behind authentication, through a real {@link ApiServer}. */
class AuthorizationHandlerTest {

    private static final TestPki PKI = new TestPki();
    private static ApiServer server;

    @BeforeAll
    static void start() {
        // Only "get" on projects is allowed; members of system:masters may do anything.
        Authorizer authorizer = PrivilegedGroupAuthorizer.systemMasters(attributes -> {
            if (attributes.path().equals("/broken")) {
                throw new AuthorizationException("kube-apiserver unreachable", null);
            }
            return attributes.verb().equals("get") ? Decision.allow("") : Decision.noOpinion("");
        });
        // A stand-in for the request package: /<verb>/<namespace>/<name> on projects.
        RequestAttributesResolver resolver = (exchange, user) -> {
            String[] parts = exchange.getRequestPath().split("/");
            if (parts.length < 4) {
                return RequestAttributes.forPath(user, "get", exchange.getRequestPath());
            }
            return RequestAttributes.forResource(user, parts[1], "management.atrium.dev", "v1", "projects", "",
                    parts[2].equals("-") ? "" : parts[2], parts[3], exchange.getRequestPath());
        };
        server = ApiServer.builder().host("127.0.0.1").port(0).keyManager(PKI.servingKeyManager())
                .handler(new AuthenticationHandler(
                        new ClientCertificateAuthenticator(() -> List.of(PKI.clientCa.certificate()),
                                new ClientCertificateVerifier()),
                        new AuthorizationHandler(authorizer, resolver, exchange -> exchange.getResponseSender()
                                .send(AuthorizationHandler.attributes(exchange).orElseThrow().verb()))))
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(CertifiedKey user, String path) throws Exception {
        try (HttpClient client = HttpClient.newBuilder().sslContext(PKI.clientContext(user)).build()) {
            return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void allowedRequestsReachTheHandlerWithTheirAttributes() throws Exception {
        CertifiedKey bob = PKI.clientCa.issueClient("bob", List.of(), TestPki.VALIDITY);
        var response = get(bob, "/get/-/web");
        assertEquals(200, response.statusCode());
        assertEquals("get", response.body());
    }

    @Test
    void refusedRequestsGetAKubernetesForbiddenStatus() throws Exception {
        CertifiedKey bob = PKI.clientCa.issueClient("bob", List.of(), TestPki.VALIDITY);
        var response = get(bob, "/delete/p-team/web");
        assertEquals(403, response.statusCode());
        JsonObject status = JsonParser.parseString(response.body()).getAsJsonObject();
        assertEquals("Status", status.get("kind").getAsString());
        assertEquals("Forbidden", status.get("reason").getAsString());
        assertEquals(403, status.get("code").getAsInt());
        assertEquals("projects.management.atrium.dev \"web\" is forbidden: User \"bob\" cannot delete resource "
                + "\"projects\" in API group \"management.atrium.dev\" in the namespace \"p-team\"",
                status.get("message").getAsString());
        JsonObject details = status.getAsJsonObject("details");
        assertEquals("web", details.get("name").getAsString());
        assertEquals("management.atrium.dev", details.get("group").getAsString());
        assertEquals("projects", details.get("kind").getAsString());
    }

    @Test
    void systemMastersAreAllowed() throws Exception {
        CertifiedKey admin = PKI.clientCa.issueClient("admin", List.of("system:masters"), TestPki.VALIDITY);
        assertEquals(200, get(admin, "/delete/p-team/web").statusCode());
    }

    @Test
    void authorizerFailureIsAnInternalError() throws Exception {
        CertifiedKey bob = PKI.clientCa.issueClient("bob", List.of(), TestPki.VALIDITY);
        var response = get(bob, "/broken");
        assertEquals(500, response.statusCode());
        assertEquals("InternalError", JsonParser.parseString(response.body()).getAsJsonObject()
                .get("reason").getAsString());
    }
}
