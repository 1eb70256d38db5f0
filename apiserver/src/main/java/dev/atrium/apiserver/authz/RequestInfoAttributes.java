package dev.atrium.apiserver.authz;

import dev.atrium.apiserver.authn.UserInfo;
import dev.atrium.apiserver.request.RequestInfo;
import dev.atrium.apiserver.request.RequestInfoHandler;
import io.undertow.server.HttpServerExchange;

/** The authorization attributes of a request, from its {@link RequestInfo}, as kube-apiserver derives them. */
public final class RequestInfoAttributes implements RequestAttributesResolver {

    @Override
    public RequestAttributes resolve(HttpServerExchange exchange, UserInfo user) {
        RequestInfo info = RequestInfoHandler.info(exchange);
        if (!info.resourceRequest()) {
            return RequestAttributes.forPath(user, info.verb(), info.path());
        }
        return RequestAttributes.forResource(user, info.verb(), info.apiGroup(), info.apiVersion(), info.resource(),
                info.subresource(), info.namespace(), info.name(), info.path());
    }
}
