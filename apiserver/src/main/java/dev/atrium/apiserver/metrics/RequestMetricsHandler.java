package dev.atrium.apiserver.metrics;

import dev.atrium.apiserver.request.RequestInfo;
import dev.atrium.apiserver.request.RequestInfoHandler;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/** Counts every request by verb, resource and code, and times it, when its response completes. */
public final class RequestMetricsHandler implements HttpHandler {

    private static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

    private final Metrics.Counter requests;
    private final Metrics.Histogram durations;
    private final HttpHandler next;

    public RequestMetricsHandler(Metrics metrics, HttpHandler next) {
        this.requests = metrics.counter("apiserver_request_total",
                "Requests by verb, resource and HTTP code.", "verb", "resource", "code");
        this.durations = metrics.histogram("apiserver_request_duration_seconds",
                "Response latency by verb and resource (watches: their whole duration).", BUCKETS, "verb", "resource");
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        long start = System.nanoTime();
        exchange.addExchangeCompleteListener((completed, nextListener) -> {
            try {
                RequestInfo info = RequestInfoHandler.info(completed);
                String verb = info.resourceRequest() ? info.verb() : completed.getRequestMethod().toString();
                String resource = info.resourceRequest() ? info.resource() : "";
                requests.inc(verb, resource, Integer.toString(completed.getStatusCode()));
                durations.observe((System.nanoTime() - start) / 1e9, verb, resource);
            } finally {
                nextListener.proceed();
            }
        });
        next.handleRequest(exchange);
    }
}
