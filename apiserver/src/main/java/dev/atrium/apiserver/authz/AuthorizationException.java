package dev.atrium.apiserver.authz;

/** No decision could be made (for example kube-apiserver did not answer). */
public final class AuthorizationException extends Exception {

    public AuthorizationException(String message, Throwable cause) {
        super(message, cause);
    }
}
