package dev.atrium.apiserver.status;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.atrium.apiserver.json.Json;
import dev.atrium.apiserver.request.RequestInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A failed API call, answered as a {@code v1 Status} with the code, reason and message wording
 * kube-apiserver uses (k8s.io/apimachinery/pkg/api/errors), so clients react to it the same way.
 */
public final class StatusException extends RuntimeException {

    /** One reason a request failed, e.g. one invalid field. */
    public record Cause(String reason, String message, String field) {
    }

    /** The details of a Status; empty strings and an empty list are left out of the JSON. */
    public record Details(String name, String group, String kind, List<Cause> causes, int retryAfterSeconds) {
        public Details {
            causes = List.copyOf(causes);
        }

        static final Details NONE = new Details("", "", "", List.of(), 0);

        static Details of(String group, String kind, String name) {
            return new Details(name, group, kind, List.of(), 0);
        }
    }

    private final int code;
    private final String reason;
    private final Details details;

    public StatusException(int code, String reason, String message, Details details) {
        super(message);
        this.code = code;
        this.reason = reason;
        this.details = details;
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public Details details() {
        return details;
    }

    /** A method the path does not serve at all (not a resource: health checks, discovery). */
    public static StatusException methodNotAllowed() {
        return new StatusException(405, "MethodNotAllowed",
                "the server does not allow this method on the requested resource", Details.NONE);
    }

    public static StatusException badRequest(String message) {
        return new StatusException(400, "BadRequest", message, Details.NONE);
    }

    public static StatusException unauthorized(String message) {
        return new StatusException(401, "Unauthorized", message.isEmpty() ? "not authorized" : message, Details.NONE);
    }

    /** The authorizer said no: worded like kube-apiserver's authorization filter. */
    public static StatusException forbidden(RequestInfo request, String user, String why) {
        String message;
        if (!request.resourceRequest()) {
            message = "User \"%s\" cannot %s path \"%s\"".formatted(user, request.verb(), request.path());
            return forbidden("", "", "", suffixed(message, why));
        }
        String resource = request.subresource().isEmpty()
                ? request.resource() : request.resource() + "/" + request.subresource();
        String scope = request.namespace().isEmpty()
                ? "at the cluster scope" : "in the namespace \"%s\"".formatted(request.namespace());
        message = "User \"%s\" cannot %s resource \"%s\" in API group \"%s\" %s"
                .formatted(user, request.verb(), resource, request.apiGroup(), scope);
        return forbidden(request.apiGroup(), request.resource(), request.name(), suffixed(message, why));
    }

    public static StatusException forbidden(String group, String resource, String name, String why) {
        String message;
        if (resource.isEmpty()) {
            message = "forbidden: " + why;
        } else if (name.isEmpty()) {
            message = "%s is forbidden: %s".formatted(groupResource(group, resource), why);
        } else {
            message = "%s \"%s\" is forbidden: %s".formatted(groupResource(group, resource), name, why);
        }
        return new StatusException(403, "Forbidden", message, Details.of(group, resource, name));
    }

    public static StatusException notFound(String group, String resource, String name) {
        return new StatusException(404, "NotFound",
                "%s \"%s\" not found".formatted(groupResource(group, resource), name),
                Details.of(group, resource, name));
    }

    /** A path that names nothing this server serves, worded as kube-apiserver words it. */
    public static StatusException noSuchPath() {
        return new StatusException(404, "NotFound", "the server could not find the requested resource", Details.NONE);
    }

    /** @param action the verb not supported, e.g. "create" */
    public static StatusException methodNotAllowed(String group, String resource, String action) {
        return new StatusException(405, "MethodNotAllowed",
                "%s is not supported on resources of kind \"%s\"".formatted(action, groupResource(group, resource)),
                Details.of(group, resource, ""));
    }

    public static StatusException notAcceptable(List<String> acceptedMediaTypes) {
        return new StatusException(406, "NotAcceptable",
                "only the following media types are accepted: " + String.join(", ", acceptedMediaTypes),
                Details.NONE);
    }

    public static StatusException alreadyExists(String group, String resource, String name) {
        return new StatusException(409, "AlreadyExists",
                "%s \"%s\" already exists".formatted(groupResource(group, resource), name),
                Details.of(group, resource, name));
    }

    public static StatusException conflict(String group, String resource, String name, String why) {
        return new StatusException(409, "Conflict",
                "Operation cannot be fulfilled on %s \"%s\": %s".formatted(groupResource(group, resource), name, why),
                Details.of(group, resource, name));
    }

    /** A watch or list position too old to serve: clients relist on this. */
    public static StatusException expired(String message) {
        return new StatusException(410, "Expired", message, Details.NONE);
    }

    public static StatusException gone(String message) {
        return new StatusException(410, "Gone", message, Details.NONE);
    }

    public static StatusException requestEntityTooLarge(String message) {
        return new StatusException(413, "RequestEntityTooLarge", "Request entity too large: " + message,
                Details.NONE);
    }

    public static StatusException unsupportedMediaType(List<String> acceptedMediaTypes) {
        return new StatusException(415, "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: "
                        + String.join(", ", acceptedMediaTypes),
                Details.NONE);
    }

    /** Validation failed: one cause per field error, the message listing them all. */
    public static StatusException invalid(String group, String kind, String name, List<Cause> causes) {
        List<String> errors = causes.stream()
                .map(cause -> cause.field().isEmpty() ? cause.message() : cause.field() + ": " + cause.message())
                .toList();
        String summary = errors.size() == 1 ? errors.getFirst()
                : errors.stream().collect(Collectors.joining(", ", "[", "]"));
        String groupKind = group.isEmpty() ? kind : kind + "." + group;
        return new StatusException(422, "Invalid", "%s \"%s\" is invalid: %s".formatted(groupKind, name, summary),
                new Details(name, group, kind, causes, 0));
    }

    public static StatusException tooManyRequests(String message, int retryAfterSeconds) {
        return new StatusException(429, "TooManyRequests", message,
                new Details("", "", "", List.of(), retryAfterSeconds));
    }

    public static StatusException internalError(String why) {
        return new StatusException(500, "InternalError", "Internal error occurred: " + why,
                new Details("", "", "", List.of(new Cause("", why, "")), 0));
    }

    public static StatusException serviceUnavailable(String message) {
        return new StatusException(503, "ServiceUnavailable", message, Details.NONE);
    }

    /** A failure Status received from kube-apiserver, to be answered as it is. */
    public static StatusException fromStatus(JsonObject status) {
        JsonObject details = status.has("details") ? status.getAsJsonObject("details") : new JsonObject();
        List<Cause> causes = new ArrayList<>();
        if (details.get("causes") instanceof JsonArray array) {
            for (JsonElement element : array) {
                JsonObject cause = element.getAsJsonObject();
                causes.add(new Cause(text(cause, "reason"), text(cause, "message"), text(cause, "field")));
            }
        }
        int retryAfter = details.has("retryAfterSeconds") ? details.get("retryAfterSeconds").getAsInt() : 0;
        int code = status.has("code") ? status.get("code").getAsInt() : 500;
        return new StatusException(code, text(status, "reason"), text(status, "message"),
                new Details(text(details, "name"), text(details, "group"), text(details, "kind"), causes, retryAfter));
    }

    public JsonObject toJson() {
        JsonObject status = new JsonObject();
        status.addProperty("kind", "Status");
        status.addProperty("apiVersion", "v1");
        status.add("metadata", new JsonObject());
        status.addProperty("status", "Failure");
        status.addProperty("message", getMessage());
        if (!reason.isEmpty()) {
            status.addProperty("reason", reason);
        }
        JsonObject detailsJson = detailsJson();
        if (!detailsJson.isEmpty()) {
            status.add("details", detailsJson);
        }
        status.addProperty("code", code);
        return status;
    }

    private JsonObject detailsJson() {
        JsonObject json = new JsonObject();
        putIfPresent(json, "name", details.name());
        putIfPresent(json, "group", details.group());
        putIfPresent(json, "kind", details.kind());
        if (!details.causes().isEmpty()) {
            JsonArray causes = new JsonArray();
            for (Cause cause : details.causes()) {
                JsonObject causeJson = new JsonObject();
                putIfPresent(causeJson, "reason", cause.reason());
                putIfPresent(causeJson, "message", cause.message());
                putIfPresent(causeJson, "field", cause.field());
                causes.add(causeJson);
            }
            json.add("causes", causes);
        }
        if (details.retryAfterSeconds() > 0) {
            json.addProperty("retryAfterSeconds", details.retryAfterSeconds());
        }
        return json;
    }

    private static void putIfPresent(JsonObject json, String key, String value) {
        if (value != null && !value.isEmpty()) {
            json.addProperty(key, value);
        }
    }

    private static String text(JsonObject object, String key) {
        String value = Json.string(object, key);
        return value == null ? "" : value;
    }

    private static String suffixed(String message, String why) {
        return why == null || why.isEmpty() ? message : message + ": " + why;
    }

    private static String groupResource(String group, String resource) {
        return group.isEmpty() ? resource : resource + "." + group;
    }
}
