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
    /** Open HTTP/2 connections (Undertow makes a ServerConnection per stream; the channel is the TCP connection). */
    private final Set<Http2Channel> open = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;

    ConnectionDrainHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        ServerConnection connection = exchange.getConnection();
        Http2Channel channel = http2Channel(connection);
        if (draining) {
            if (channel != null) {
                goAway(connection, channel);
            } else {
                exchange.setPersistent(false);
            }
        } else if (channel != null && open.add(channel)) {
            channel.addCloseTask(open::remove);
            if (!channel.isOpen()) {
                open.remove(channel);
            }
        }
        next.handleRequest(exchange);
    }

    /** From now on, clients are asked to take their requests to new connections. */
    void drain() {
        draining = true;
        int count = 0;
        for (Http2Channel channel : open) {
            if (channel.isOpen()) {
                channel.getIoThread().execute(() -> channel.sendGoAway(Http2Channel.ERROR_NO_ERROR));
                count++;
            }
        }
        LOG.info("draining: GOAWAY sent on {} open HTTP/2 connection(s)", count);
    }

    /** Sends GOAWAY on the connection's I/O thread; Undertow sends it once per connection. */
    private static void goAway(ServerConnection connection, Http2Channel channel) {
        connection.getIoThread().execute(() -> channel.sendGoAway(Http2Channel.ERROR_NO_ERROR));
    }

    private static Http2Channel http2Channel(ServerConnection connection) {
        if (HTTP2_CHANNEL == null || !(connection instanceof Http2ServerConnection)) {
            return null;
        }
        try {
            return (Http2Channel) HTTP2_CHANNEL.get(connection);
        } catch (IllegalAccessException e) {
            return null;
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
