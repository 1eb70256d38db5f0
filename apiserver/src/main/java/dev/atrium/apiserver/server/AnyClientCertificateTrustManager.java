package dev.atrium.apiserver.server;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Accepts any client certificate chain during the TLS handshake.
 *
 * <p>The chain is verified per request by the authenticators instead, each against its own CA:
 * the front-proxy CA for request headers, the client CA for client certificates. Both CAs come
 * from a ConfigMap that can change at any time; verifying at the TLS layer would need one
 * combined trust store (which cannot tell which CA signed a chain) and a rebuilt TLS context on
 * every change. A chain that verifies against neither simply authenticates nobody.
 *
 * <p>No acceptable issuers are advertised, so clients send their certificate whatever CA signed it.
 */
final class AnyClientCertificateTrustManager extends X509ExtendedTrustManager {

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("server certificates are not trusted by a server-side trust manager");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
