package io.undertow.protocols.http2;

import java.io.IOException;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;

/**
 * The first GOAWAY of a graceful HTTP/2 shutdown (RFC 9113, section 6.8): last stream id
 * 2^31-1 and NO_ERROR. The client opens no new streams on the connection, every stream it
 * already sent is still served, and it closes the connection once idle.
 *
 * <p>Undertow's own {@link Http2Channel#sendGoAway} marks its GOAWAY as the connection's last
 * frame and closes the connection once it is written, which cuts off in-flight streams. This
 * frame is the same GOAWAY without that: it lives in Undertow's package because the frame
 * classes are package-private.
 */
public final class Http2ShutdownNotice extends Http2GoAwayStreamSinkChannel {

    private Http2ShutdownNotice(Http2Channel channel) {
        super(channel, Http2Channel.ERROR_NO_ERROR, Integer.MAX_VALUE);
    }

    @Override
    protected boolean isLastFrame() {
        return false;
    }

    /** Queues the notice on {@code channel}; call on the channel's I/O thread. */
    public static void send(Http2Channel channel) throws IOException {
        if (!channel.isOpen() || channel.isThisGoneAway()) {
            return;
        }
        Http2ShutdownNotice frame = new Http2ShutdownNotice(channel);
        frame.shutdownWrites();
        if (!frame.flush()) {
            frame.getWriteSetter().set(ChannelListeners.flushingChannelListener(null,
                    (sink, e) -> IoUtils.safeClose(channel)));
            frame.resumeWrites();
        }
    }
}
