package dev.atrium.apiserver.authz;

import dev.atrium.apiserver.authn.UserInfo;
import io.undertow.server.HttpServerExchange;

/** Works out what an authenticated request asks to do (the request package provides it). */
@FunctionalInterface
public interface RequestAttributesResolver {

    RequestAttributes resolve(HttpServerExchange exchange, UserInfo user);
}
