package dev.atrium.apiserver.server;

import dev.atrium.apiserver.status.StatusException;
import dev.atrium.apiserver.status.StatusResponse;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.Protocols;
import java.io.IOException;
import java.io.OutputStream;
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
 * <p>Over HTTP/1.1, Undertow discards the rest of the body after the 413 so the client can finish
 * sending and read the answer; that discarding stops at twice the limit: beyond it the connection
 * is closed. Over HTTP/2 (how kube-apiserver's proxy reaches us) the whole rest of the body, of
 * any length, is read and dropped <em>before</em> the 413 is sent: Undertow resets a stream whose
 * body is left unread, Go's client (kube-apiserver) then loses the answer it already had, and
 * kube-apiserver's shared connection stalls: every later request body on it times out (504).
 * Closing that connection instead would cut every watch on it.
 *
 * <p>The counting only turns into a 413 when {@code next} reads the body synchronously (blocking
 * mode, as after {@link VirtualThreadDispatchHandler}).
 */
public final class BodyLimitHandler implements HttpHandler {

    /** kube-apiserver's limit for a request body. */
    public static final long DEFAULT_LIMIT = 3L * 1024 * 1024;

    private final long limit;
    private final long discardLimit;
    private final HttpHandler next;

    public BodyLimitHandler(long limit, HttpHandler next) {
        this.limit = limit;
        this.discardLimit = 2 * limit;
        this.next = next;
    }

    public BodyLimitHandler(HttpHandler next) {
        this(DEFAULT_LIMIT, next);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        boolean http2 = Protocols.HTTP_2_0.equals(exchange.getProtocol());
        if (http2 && exchange.isRequestChannelAvailable()) {
            exchange.setMaxEntitySize(0); // Undertow's own limit would reset the stream: this handler limits
        }
        long declared = exchange.getRequestContentLength();
        if (declared > limit) {
            refuse(exchange, http2 ? drain(exchange) : declared <= discardLimit);
            return;
        }
        long discardAt = http2 ? Long.MAX_VALUE : discardLimit;
        exchange.addRequestWrapper((factory, ex) -> new LimitedSourceConduit(factory.create(), limit, discardAt));
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
            refuse(exchange, !http2 || drain(exchange));
        }
    }

    /** Reads the rest of the body and drops it; false when that fails. */
    private static boolean drain(HttpServerExchange exchange) {
        try {
            exchange.getInputStream().transferTo(OutputStream.nullOutputStream());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void refuse(HttpServerExchange exchange, boolean discardRest) {
        if (!discardRest) {
            exchange.setPersistent(false);
        }
        StatusResponse.send(exchange, StatusException.requestEntityTooLarge("limit is " + limit));
    }

    private static boolean causedByLimit(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RequestBodyTooLargeException || t instanceof RequestTooBigException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Fails the read that crosses the limit, once; later reads (Undertow discarding the rest of
     * the body after the 413) go on up to the discard limit.
     */
    private static final class LimitedSourceConduit extends AbstractStreamSourceConduit<StreamSourceConduit> {

        private final long limit;
        private final long discardLimit;
        private long total;
        private boolean refused;

        LimitedSourceConduit(StreamSourceConduit next, long limit, long discardLimit) {
            super(next);
            this.limit = limit;
            this.discardLimit = discardLimit;
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
                if (total > discardLimit || (total > limit && !refused)) {
                    refused = true;
                    throw new RequestBodyTooLargeException(limit);
                }
            }
            return read;
        }
    }
}
