package dev.atrium.apiserver.authn;

import io.undertow.server.HttpServerExchange;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;

/**
 * Authenticates by client certificate verified against the client CA: the user is the subject's
 * common name, the groups are its organizations.
 */
public final class ClientCertificateAuthenticator implements Authenticator {

    private final Supplier<List<X509Certificate>> clientCa;
    private final ClientCertificateVerifier verifier;

    public ClientCertificateAuthenticator(Supplier<List<X509Certificate>> clientCa, ClientCertificateVerifier verifier) {
        this.clientCa = clientCa;
        this.verifier = verifier;
    }

    @Override
    public AuthenticationResult authenticate(HttpServerExchange exchange) {
        List<X509Certificate> chain = PeerCertificates.of(exchange);
        List<X509Certificate> roots = clientCa.get();
        if (chain.isEmpty() || roots.isEmpty()) {
            return AuthenticationResult.noCredentials();
        }
        try {
            verifier.verify(chain, roots);
        } catch (CertificateException e) {
            return AuthenticationResult.rejected("client certificate: " + e.getMessage());
        }
        CertificateSubject subject = CertificateSubject.of(chain.getFirst());
        if (subject.commonName().isEmpty()) {
            return AuthenticationResult.noCredentials();
        }
        return AuthenticationResult.authenticated(new UserInfo(subject.commonName(), subject.organizations()));
    }
}
