package dev.atrium.apiserver;

import dev.atrium.apiserver.access.ProjectAccess;
import dev.atrium.apiserver.authn.AuthenticationConfigSource;
import dev.atrium.apiserver.authn.AuthenticationHandler;
import dev.atrium.apiserver.authn.ClientCertificateAuthenticator;
import dev.atrium.apiserver.authn.ClientCertificateVerifier;
import dev.atrium.apiserver.authn.KubernetesTokenReviewer;
import dev.atrium.apiserver.authn.RequestHeaderAuthenticator;
import dev.atrium.apiserver.authn.TokenReviewAuthenticator;
import dev.atrium.apiserver.authn.UnionAuthenticator;
import dev.atrium.apiserver.authz.AuthorizationHandler;
import dev.atrium.apiserver.authz.CachingAuthorizer;
import dev.atrium.apiserver.authz.KubernetesSubjectAccessReviews;
import dev.atrium.apiserver.authz.PrivilegedGroupAuthorizer;
import dev.atrium.apiserver.authz.RequestInfoAttributes;
import dev.atrium.apiserver.authz.SubjectAccessReviewAuthorizer;
import dev.atrium.apiserver.metrics.Metrics;
import dev.atrium.apiserver.metrics.RequestMetricsHandler;
import dev.atrium.apiserver.quota.QuotaLedger;
import dev.atrium.apiserver.request.RequestInfoHandler;
import dev.atrium.apiserver.resource.PlatformResources;
import dev.atrium.apiserver.rest.ApiRouter;
import dev.atrium.apiserver.rest.OpenWatches;
import dev.atrium.apiserver.rest.ResourceHandler;
import dev.atrium.apiserver.server.ApiServer;
import dev.atrium.apiserver.storage.StorageClient;
import dev.atrium.apiserver.tls.ReloadingKeyManager;
import io.kubernetes.client.openapi.ApiClient;
import io.undertow.server.HttpHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Assembles the aggregated API server: a request enters Undertow (TLS, health, body limit,
 * virtual thread), is authenticated (front-proxy headers, client certificate, bearer token),
 * authorized (SubjectAccessReview), and routed to discovery, OpenAPI, or the resource handler.
 */
public final class AtriumApiServer implements AutoCloseable {

    private final AuthenticationConfigSource authenticationConfig;
    private final ApiServer server;
    private final OpenWatches watches;
    private final ProjectAccess access;

    private AtriumApiServer(AuthenticationConfigSource authenticationConfig, ApiServer server, OpenWatches watches,
            ProjectAccess access) {
        this.authenticationConfig = authenticationConfig;
        this.server = server;
        this.watches = watches;
        this.access = access;
    }

    /**
     * @param kube      Atrium's own client to kube-apiserver (its service account)
     * @param namespace Atrium's own namespace (quota ledgers)
     * @param readiness what {@code /readyz} reports, beside the server being up and its mirrors synced
     * @param metrics   the registry {@code /metrics} renders; other parts of the replica add to it
     */
    public static AtriumApiServer start(ApiClient kube, String namespace, String host, int port,
            ReloadingKeyManager keyManager, BooleanSupplier readiness, Metrics metrics) {
        AuthenticationConfigSource config = AuthenticationConfigSource.forCluster(kube, AuthenticationConfigSource.DEFAULT_PERIOD);
        config.start();
        ClientCertificateVerifier verifier = new ClientCertificateVerifier();
        var authenticator = new UnionAuthenticator(
                new RequestHeaderAuthenticator(config.requestHeader(), verifier),
                new ClientCertificateAuthenticator(config.clientCa(), verifier),
                new TokenReviewAuthenticator(new KubernetesTokenReviewer(kube, List.of())));
        var authorizer = PrivilegedGroupAuthorizer.systemMasters(
                new CachingAuthorizer(new SubjectAccessReviewAuthorizer(new KubernetesSubjectAccessReviews(kube))));
        OpenWatches watches = new OpenWatches();
        metrics.gauge("atrium_open_watches", "Watches this replica is serving.", watches::size);
        StorageClient storage = new StorageClient(kube);
        ProjectAccess access = ProjectAccess.start(storage, authorizer);
        HttpHandler api = new ApiRouter(PlatformResources.all(),
                new ResourceHandler(storage, watches, access, new QuotaLedger(storage, namespace, Clock.systemUTC())),
                metrics);
        HttpHandler chain = new RequestInfoHandler(new RequestMetricsHandler(metrics, new AuthenticationHandler(
                authenticator, new AuthorizationHandler(authorizer, new RequestInfoAttributes(), api))));
        ApiServer server = ApiServer.builder().host(host).port(port).keyManager(keyManager)
                .readiness(() -> access.synced() && readiness.getAsBoolean()).handler(chain).build().start();
        return new AtriumApiServer(config, server, watches, access);
    }

    public int port() {
        return server.port();
    }

    /** Asks clients to take their next requests elsewhere; requests are still served. */
    public void drain() {
        server.drain();
    }

    /**
     * Ends open watches, waits within {@code grace} for in-flight requests and for clients to
     * leave their connections, and closes.
     */
    public void shutdown(Duration grace) {
        watches.closeAll();
        server.shutdown(grace);
        authenticationConfig.close();
        access.close();
    }

    @Override
    public void close() {
        shutdown(Duration.ZERO);
    }
}
