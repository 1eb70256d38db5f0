package dev.atrium.apiserver.authn;

import dev.atrium.apiserver.server.HealthHandler;
import dev.atrium.apiserver.status.StatusException;
import dev.atrium.apiserver.status.StatusResponse;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every request but the health endpoints and attaches the {@link UserInfo} to the
 * exchange for later handlers; a request nobody can authenticate gets 401 Unauthorized.
 */
public final class AuthenticationHandler implements HttpHandler {

    public static final AttachmentKey<UserInfo> USER = AttachmentKey.create(UserInfo.class);

    private static final Logger LOG = LoggerFactory.getLogger(AuthenticationHandler.class);

    private final Authenticator authenticator;
    private final HttpHandler next;

    public AuthenticationHandler(Authenticator authenticator, HttpHandler next) {
        this.authenticator = authenticator;
        this.next = next;
    }

    /** The user an earlier {@link AuthenticationHandler} attached. */
    public static Optional<UserInfo> user(HttpServerExchange exchange) {
        return Optional.ofNullable(exchange.getAttachment(USER));
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (HealthHandler.isHealthPath(exchange.getRequestPath())) {
            next.handleRequest(exchange);
            return;
        }
        switch (authenticator.authenticate(exchange)) {
            case AuthenticationResult.Authenticated authenticated -> {
                exchange.putAttachment(USER, authenticated.user().withAuthenticatedGroup());
                next.handleRequest(exchange);
            }
            case AuthenticationResult.Rejected rejected -> {
                LOG.info("unable to authenticate {} {} from {}: {}", exchange.getRequestMethod(),
                        exchange.getRequestPath(), exchange.getSourceAddress(), rejected.reason());
                unauthorized(exchange);
            }
            case AuthenticationResult.NoCredentials none -> unauthorized(exchange);
        }
    }

    private static void unauthorized(HttpServerExchange exchange) {
        StatusResponse.send(exchange, StatusException.unauthorized("Unauthorized"));
    }
}
