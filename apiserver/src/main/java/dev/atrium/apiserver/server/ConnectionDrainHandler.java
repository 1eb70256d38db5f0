package dev.atrium.apiserver.server;

import io.undertow.protocols.http2.Http2Channel;
import io.undertow.protocols.http2.Http2ShutdownNotice;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.server.protocol.http2.Http2ServerConnection;
import java.io.IOException;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves clients off a server that is about to stop, without failing a request. A load balancer
 * in TCP mode (HAProxy in front of the replicas) only steers new connections; kube-apiserver
 * keeps sending requests over its one HTTP/2 connection. Once {@link #drain()} is called, every
 * HTTP/2 connection gets a graceful GOAWAY ({@link Http2ShutdownNotice}): the client sends its
 * next requests over a new connection, which the balancer gives to another replica, while
 * everything already sent on the old one is served. HTTP/1.1 responses carry
 * {@code Connection: close}. {@link #awaitIdle} tells when no request is in flight and the
 * clients have closed their HTTP/2 connections.
 */
final class ConnectionDrainHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionDrainHandler.class);
    private static final Field HTTP2_CHANNEL = http2ChannelField();

    private final HttpHandler next;
    /** Open HTTP/2 connections that carried a request (Undertow makes a ServerConnection per stream). */
    private final Set<Http2Channel> open = ConcurrentHashMap.newKeySet();
    private final Set<Http2Channel> noticed = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean draining;

    ConnectionDrainHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        inFlight.incrementAndGet();
        exchange.addExchangeCompleteListener((done, nextListener) -> {
            inFlight.decrementAndGet();
            nextListener.proceed();
        });
        Http2Channel channel = http2Channel(exchange.getConnection());
        if (channel != null && open.add(channel)) {
            channel.addCloseTask(closed -> {
                open.remove(closed);
                noticed.remove(closed);
            });
            if (!channel.isOpen()) {
                open.remove(channel);
            }
        }
        if (draining) {
            if (channel != null) {
                notice(channel);
            } else {
                exchange.setPersistent(false);
            }
        }
        next.handleRequest(exchange);
    }

    /** From now on, clients are asked to take their requests to new connections. */
    void drain() {
        draining = true;
        open.forEach(this::notice);
        LOG.info("draining: GOAWAY on {} open HTTP/2 connection(s), {} request(s) in flight", open.size(), inFlight.get());
    }

    boolean draining() {
        return draining;
    }

    /**
     * Waits until no request is in flight and every HTTP/2 connection that carried one is
     * closed (clients close them once idle after the GOAWAY).
     *
     * @return whether that happened within {@code timeout}
     */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0 || open.stream().anyMatch(Http2Channel::isOpen)) {
            if (System.nanoTime() - deadline > 0) {
                LOG.warn("{} request(s) in flight and {} HTTP/2 connection(s) open after {}", inFlight.get(),
                        open.size(), timeout);
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private void notice(Http2Channel channel) {
        if (!noticed.add(channel)) {
            return;
        }
        // Frames are written on the connection's I/O thread.
        channel.getIoThread().execute(() -> {
            try {
                Http2ShutdownNotice.send(channel);
            } catch (IOException | RuntimeException e) {
                LOG.debug("GOAWAY to {}: {}", channel.getPeerAddress(), e.toString());
            }
        });
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

    /** Undertow keeps a stream's connection private; without it, HTTP/2 clients are not drained. */
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
