package dev.atrium.apiserver.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.concurrent.Executor;

/**
 * Moves a request off the I/O thread onto a virtual thread in blocking mode, so handlers may
 * block (calls to kube-apiserver, long watches) without holding an I/O or worker thread.
 */
public final class VirtualThreadDispatchHandler implements HttpHandler {

    private final Executor executor;
    private final HttpHandler next;

    /** {@code executor} should start a virtual thread per task. */
    public VirtualThreadDispatchHandler(Executor executor, HttpHandler next) {
        this.executor = executor;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.isInIoThread()) {
            exchange.dispatch(executor, this);
            return;
        }
        if (!exchange.isBlocking()) {
            exchange.startBlocking();
        }
        next.handleRequest(exchange);
    }
}
