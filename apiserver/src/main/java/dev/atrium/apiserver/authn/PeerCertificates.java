package dev.atrium.apiserver.authn;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.RenegotiationRequiredException;
import io.undertow.server.SSLSessionInfo;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;

/** The client certificate chain a TLS connection presented, leaf first; not verified. */
final class PeerCertificates {

    private PeerCertificates() {}

    static List<X509Certificate> of(HttpServerExchange exchange) {
        SSLSessionInfo session = exchange.getConnection().getSslSessionInfo();
        if (session == null) {
            return List.of();
        }
        try {
            Certificate[] certificates = session.getPeerCertificates();
            var chain = new ArrayList<X509Certificate>(certificates.length);
            for (Certificate certificate : certificates) {
                if (certificate instanceof X509Certificate x509) {
                    chain.add(x509);
                }
            }
            return List.copyOf(chain);
        } catch (SSLPeerUnverifiedException | RenegotiationRequiredException e) {
            return List.of(); // the client sent no certificate
        }
    }
}
