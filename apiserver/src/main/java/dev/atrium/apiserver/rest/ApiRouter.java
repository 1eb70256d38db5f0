package dev.atrium.apiserver.rest;

import com.google.gson.JsonObject;
import dev.atrium.apiserver.discovery.DiscoveryDocuments;
import dev.atrium.apiserver.discovery.ETag;
import dev.atrium.apiserver.json.Json;
import dev.atrium.apiserver.metrics.Metrics;
import dev.atrium.apiserver.openapi.OpenApiDocuments;
import dev.atrium.apiserver.request.QueryParameters;
import dev.atrium.apiserver.request.RequestInfo;
import dev.atrium.apiserver.request.RequestInfoHandler;
import dev.atrium.apiserver.resource.PlatformResources;
import dev.atrium.apiserver.resource.ResourceDefinition;
import dev.atrium.apiserver.server.RequestBodyTooLargeException;
import dev.atrium.apiserver.status.StatusException;
import dev.atrium.apiserver.status.StatusResponse;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes an authenticated, authorized request: discovery and OpenAPI documents, or a resource
 * request to the one generic {@link ResourceHandler}. Every failure leaves as a Status.
 */
public final class ApiRouter implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);
    private static final String GROUP_PATH = "/apis/" + PlatformResources.GROUP;
    private static final String VERSION_PATH = GROUP_PATH + "/" + PlatformResources.VERSION;

    private final List<ResourceDefinition> resources;
    private final ResourceHandler resourceHandler;
    private final DiscoveryDocuments discovery;
    private final OpenApiDocuments openApi;
    private final Document apiGroupList;
    private final Document aggregatedDiscovery;
    private final Document apiGroup;
    private final Document apiResourceList;
    private final Document openApiV2;
    private final Document openApiV3Root;
    private final Document openApiV3GroupVersion;

    private final Metrics metrics;

    public ApiRouter(List<ResourceDefinition> resources, ResourceHandler resourceHandler, Metrics metrics) {
        this.metrics = metrics;
        this.resources = List.copyOf(resources);
        this.resourceHandler = resourceHandler;
        this.discovery = new DiscoveryDocuments(resources);
        this.openApi = new OpenApiDocuments(resources);
        this.apiGroupList = Document.json(discovery.apiGroupList());
        this.aggregatedDiscovery = new Document(DiscoveryDocuments.AGGREGATED_CONTENT_TYPE,
                Json.toBytes(discovery.apiGroupDiscoveryList()));
        this.apiGroup = Document.json(discovery.apiGroup());
        this.apiResourceList = Document.json(discovery.apiResourceList());
        this.openApiV2 = new Document(Responses.JSON, openApi.v2Bytes());
        this.openApiV3Root = Document.json(openApi.v3Root());
        this.openApiV3GroupVersion = new Document(Responses.JSON, openApi.v3GroupVersionBytes());
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        try {
            route(exchange);
        } catch (StatusException failure) {
            StatusResponse.send(exchange, failure);
        } catch (RequestBodyTooLargeException tooLarge) {
            throw tooLarge; // the client's body, not storage: BodyLimitHandler answers 413
        } catch (java.io.IOException e) {
            LOG.warn("{} {}: kube-apiserver unreachable: {}", exchange.getRequestMethod(), exchange.getRequestPath(),
                    e.toString());
            if (!exchange.isResponseStarted()) {
                StatusResponse.send(exchange, StatusException.serviceUnavailable("storage is unavailable: " + e.getMessage()));
            }
        }
    }

    private void route(HttpServerExchange exchange) throws Exception {
        QueryParameters query = RequestInfoHandler.query(exchange);
        String method = exchange.getRequestMethod().toString();
        RequestInfo request = RequestInfoHandler.info(exchange);
        if (request.resourceRequest()) {
            if (!request.apiGroup().equals(PlatformResources.GROUP) || !request.apiVersion().equals(PlatformResources.VERSION)) {
                throw StatusException.noSuchPath();
            }
            ResourceDefinition resource = resources.stream().filter(r -> r.plural().equals(request.resource()))
                    .findFirst().orElseThrow(StatusException::noSuchPath);
            resourceHandler.handle(exchange, request, resource, query);
            return;
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw StatusException.methodNotAllowed("", "", method);
        }
        if (exchange.getRequestPath().equals("/metrics")) {
            Responses.bytes(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                    metrics.render().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        Document document = document(exchange, exchange.getRequestPath(), query)
                .orElseThrow(StatusException::noSuchPath);
        document.send(exchange);
    }

    private Optional<Document> document(HttpServerExchange exchange, String path, QueryParameters query) {
        String accept = exchange.getRequestHeaders().getFirst(Headers.ACCEPT);
        return switch (stripTrailingSlash(path)) {
            case "/apis" -> Optional.of(DiscoveryDocuments.acceptsAggregated(accept) ? aggregatedDiscovery : apiGroupList);
            case GROUP_PATH -> Optional.of(apiGroup);
            case VERSION_PATH -> Optional.of(apiResourceList);
            case "/openapi/v2" -> Optional.of(openApiV2);
            case "/openapi/v3" -> Optional.of(openApiV3Root);
            default -> {
                if (path.equals("/openapi/v3/" + openApi.v3GroupVersionPath())
                        || path.equals("/openapi/v3/apis/" + PlatformResources.GROUP + "/" + PlatformResources.VERSION)) {
                    String hash = query.first("hash");
                    if (hash != null && !hash.equals(openApi.v3Hash())) {
                        // As kube-apiserver: an outdated hash redirects to the current document.
                        exchange.getResponseHeaders().put(Headers.LOCATION, path + "?hash=" + openApi.v3Hash());
                        yield Optional.of(new Document(Responses.JSON, new byte[0], 301));
                    }
                    yield Optional.of(hash == null ? openApiV3GroupVersion : openApiV3GroupVersion.asImmutable());
                }
                yield Optional.empty();
            }
        };
    }

    private static String stripTrailingSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** A document computed once from the resource definitions, answered with an ETag. */
    private record Document(String contentType, byte[] body, int code, String etag, boolean immutable) {

        Document(String contentType, byte[] body) {
            this(contentType, body, 200, ETag.of(body), false);
        }

        Document(String contentType, byte[] body, int code) {
            this(contentType, body, code, "", false);
        }

        static Document json(JsonObject object) {
            return new Document(Responses.JSON, Json.toBytes(object));
        }

        Document asImmutable() {
            return new Document(contentType, body, code, etag, true);
        }

        void send(HttpServerExchange exchange) {
            if (!etag.isEmpty()) {
                exchange.getResponseHeaders().put(Headers.ETAG, etag);
                exchange.getResponseHeaders().put(Headers.CACHE_CONTROL,
                        immutable ? "public, immutable, max-age=31536000" : "no-cache, private");
                exchange.getResponseHeaders().put(HttpString.tryFromString("Vary"), "Accept");
                if (ETag.matches(exchange.getRequestHeaders().getFirst(Headers.IF_NONE_MATCH), etag)) {
                    exchange.setStatusCode(304);
                    exchange.endExchange();
                    return;
                }
            }
            Responses.bytes(exchange, code, contentType, body);
        }
    }
}
