package dev.atrium.apiserver.request;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;

/**
 * Reads what a request is about ({@link RequestInfo}, {@link QueryParameters}) once, first, and
 * attaches it to the exchange for metrics, authorization and routing, as kube-apiserver's
 * WithRequestInfo filter puts it in the request context.
 */
public final class RequestInfoHandler implements HttpHandler {

    private static final AttachmentKey<RequestInfo> INFO = AttachmentKey.create(RequestInfo.class);
    private static final AttachmentKey<QueryParameters> QUERY = AttachmentKey.create(QueryParameters.class);

    private final HttpHandler next;

    public RequestInfoHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        QueryParameters query = QueryParameters.parse(exchange.getQueryString());
        exchange.putAttachment(QUERY, query);
        exchange.putAttachment(INFO, RequestInfoParser.parse(exchange.getRequestMethod().toString(),
                exchange.getRequestPath(), query));
        next.handleRequest(exchange);
    }

    /** The request's info; parsed here when no {@code RequestInfoHandler} ran before (handlers used alone). */
    public static RequestInfo info(HttpServerExchange exchange) {
        RequestInfo info = exchange.getAttachment(INFO);
        return info != null ? info
                : RequestInfoParser.parse(exchange.getRequestMethod().toString(), exchange.getRequestPath(), query(exchange));
    }

    public static QueryParameters query(HttpServerExchange exchange) {
        QueryParameters query = exchange.getAttachment(QUERY);
        return query != null ? query : QueryParameters.parse(exchange.getQueryString());
    }
}
