package dev.atrium.apiserver.authn;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Front-proxy authentication settings: the CA that signs the proxy's client certificate, the
 * common names the proxy may use (empty: any), and the header names that carry the identity.
 */
public record RequestHeaderConfig(
        List<X509Certificate> clientCa,
        List<String> allowedNames,
        List<String> usernameHeaders,
        List<String> uidHeaders,
        List<String> groupHeaders,
        List<String> extraHeaderPrefixes) {

    public static final RequestHeaderConfig NONE =
            new RequestHeaderConfig(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

    public RequestHeaderConfig {
        clientCa = List.copyOf(clientCa);
        allowedNames = List.copyOf(allowedNames);
        usernameHeaders = trimmed(usernameHeaders);
        uidHeaders = trimmed(uidHeaders);
        groupHeaders = trimmed(groupHeaders);
        extraHeaderPrefixes = trimmed(extraHeaderPrefixes);
    }

    public boolean enabled() {
        return !clientCa.isEmpty() && !usernameHeaders.isEmpty();
    }

    private static List<String> trimmed(List<String> headers) {
        return headers.stream().map(String::trim).filter(header -> !header.isEmpty()).toList();
    }
}
