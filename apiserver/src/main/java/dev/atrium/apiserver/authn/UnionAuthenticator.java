package dev.atrium.apiserver.authn;

import io.undertow.server.HttpServerExchange;
import java.util.ArrayList;
import java.util.List;

/**
 * Tries authenticators in order; the first user found wins. Otherwise the request is rejected
 * if any authenticator rejected it (reasons joined), else it carries no credentials.
 */
public final class UnionAuthenticator implements Authenticator {

    private final List<Authenticator> authenticators;

    public UnionAuthenticator(List<Authenticator> authenticators) {
        this.authenticators = List.copyOf(authenticators);
    }

    public UnionAuthenticator(Authenticator... authenticators) {
        this(List.of(authenticators));
    }

    @Override
    public AuthenticationResult authenticate(HttpServerExchange exchange) {
        var reasons = new ArrayList<String>();
        for (Authenticator authenticator : authenticators) {
            switch (authenticator.authenticate(exchange)) {
                case AuthenticationResult.Authenticated authenticated -> {
                    return authenticated;
                }
                case AuthenticationResult.Rejected rejected -> reasons.add(rejected.reason());
                case AuthenticationResult.NoCredentials none -> {}
            }
        }
        return reasons.isEmpty()
                ? AuthenticationResult.noCredentials()
                : AuthenticationResult.rejected(String.join("; ", reasons));
    }
}
