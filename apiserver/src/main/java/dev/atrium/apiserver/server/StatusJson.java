package dev.atrium.apiserver.server;

import com.google.gson.JsonObject;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;

/**
 * Writes a failure as a Kubernetes {@code metav1.Status} JSON body. Interim helper: the
 * {@code status} package will replace it.
 */
public final class StatusJson {

    private StatusJson() {}

    /** Status details naming the object the failure is about; any part may be empty. */
    public record Details(String name, String group, String kind) {}

    public static void send(HttpServerExchange exchange, int code, String reason, String message) {
        send(exchange, code, reason, message, null);
    }

    public static void send(HttpServerExchange exchange, int code, String reason, String message, Details details) {
        byte[] body = toJson(code, reason, message, details).getBytes(StandardCharsets.UTF_8);
        exchange.setStatusCode(code);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
        exchange.getResponseSender().send(java.nio.ByteBuffer.wrap(body));
    }

    public static String toJson(int code, String reason, String message, Details details) {
        var status = new JsonObject();
        status.addProperty("kind", "Status");
        status.addProperty("apiVersion", "v1");
        status.add("metadata", new JsonObject());
        status.addProperty("status", "Failure");
        status.addProperty("message", message);
        status.addProperty("reason", reason);
        if (details != null) {
            var json = new JsonObject();
            addIfPresent(json, "name", details.name());
            addIfPresent(json, "group", details.group());
            addIfPresent(json, "kind", details.kind());
            status.add("details", json);
        }
        status.addProperty("code", code);
        return status.toString();
    }

    private static void addIfPresent(JsonObject json, String key, String value) {
        if (value != null && !value.isEmpty()) {
            json.addProperty(key, value);
        }
    }
}
