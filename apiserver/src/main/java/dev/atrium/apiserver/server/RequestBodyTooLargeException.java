package dev.atrium.apiserver.server;

import java.io.IOException;

/**
 * Thrown from a request body read once the body exceeds the limit. Code that reads bodies must
 * let it propagate (or rethrow it) so {@link BodyLimitHandler} can answer 413.
 */
public final class RequestBodyTooLargeException extends IOException {

    private final long limit;

    public RequestBodyTooLargeException(long limit) {
        super("request body exceeds " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
