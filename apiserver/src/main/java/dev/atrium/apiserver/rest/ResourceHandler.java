package dev.atrium.apiserver.rest;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import dev.atrium.apiserver.access.MemberView;
import dev.atrium.apiserver.access.ProjectAccess;
import dev.atrium.apiserver.authn.AuthenticationHandler;
import dev.atrium.apiserver.authn.UserInfo;
import dev.atrium.apiserver.authz.AuthorizationException;
import dev.atrium.apiserver.json.Json;
import dev.atrium.apiserver.quota.QuotaLedger;
import dev.atrium.apiserver.request.QueryParameters;
import dev.atrium.apiserver.request.RequestInfo;
import dev.atrium.apiserver.resource.ResourceDefinition;
import dev.atrium.apiserver.status.StatusException;
import dev.atrium.apiserver.storage.StorageClient;
import dev.atrium.apiserver.storage.StorageTranslation;
import dev.atrium.apiserver.storage.YamlDocument;
import dev.atrium.apiserver.table.IncludeObject;
import dev.atrium.apiserver.table.TableOptions;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The generic REST machinery: one handler serves every resource from its definition, by
 * translating the request to the storage custom resource on kube-apiserver and the answer back.
 * resourceVersion, continue tokens, selectors, dryRun, fieldManager, fieldValidation, patches
 * and server-side apply are kube-apiserver's own, on the storage resource.
 */
public final class ResourceHandler {

    static final List<String> PATCH_TYPES = List.of("application/json-patch+json", "application/merge-patch+json",
            "application/apply-patch+yaml", "application/apply-patch+cbor");
    private static final List<String> BODY_TYPES = List.of("application/json", "application/yaml");
    private static final HttpString WARNING = HttpString.tryFromString("Warning");

    private final StorageClient storage;
    private final WatchProxy watches;
    private final ProjectAccess access;
    private final QuotaLedger quotas;
    private final SelfHandler selves;

    public ResourceHandler(StorageClient storage, OpenWatches openWatches, ProjectAccess access, QuotaLedger quotas) {
        this.storage = storage;
        this.watches = new WatchProxy(storage, openWatches);
        this.access = access;
        this.quotas = quotas;
        this.selves = new SelfHandler(access, Clock.systemUTC());
    }

    public void handle(HttpServerExchange exchange, RequestInfo request, ResourceDefinition resource,
            QueryParameters query) throws IOException {
        UserInfo caller = AuthenticationHandler.user(exchange).orElseThrow(
                () -> StatusException.internalError("no user found for request"));
        if (!resource.stored()) {
            selves.handle(exchange, request, caller);
            return;
        }
        checkScope(request, resource);
        Accept accept = Accept.parse(exchange.getRequestHeaders().getFirst(Headers.ACCEPT));
        StorageTranslation translation = new StorageTranslation(resource);
        Representation representation = new Representation(resource, accept, tableOptions(query));
        String collection = translation.storagePath(request.namespace(), "", "");
        String item = request.name().isEmpty() ? collection
                : translation.storagePath(request.namespace(), request.name(), request.subresource());
        Map<String, List<String>> params = query.values();
        // Anyone but a global admin sees only its projects and their instances.
        MemberView view = MemberView.filters(resource) && !isAdmin(caller) ? new MemberView(access, caller, resource) : null;
        if (view != null && List.of("update", "patch", "delete").contains(request.verb())
                && !view.sees(request.namespace(), request.name())) {
            throw StatusException.notFound(resource.group(), resource.plural(), request.name());
        }
        switch (request.verb()) {
            case "get" -> {
                StorageClient.Reply reply = storage.send("GET", item, params, null, null);
                JsonObject body = parse(reply);
                if (view != null && reply.code() == 200 && !view.sees(body)) {
                    throw StatusException.notFound(resource.group(), resource.plural(), request.name());
                }
                answerParsed(exchange, translation, representation, reply, body);
            }
            case "list" -> list(exchange, translation, representation, collection, params, view);
            case "watch" -> watches.serve(exchange, translation, representation,
                    namedInPath(request) ? translation.storageWatchPath(request.namespace(), request.name()) : collection,
                    params, view == null ? null : new MemberWatch(view, storage, collection, request.namespace(),
                            params, namedInPath(request) ? request.name() : ""), access);
            case "create" -> {
                requireNamespaceForWrite(request, resource, "create");
                JsonObject body = objectBody(exchange, translation);
                requireMatchingMetadata(body, request, false);
                String name = GeneratedNames.assign(body);
                QuotaLedger.Claim claim = name.isEmpty() ? QuotaLedger.Claim.NONE
                        : quotas.admit(resource, request.namespace(), name, query.values().containsKey("dryRun"));
                StorageClient.Reply reply;
                try {
                    reply = storage.send("POST", collection, params, Responses.JSON, Json.toBytes(body));
                } finally {
                    quotas.release(claim);
                }
                answer(exchange, translation, representation, reply);
            }
            case "update" -> {
                JsonObject body = objectBody(exchange, translation);
                requireMatchingMetadata(body, request, true);
                answer(exchange, translation, representation,
                        storage.send("PUT", item, params, Responses.JSON, Json.toBytes(body)));
            }
            case "patch" -> {
                String type = mediaType(exchange);
                if (!PATCH_TYPES.contains(type)) {
                    throw StatusException.unsupportedMediaType(PATCH_TYPES);
                }
                byte[] body = readBody(exchange);
                String text = new String(body, StandardCharsets.UTF_8);
                if (type.startsWith("application/apply-patch")) {
                    body = translation.applyPatchToStorage(text).getBytes(StandardCharsets.UTF_8);
                    type = "application/apply-patch+yaml";
                } else {
                    body = translation.patchToStorage(type, text).getBytes(StandardCharsets.UTF_8);
                }
                answer(exchange, translation, representation, storage.send("PATCH", item, params, type, body));
            }
            case "delete" -> answer(exchange, translation, representation,
                    storage.send("DELETE", item, params, Responses.JSON, optionalBody(exchange)));
            case "deletecollection" -> answer(exchange, translation, representation,
                    storage.send("DELETE", collection, params, Responses.JSON, optionalBody(exchange)));
            default -> throw StatusException.methodNotAllowed(resource.group(), resource.plural(), request.verb());
        }
    }

