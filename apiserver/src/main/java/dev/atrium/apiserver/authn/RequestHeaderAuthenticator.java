package dev.atrium.apiserver.authn;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Front-proxy authentication, as k8s.io/apiserver's requestheader authenticator: the identity
 * headers are believed only when the connection's client certificate verifies against the
 * requestheader CA and its common name is allowed (any name when the allowed list is empty).
 *
 * <p>The identity headers are removed from the request whatever the outcome, so no later
 * handler can mistake a forged header for an authenticated identity.
 */
public final class RequestHeaderAuthenticator implements Authenticator {

    private final Supplier<RequestHeaderConfig> config;
    private final ClientCertificateVerifier verifier;

    public RequestHeaderAuthenticator(Supplier<RequestHeaderConfig> config, ClientCertificateVerifier verifier) {
        this.config = config;
        this.verifier = verifier;
    }

    @Override
    public AuthenticationResult authenticate(HttpServerExchange exchange) {
        RequestHeaderConfig current = config.get();
        HeaderMap headers = exchange.getRequestHeaders();
        Identity identity = Identity.read(headers, current);
        clearIdentityHeaders(headers, current);

        List<X509Certificate> chain = PeerCertificates.of(exchange);
        if (chain.isEmpty() || !current.enabled()) {
            return AuthenticationResult.noCredentials();
        }
        try {
            verifier.verify(chain, current.clientCa());
        } catch (CertificateException e) {
            return AuthenticationResult.rejected("front-proxy certificate: " + e.getMessage());
        }
        String commonName = CertificateSubject.of(chain.getFirst()).commonName();
        if (!current.allowedNames().isEmpty() && !current.allowedNames().contains(commonName)) {
            return AuthenticationResult.rejected(
                    "front-proxy certificate: subject with cn=" + commonName + " is not in the allowed list");
        }
        if (identity.name().isEmpty()) {
            return AuthenticationResult.noCredentials();
        }
        return AuthenticationResult.authenticated(
                new UserInfo(identity.name(), identity.uid(), identity.groups(), identity.extra()));
    }

    private record Identity(String name, String uid, List<String> groups, Map<String, List<String>> extra) {

        static Identity read(HeaderMap headers, RequestHeaderConfig config) {
            return new Identity(
                    firstValue(headers, config.usernameHeaders()),
                    firstValue(headers, config.uidHeaders()),
                    allValues(headers, config.groupHeaders()),
                    extra(headers, config.extraHeaderPrefixes()));
        }

        /** The first non-empty value among the headers, tried in order. */
        private static String firstValue(HeaderMap headers, List<String> names) {
            for (String name : names) {
                String value = headers.getFirst(name);
                if (value != null && !value.isEmpty()) {
                    return value;
                }
            }
            return "";
        }

        private static List<String> allValues(HeaderMap headers, List<String> names) {
            var values = new ArrayList<String>();
            for (String name : names) {
                HeaderValues header = headers.get(name);
                if (header != null) {
                    header.stream().filter(value -> !value.isEmpty()).forEach(values::add);
                }
            }
            return values;
        }

        private static Map<String, List<String>> extra(HeaderMap headers, List<String> prefixes) {
            var extra = new LinkedHashMap<String, List<String>>();
            for (String prefix : prefixes) {
                for (HttpString name : headers.getHeaderNames()) {
                    String header = name.toString();
                    if (hasPrefixIgnoreCase(header, prefix)) {
                        String key = percentDecode(header.substring(prefix.length()).toLowerCase(Locale.ROOT));
                        extra.computeIfAbsent(key, k -> new ArrayList<>()).addAll(headers.get(name));
                    }
                }
            }
            return extra;
        }
    }

    private static void clearIdentityHeaders(HeaderMap headers, RequestHeaderConfig config) {
        config.usernameHeaders().forEach(headers::remove);
        config.uidHeaders().forEach(headers::remove);
        config.groupHeaders().forEach(headers::remove);
        for (String prefix : config.extraHeaderPrefixes()) {
            for (HttpString name : List.copyOf(headers.getHeaderNames())) {
                if (hasPrefixIgnoreCase(name.toString(), prefix)) {
                    headers.remove(name);
                }
            }
        }
    }

    private static boolean hasPrefixIgnoreCase(String value, String prefix) {
        return value.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    /**
     * Decodes %XX escapes (UTF-8) as Go's url.PathUnescape; '+' stays '+'. A malformed key is
     * kept as it is, as Kubernetes does.
     */
    static String percentDecode(String encoded) {
        if (encoded.indexOf('%') < 0) {
            return encoded;
        }
        var bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c != '%') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            if (i + 2 >= encoded.length()) {
                return encoded;
            }
            int high = Character.digit(encoded.charAt(i + 1), 16);
            int low = Character.digit(encoded.charAt(i + 2), 16);
            if (high < 0 || low < 0) {
                return encoded;
            }
            bytes.write(high << 4 | low);
            i += 2;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
