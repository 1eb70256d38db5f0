package dev.atrium.apiserver.server;

import io.undertow.protocols.http2.Http2Channel;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.server.protocol.http2.Http2ServerConnection;
import java.lang.reflect.Field;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves clients' persistent connections off a server that is about to stop. A load balancer in
 * TCP mode (HAProxy in front of the replicas) takes a draining replica out of rotation for new
 * connections only; kube-apiserver keeps sending requests over its open HTTP/2 connection, and
 * those would meet the 503 of the graceful shutdown. Once {@link #drain()} is called, every open
 * HTTP/2 connection gets a GOAWAY (its in-flight streams finish; the client opens a new
 * connection, which the balancer sends elsewhere), and so does any connection that brings a
 * request later; an HTTP/1.1 response carries {@code Connection: close}.
 */
final class ConnectionDrainHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionDrainHandler.class);
    private static final Field HTTP2_CHANNEL = http2ChannelField();

    private final HttpHandler next;
    private final Set<ServerConnection> open = ConcurrentHashMap.newKeySet();
    private final Set<ServerConnection> goneAway = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;

    ConnectionDrainHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        ServerConnection connection = exchange.getConnection();
        if (draining) {
            if (connection instanceof Http2ServerConnection) {
                goAway(connection);
            } else {
                exchange.setPersistent(false);
            }
        } else if (open.add(connection)) {
            connection.addCloseListener(closed -> {
                open.remove(closed);
                goneAway.remove(closed);
            });
        }
        next.handleRequest(exchange);
    }

    /** From now on, clients are asked to take their requests to new connections. */
    void drain() {
        draining = true;
        int count = 0;
        for (ServerConnection connection : open) {
            if (connection instanceof Http2ServerConnection && goAway(connection)) {
                count++;
            }
        }
        LOG.info("draining: GOAWAY sent on {} open HTTP/2 connection(s)", count);
    }

    private boolean goAway(ServerConnection connection) {
        if (HTTP2_CHANNEL == null || !goneAway.add(connection)) {
            return false;
        }
        try {
            Http2Channel channel = (Http2Channel) HTTP2_CHANNEL.get(connection);
            // Frames are written on the connection's I/O thread.
            connection.getIoThread().execute(() -> channel.sendGoAway(Http2Channel.ERROR_NO_ERROR));
            return true;
        } catch (IllegalAccessException | RuntimeException e) {
            LOG.warn("cannot send GOAWAY: {}", e.toString());
            return false;
        }
    }

    /** Undertow keeps the HTTP/2 channel of a connection private; without it, draining falls back to the 503s. */
    private static Field http2ChannelField() {
        try {
            Field field = Http2ServerConnection.class.getDeclaredField("channel");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("HTTP/2 connections cannot be drained with GOAWAY: {}", e.toString());
            return null;
        }
    }
}
