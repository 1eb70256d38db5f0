package dev.atrium.apiserver.authz;

/** Decides whether a request may proceed. Implementations are thread-safe and may block. */
@FunctionalInterface
public interface Authorizer {

    Decision authorize(RequestAttributes attributes) throws AuthorizationException;
}
