package dev.atrium.apiserver.testing;

import dev.atrium.apiserver.tls.CertificateAuthority;
import dev.atrium.apiserver.tls.CertifiedKey;
import dev.atrium.apiserver.tls.ReloadingKeyManager;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificates of a small cluster, as kube-apiserver is set up: a serving CA, a client CA,
 * a separate front-proxy (requestheader) CA, and an unrelated CA for forgeries.
 */
public final class TestPki {

    public static final Duration VALIDITY = Duration.ofHours(1);
    public static final String FRONT_PROXY_CN = "front-proxy-client";

    public final CertificateAuthority servingCa = CertificateAuthority.generate("serving-ca", VALIDITY);
    public final CertificateAuthority clientCa = CertificateAuthority.generate("client-ca", VALIDITY);
    public final CertificateAuthority frontProxyCa = CertificateAuthority.generate("front-proxy-ca", VALIDITY);
    public final CertificateAuthority otherCa = CertificateAuthority.generate("other-ca", VALIDITY);

    public final CertifiedKey serving =
            servingCa.issueServing("atrium", List.of("localhost", "127.0.0.1"), VALIDITY);
    public final CertifiedKey frontProxy = frontProxyCa.issueClient(FRONT_PROXY_CN, List.of(), VALIDITY);

    public ReloadingKeyManager servingKeyManager() {
        return new ReloadingKeyManager(serving);
    }

    /** A client TLS context trusting {@code trusted}, presenting {@code clientKey} if not null. */
    public static SSLContext clientContext(X509Certificate trusted, CertifiedKey clientKey) {
        try {
            KeyManager[] keyManagers = clientKey == null ? null : new KeyManager[] {new ReloadingKeyManager(clientKey)};
            var context = SSLContext.getInstance("TLS");
            context.init(keyManagers, new TrustManager[] {trustManager(trusted)}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static X509TrustManager trustManager(X509Certificate trusted) {
        try {
            var trustStore = KeyStore.getInstance("PKCS12");
            trustStore.load(null, null);
            trustStore.setCertificateEntry("ca", trusted);
            var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trustStore);
            return (X509TrustManager) factory.getTrustManagers()[0];
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public SSLContext clientContext(CertifiedKey clientKey) {
        return clientContext(servingCa.certificate(), clientKey);
    }
}
