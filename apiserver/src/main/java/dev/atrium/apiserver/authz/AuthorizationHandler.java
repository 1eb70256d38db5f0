package dev.atrium.apiserver.authz;

import dev.atrium.apiserver.authn.AuthenticationHandler;
import dev.atrium.apiserver.authn.UserInfo;
import dev.atrium.apiserver.server.HealthHandler;
import dev.atrium.apiserver.status.StatusException;
import dev.atrium.apiserver.status.StatusResponse;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a request through only when the authorizer allows it; otherwise answers 403 Forbidden
 * with kube-apiserver's message, or 500 when no decision could be made. Runs after
 * {@link AuthenticationHandler}; attaches the {@link RequestAttributes} for later handlers.
 */
public final class AuthorizationHandler implements HttpHandler {

    public static final AttachmentKey<RequestAttributes> ATTRIBUTES = AttachmentKey.create(RequestAttributes.class);

    private static final Logger LOG = LoggerFactory.getLogger(AuthorizationHandler.class);

    private final Authorizer authorizer;
    private final RequestAttributesResolver resolver;
    private final HttpHandler next;

    public AuthorizationHandler(Authorizer authorizer, RequestAttributesResolver resolver, HttpHandler next) {
        this.authorizer = authorizer;
        this.resolver = resolver;
        this.next = next;
    }

    public static Optional<RequestAttributes> attributes(HttpServerExchange exchange) {
        return Optional.ofNullable(exchange.getAttachment(ATTRIBUTES));
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (HealthHandler.isHealthPath(exchange.getRequestPath())) {
            next.handleRequest(exchange);
            return;
        }
        Optional<UserInfo> user = AuthenticationHandler.user(exchange);
        if (user.isEmpty()) {
            // Only a mis-assembled handler chain gets here.
            StatusResponse.send(exchange, StatusException.internalError("no user found for request"));
            return;
        }
        RequestAttributes attributes = resolver.resolve(exchange, user.get());
        Decision decision;
        try {
            decision = authorizer.authorize(attributes);
        } catch (AuthorizationException e) {
            LOG.warn("authorization of {} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestPath(),
                    e.getMessage());
            StatusResponse.send(exchange, StatusException.internalError(e.getMessage()));
            return;
        }
        if (!decision.allowed()) {
            forbidden(exchange, attributes, decision.reason());
            return;
        }
        exchange.putAttachment(ATTRIBUTES, attributes);
        next.handleRequest(exchange);
    }

    private static void forbidden(HttpServerExchange exchange, RequestAttributes attributes, String reason) {
        String group = attributes.resourceRequest() ? attributes.apiGroup() : "";
        String resource = attributes.resourceRequest() ? attributes.resource() : "";
        StatusResponse.send(exchange, new StatusException(403, "Forbidden", ForbiddenMessage.of(attributes, reason),
                new StatusException.Details(attributes.name(), group, resource, List.of(), 0)));
    }
}
