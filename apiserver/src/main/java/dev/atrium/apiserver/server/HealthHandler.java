package dev.atrium.apiserver.server;

import dev.atrium.apiserver.status.StatusException;
import dev.atrium.apiserver.status.StatusResponse;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.util.function.BooleanSupplier;

/**
 * Answers {@code /healthz}, {@code /livez} and {@code /readyz} (and their sub-paths) without
 * authentication, as kube-apiserver does; everything else goes to {@code next}.
 * Readiness follows {@code ready}; liveness and health are unconditional while the server runs.
 */
public final class HealthHandler implements HttpHandler {

    private final BooleanSupplier ready;
    private final HttpHandler next;

    public HealthHandler(BooleanSupplier ready, HttpHandler next) {
        this.ready = ready;
        this.next = next;
    }

    public static boolean isHealthPath(String path) {
        return matches(path, "/healthz") || matches(path, "/livez") || matches(path, "/readyz");
    }

    private static boolean matches(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String path = exchange.getRequestPath();
        if (!isHealthPath(path)) {
            next.handleRequest(exchange);
            return;
        }
        if (!exchange.getRequestMethod().equals(Methods.GET) && !exchange.getRequestMethod().equals(Methods.HEAD)) {
            StatusResponse.send(exchange, StatusException.methodNotAllowed());
            return;
        }
        boolean ok = !matches(path, "/readyz") || ready.getAsBoolean();
        // kube-apiserver answers a failed check with 500 and a plain-text reason.
        exchange.setStatusCode(ok ? 200 : 500);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.X_CONTENT_TYPE_OPTIONS, "nosniff");
        exchange.getResponseSender().send(ok ? "ok" : "readyz check failed");
    }
}
