package dev.atrium.apiserver.server;

import dev.atrium.apiserver.tls.ReloadingKeyManager;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Options;
import org.xnio.Sequence;
import org.xnio.SslClientAuthMode;

/**
 * The HTTPS listener of the API server: TLS 1.2+, HTTP/2, client certificates requested but not
 * required. Every request passes, in order: graceful-shutdown tracking, connection drain, the
 * health endpoints (no authentication), dispatch to a virtual thread in blocking mode, the body
 * limit, then the given handler (typically authentication, authorization, the API).
 *
 * <p>The serving certificate is swapped at runtime through the {@link ReloadingKeyManager}.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    private final Undertow undertow;
    private final GracefulShutdownHandler shutdownHandler;
    private final ConnectionDrainHandler drainHandler;
    private final ExecutorService requestExecutor;
    private volatile boolean stopped;

    private ApiServer(Builder builder) {
        this.requestExecutor = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("apiserver-request-", 0).factory());
        HttpHandler chain = new HealthHandler(builder.readiness,
                new VirtualThreadDispatchHandler(requestExecutor,
                        new BodyLimitHandler(builder.maxRequestBodyBytes, builder.handler)));
        this.drainHandler = new ConnectionDrainHandler(chain);
        this.shutdownHandler = new GracefulShutdownHandler(drainHandler);
        this.undertow = Undertow.builder()
                .addHttpsListener(builder.port, builder.host, sslContext(builder.keyManager))
                .setIoThreads(builder.ioThreads)
                // Requests run on virtual threads; the XNIO worker pool only serves Undertow internals.
                .setWorkerThreads(2)
                .setServerOption(UndertowOptions.ENABLE_HTTP2, true)
                // Undertow's own limit (2 MiB by default) only backs up BodyLimitHandler's.
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, builder.maxRequestBodyBytes * 2)
                .setSocketOption(Options.TCP_NODELAY, true)
                .setSocketOption(Options.SSL_CLIENT_AUTH_MODE, SslClientAuthMode.REQUESTED)
                .setSocketOption(Options.SSL_ENABLED_PROTOCOLS, Sequence.of("TLSv1.3", "TLSv1.2"))
                .setHandler(shutdownHandler)
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    static SSLContext sslContext(ReloadingKeyManager keyManager) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {keyManager},
                    new TrustManager[] {new AnyClientCertificateTrustManager()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create the TLS context", e);
        }
    }

    public ApiServer start() {
        undertow.start();
        LOG.info("API server listening on https://{}:{}", address().getHostString(), port());
        return this;
    }

    /** The bound address; with port 0 this tells the ephemeral port. */
    public InetSocketAddress address() {
        return (InetSocketAddress) undertow.getListenerInfo().getFirst().getAddress();
    }

    public int port() {
        return address().getPort();
    }

    /**
     * Asks clients to move elsewhere while every request is still served: HTTP/2 connections get
     * a graceful GOAWAY (streams already sent are served; the client opens a new connection for
     * the next request, which a load balancer gives to another server), HTTP/1.1 responses
     * {@code Connection: close}. Call when readiness turns false.
     */
    public void drain() {
        drainHandler.drain();
    }

    /**
     * Stops the server without failing a request: drains (if {@link #drain} was not called),
     * waits up to {@code gracePeriod} until no request is in flight and clients have closed
     * their HTTP/2 connections, then answers any later request with 503, lets the remaining
     * in-flight ones finish within what is left of the grace period, and closes the listener and
     * all connections. Readiness should already report false, and the caller may wait for load
     * balancers to notice, before calling this.
     *
     * @return whether every in-flight request finished within the grace period
     */
    public synchronized boolean shutdown(Duration gracePeriod) {
        if (stopped) {
            return true;
        }
        stopped = true;
        long deadline = System.nanoTime() + gracePeriod.toNanos();
        boolean drained;
        try {
            if (!drainHandler.draining()) {
                drainHandler.drain();
            }
            if (gracePeriod.isPositive()) {
                drainHandler.awaitIdle(gracePeriod);
            }
            shutdownHandler.shutdown();
            drained = shutdownHandler.awaitShutdown(Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        }
        if (!drained) {
            LOG.warn("in-flight requests did not finish within {}; closing their connections", gracePeriod);
        }
        undertow.stop();
        requestExecutor.shutdownNow();
        LOG.info("API server stopped");
        return drained;
    }

    @Override
    public void close() {
        shutdown(Duration.ZERO);
    }

    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = 8443;
        private ReloadingKeyManager keyManager;
        private BooleanSupplier readiness = () -> true;
        private HttpHandler handler;
        private long maxRequestBodyBytes = BodyLimitHandler.DEFAULT_LIMIT;
        private int ioThreads = Math.max(2, Runtime.getRuntime().availableProcessors());

        private Builder() {}

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** 0 picks an ephemeral port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder keyManager(ReloadingKeyManager keyManager) {
            this.keyManager = keyManager;
            return this;
        }

        public Builder readiness(BooleanSupplier readiness) {
            this.readiness = readiness;
            return this;
        }

        /** Handles every non-health request, on a virtual thread in blocking mode. */
        public Builder handler(HttpHandler handler) {
            this.handler = handler;
            return this;
        }

        public Builder maxRequestBodyBytes(long maxRequestBodyBytes) {
            this.maxRequestBodyBytes = maxRequestBodyBytes;
            return this;
        }

        public Builder ioThreads(int ioThreads) {
            this.ioThreads = ioThreads;
            return this;
        }

        public ApiServer build() {
            Objects.requireNonNull(keyManager, "keyManager");
            Objects.requireNonNull(handler, "handler");
            return new ApiServer(this);
        }
    }
}
