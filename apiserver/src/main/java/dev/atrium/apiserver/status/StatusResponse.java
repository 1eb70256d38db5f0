package dev.atrium.apiserver.status;

import dev.atrium.apiserver.json.Json;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;

/** Answers a request with a failure: its {@code v1 Status} as JSON, and Retry-After when it asks for one. */
public final class StatusResponse {

    private StatusResponse() {}

    public static void send(HttpServerExchange exchange, StatusException failure) {
        if (failure.code() == 429 && failure.details().retryAfterSeconds() > 0) {
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, failure.details().retryAfterSeconds());
        }
        byte[] body = Json.toBytes(failure.toJson());
        exchange.setStatusCode(failure.code());
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }
}
