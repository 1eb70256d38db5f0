package dev.atrium.apiserver.rest;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import dev.atrium.apiserver.access.Principal;
import dev.atrium.apiserver.access.ProjectAccess;
import dev.atrium.apiserver.access.Role;
import dev.atrium.apiserver.authn.UserInfo;
import dev.atrium.apiserver.authz.AuthorizationException;
import dev.atrium.apiserver.json.Json;
import dev.atrium.apiserver.request.RequestInfo;
import dev.atrium.apiserver.resource.PlatformResources;
import dev.atrium.apiserver.resource.ResourceDefinition;
import dev.atrium.apiserver.status.StatusException;
import dev.atrium.apiserver.storage.YamlDocument;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * {@code selves}: create-only, like SelfSubjectReview. The answer is the object sent, with the
 * caller in its status: Kubernetes user and groups, the User objects and teams it counts as,
 * its projects with roles, and whether it is a global admin. Nothing is stored.
 */
final class SelfHandler {

    private static final ResourceDefinition SELVES = PlatformResources.SELVES;

    private final ProjectAccess access;
    private final Clock clock;

    SelfHandler(ProjectAccess access, Clock clock) {
        this.access = access;
        this.clock = clock;
    }

    void handle(HttpServerExchange exchange, RequestInfo request, UserInfo caller) throws IOException {
        if (!request.verb().equals("create") || !request.name().isEmpty() || !request.subresource().isEmpty()) {
            throw StatusException.methodNotAllowed(SELVES.group(), SELVES.plural(), request.verb());
        }
        JsonObject self = body(exchange);
        JsonObject metadata = Json.object(self, "metadata");
        if (metadata == null) {
            metadata = new JsonObject();
            self.add("metadata", metadata);
        }
        metadata.addProperty("creationTimestamp", Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
        self.addProperty("apiVersion", SELVES.apiVersion());
        self.addProperty("kind", SELVES.kind());
        self.add("spec", new JsonObject());
        self.add("status", status(caller));
        Responses.json(exchange, 201, self);
    }

    private JsonObject status(UserInfo caller) {
        Principal principal = access.principal(caller);
        JsonObject status = new JsonObject();
        status.addProperty("user", caller.name());
        status.add("groups", Json.strings(caller.groups()));
        status.add("users", Json.strings(principal.users()));
        status.add("teams", Json.strings(principal.teams()));
        JsonArray projects = new JsonArray();
        for (Map.Entry<String, Role> project : access.projectsOf(principal).entrySet()) {
            JsonObject entry = new JsonObject();
            entry.addProperty("name", project.getKey());
            entry.addProperty("role", project.getValue().value());
            projects.add(entry);
        }
        status.add("projects", projects);
        try {
            status.addProperty("admin", access.isAdmin(caller));
        } catch (AuthorizationException e) {
            throw StatusException.internalError("could not tell whether the caller is an admin: " + e.getMessage());
        }
        return status;
    }

    /** The object sent (may be empty); its apiVersion and kind, when given, must be this resource's. */
    private static JsonObject body(HttpServerExchange exchange) throws IOException {
        String text = new String(exchange.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return new JsonObject();
        }
        String type = String.valueOf(exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE));
        JsonObject body;
        try {
            JsonElement parsed = type.startsWith("application/yaml") ? YamlDocument.object(text) : Json.parseStrict(text);
            if (!parsed.isJsonObject()) {
                throw StatusException.badRequest("the request body must be a JSON object");
            }
            body = parsed.getAsJsonObject();
        } catch (JsonParseException e) {
            throw StatusException.badRequest("the request body is not valid JSON");
        }
        String apiVersion = Json.string(body, "apiVersion");
        String kind = Json.string(body, "kind");
        if ((apiVersion != null && !apiVersion.isEmpty() && !apiVersion.equals(SELVES.apiVersion()))
                || (kind != null && !kind.isEmpty() && !kind.equals(SELVES.kind()))) {
            throw StatusException.badRequest("the object must be %s, %s".formatted(SELVES.apiVersion(), SELVES.kind()));
        }
        return body;
    }
}
