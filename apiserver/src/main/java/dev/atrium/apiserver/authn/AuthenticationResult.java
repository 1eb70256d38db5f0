package dev.atrium.apiserver.authn;

/**
 * What an authenticator concluded: a user, no credentials of its kind, or credentials of its
 * kind that are not valid (with a reason for the log, never for the client).
 */
public sealed interface AuthenticationResult {

    record Authenticated(UserInfo user) implements AuthenticationResult {}

    record NoCredentials() implements AuthenticationResult {}

    record Rejected(String reason) implements AuthenticationResult {}

    static AuthenticationResult authenticated(UserInfo user) {
        return new Authenticated(user);
    }

    static AuthenticationResult noCredentials() {
        return new NoCredentials();
    }

    static AuthenticationResult rejected(String reason) {
        return new Rejected(reason);
    }
}
