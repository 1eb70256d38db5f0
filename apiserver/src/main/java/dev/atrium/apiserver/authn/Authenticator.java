package dev.atrium.apiserver.authn;

import io.undertow.server.HttpServerExchange;

/** Finds out who sent a request. Implementations are thread-safe and may block. */
@FunctionalInterface
public interface Authenticator {

    AuthenticationResult authenticate(HttpServerExchange exchange);
}
