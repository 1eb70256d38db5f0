package dev.atrium.apiserver.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.ConduitReadableByteChannel;
import org.xnio.conduits.Conduits;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Refuses request bodies larger than a limit with 413 RequestEntityTooLarge before they are
 * buffered: a declared Content-Length over the limit is refused without reading the body; a
 * body of unknown length (chunked, or HTTP/2 without content-length) is counted as it is read,
 * and the read that crosses the limit fails with {@link RequestBodyTooLargeException}.
 *
 * <p>The counting only turns into a 413 when {@code next} reads the body synchronously (blocking
 * mode, as after {@link VirtualThreadDispatchHandler}).
 */
public final class BodyLimitHandler implements HttpHandler {

    /** kube-apiserver's limit for a request body. */
    public static final long DEFAULT_LIMIT = 3L * 1024 * 1024;

    private final long limit;
    private final HttpHandler next;

    public BodyLimitHandler(long limit, HttpHandler next) {
        this.limit = limit;
        this.next = next;
    }

    public BodyLimitHandler(HttpHandler next) {
        this(DEFAULT_LIMIT, next);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.getRequestContentLength() > limit) {
            refuse(exchange);
            return;
        }
        exchange.addRequestWrapper((factory, ex) -> new LimitedSourceConduit(factory.create(), limit));
        try {
            next.handleRequest(exchange);
        } catch (Exception e) {
            if (!causedByLimit(e)) {
                throw e;
            }
            if (exchange.isResponseStarted()) {
                exchange.setPersistent(false);
                throw e;
            }
            refuse(exchange);
        }
    }

    private void refuse(HttpServerExchange exchange) {
        // The unread rest of the body is not drained: the connection closes after the answer.
        exchange.setPersistent(false);
        StatusJson.send(exchange, 413, "RequestEntityTooLarge",
                "Request entity too large: limit is " + limit);
    }

    private static boolean causedByLimit(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RequestBodyTooLargeException) {
                return true;
            }
        }
        return false;
    }

    private static final class LimitedSourceConduit extends AbstractStreamSourceConduit<StreamSourceConduit> {

        private final long limit;
        private long total;

        LimitedSourceConduit(StreamSourceConduit next, long limit) {
            super(next);
            this.limit = limit;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return (int) count(super.read(dst));
        }

        @Override
        public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
            return count(super.read(dsts, offs, len));
        }

        // Transfers go through read() so they are counted too.
        @Override
        public long transferTo(long position, long count, FileChannel target) throws IOException {
            return target.transferFrom(new ConduitReadableByteChannel(this), position, count);
        }

        @Override
        public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target) throws IOException {
            return Conduits.transfer(this, count, throughBuffer, target);
        }

        private long count(long read) throws RequestBodyTooLargeException {
            if (read > 0) {
                total += read;
                if (total > limit) {
                    throw new RequestBodyTooLargeException(limit);
                }
            }
            return read;
        }
    }
}