    /**
     * A list: streamed through item by item, or, for a member, read whole, filtered and filled
     * ({@link MemberList}) and then written the same way. Failures pass as for other verbs.
     */
    private void list(HttpServerExchange exchange, StorageTranslation translation, Representation representation,
            String collection, Map<String, List<String>> params, MemberView view) throws IOException {
        if (view == null) {
            try (StorageClient.Stream answer = storage.read(collection, params)) {
                if (answer.code() >= 400) {
                    answer(exchange, translation, representation, answer.reply());
                    return;
                }
                headers(exchange, translation, representation, answer.code(), answer.warnings());
                ListWriter.fromStream(answer.body(), exchange.getOutputStream(), translation, representation);
            }
            return;
        }
        StorageClient.Reply reply = storage.send("GET", collection, params, null, null);
        JsonObject body = parse(reply);
        if (reply.code() >= 400) {
            answerParsed(exchange, translation, representation, reply, body);
            return;
        }
        MemberList.fill(view, storage, collection, params, body);
        headers(exchange, translation, representation, reply.code(), reply.warnings());
        writeList(exchange, translation, representation, body);
    }

    private boolean isAdmin(UserInfo caller) {
        try {
            return access.isAdmin(caller);
        } catch (AuthorizationException e) {
            throw StatusException.internalError("could not tell whether the caller is an admin: " + e.getMessage());
        }
    }

    private static void checkScope(RequestInfo request, ResourceDefinition resource) {
        boolean knownSubresource = request.subresource().isEmpty() || resource.hasSubresource(request.subresource());
        boolean subresourceVerb = request.subresource().isEmpty()
                || List.of("get", "update", "patch").contains(request.verb());
        if ((!resource.namespaced() && !request.namespace().isEmpty()) || !knownSubresource || !subresourceVerb
                || request.parts().size() > 3) {
            throw StatusException.noSuchPath();
        }
    }

    /**
     * A watch of {@code .../watch/<plural>/<name>} is of that one object (and authorized as such);
     * the name of a collection watch comes from its fieldSelector, which kube-apiserver applies.
     */
    private static boolean namedInPath(RequestInfo request) {
        return request.parts().size() > 1 && !request.name().isEmpty();
    }

    private static void requireNamespaceForWrite(RequestInfo request, ResourceDefinition resource, String verb) {
        if (resource.namespaced() && request.namespace().isEmpty()) {
            throw StatusException.methodNotAllowed(resource.group(), resource.plural(), verb);
        }
    }

