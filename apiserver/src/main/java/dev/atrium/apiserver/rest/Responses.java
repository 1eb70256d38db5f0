package dev.atrium.apiserver.rest;

import com.google.gson.JsonElement;
import dev.atrium.apiserver.json.Json;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;

/** Writes JSON answers and Status failures. */
public final class Responses {

    public static final String JSON = "application/json";
    public static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io";

    private Responses() {}

    public static void json(HttpServerExchange exchange, int code, JsonElement body) {
        bytes(exchange, code, JSON, Json.toBytes(body));
    }

    public static void bytes(HttpServerExchange exchange, int code, String contentType, byte[] body) {
        exchange.setStatusCode(code);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }

}