    /** As kube-apiserver: the body may leave namespace and name out, but not contradict the URL. */
    private static void requireMatchingMetadata(JsonObject body, RequestInfo request, boolean nameFromUrl) {
        JsonObject metadata = Json.object(body, "metadata");
        if (metadata == null) {
            metadata = new JsonObject();
            body.add("metadata", metadata);
        }
        String namespace = Json.string(metadata, "namespace");
        if (namespace != null && !namespace.isEmpty() && !namespace.equals(request.namespace())) {
            throw StatusException.badRequest(
                    "the namespace of the provided object does not match the namespace sent on the request");
        }
        if (!request.namespace().isEmpty()) {
            metadata.addProperty("namespace", request.namespace());
        }
        if (nameFromUrl) {
            String name = Json.string(metadata, "name");
            if (name != null && !name.isEmpty() && !name.equals(request.name())) {
                throw StatusException.badRequest(
                        "the name of the object (%s) does not match the name on the URL (%s)".formatted(name, request.name()));
            }
            metadata.addProperty("name", request.name());
        }
    }

    private static JsonObject objectBody(HttpServerExchange exchange, StorageTranslation translation) throws IOException {
        String type = mediaType(exchange);
        if (!type.isEmpty() && !BODY_TYPES.contains(type)) {
            throw StatusException.unsupportedMediaType(BODY_TYPES);
        }
        String text = new String(readBody(exchange), StandardCharsets.UTF_8);
        if (type.equals("application/yaml")) {
            return translation.toStorage(YamlDocument.object(text));
        }
        JsonElement parsed;
        try {
            parsed = Json.parseStrict(text);
        } catch (JsonParseException e) {
            throw StatusException.badRequest("the request body is not valid JSON: " + jsonError(e));
        }
        if (!parsed.isJsonObject()) {
            throw StatusException.badRequest("the request body must be a JSON object");
        }
        return translation.toStorage(parsed.getAsJsonObject());
    }

    private static byte[] optionalBody(HttpServerExchange exchange) throws IOException {
        byte[] body = readBody(exchange);
        return body.length == 0 ? null : body;
    }

    private static byte[] readBody(HttpServerExchange exchange) throws IOException {
        return exchange.getInputStream().readAllBytes();
    }

    private static String mediaType(HttpServerExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        if (header == null) {
            return "";
        }
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** Gson's message for the client: where it broke, without Gson's advice to its own users. */
    private static String jsonError(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage()).lines().findFirst().orElse("");
        return message.replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON", "malformed JSON");
    }

    static TableOptions tableOptions(QueryParameters query) {
        String include = query.first("includeObject");
        return include == null ? TableOptions.DEFAULT : TableOptions.DEFAULT.withIncludeObject(IncludeObject.parse(include));
    }

    private static JsonObject parse(StorageClient.Reply reply) {
        try {
            return reply.json();
        } catch (RuntimeException e) {
            throw StatusException.internalError("kube-apiserver answered " + reply.code() + " with a body that is not JSON");
        }
    }

    /** Passes kube-apiserver's answer on: failures as they are (reworded), objects translated. */
    private static void answer(HttpServerExchange exchange, StorageTranslation translation,
            Representation representation, StorageClient.Reply reply) {
        answerParsed(exchange, translation, representation, reply, parse(reply));
    }

    /** As above, with the answer's body parsed already (and filtered, if it needed to be). */
    private static void answerParsed(HttpServerExchange exchange, StorageTranslation translation,
            Representation representation, StorageClient.Reply reply, JsonObject body) {
        headers(exchange, translation, representation, reply.code(), reply.warnings());
        if (reply.code() >= 400) {
            Responses.json(exchange, reply.code(), translation.statusToManagement(body));
        } else if (body.get("items") instanceof JsonArray) { // deletecollection answers with the list deleted
            writeList(exchange, translation, representation, body);
        } else {
            Responses.bytes(exchange, reply.code(), representation.contentType(),
                    Json.toBytes(representation.render(translation.toManagement(body), false)));
        }
    }

    private static void writeList(HttpServerExchange exchange, StorageTranslation translation,
            Representation representation, JsonObject list) {
        try {
            ListWriter.fromTree(list, exchange.getOutputStream(), translation, representation);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the client went away: nothing to answer
        }
    }

    private static void headers(HttpServerExchange exchange, StorageTranslation translation,
            Representation representation, int code, List<String> warnings) {
        // Warnings are about the request (fieldValidation=Warn, deprecations): the client's to see.
        warnings.forEach(warning -> exchange.getResponseHeaders().add(WARNING, translation.textToManagement(warning)));
        exchange.setStatusCode(code);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, code >= 400 ? Responses.JSON : representation.contentType());
    }
}
