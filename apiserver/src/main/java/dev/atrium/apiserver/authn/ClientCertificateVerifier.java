package dev.atrium.apiserver.authn;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies a presented client certificate chain against a CA bundle, as Go's
 * {@code x509.Certificate.Verify} with {@code ExtKeyUsageClientAuth} does for Kubernetes: the leaf
 * must chain (through the presented intermediates) to one of the roots, every certificate must be
 * within its validity period, and a leaf with an extended key usage must allow client auth.
 *
 * <p>Successful verifications are remembered for a minute (never past the leaf's expiry) because
 * the front proxy presents the same certificate on every request.
 */
public final class ClientCertificateVerifier {

    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";
    private static final Duration REMEMBER = Duration.ofMinutes(1);
    private static final int MAX_REMEMBERED = 1024;

    private final InstantSource clock;
    private final Map<Verified, Instant> verified = new ConcurrentHashMap<>();

    private record Verified(List<X509Certificate> chain, List<X509Certificate> roots) {}

    public ClientCertificateVerifier(InstantSource clock) {
        this.clock = clock;
    }

    public ClientCertificateVerifier() {
        this(InstantSource.system());
    }

    /** @throws CertificateException with the reason when the chain does not verify */
    public void verify(List<X509Certificate> chain, List<X509Certificate> roots) throws CertificateException {
        if (chain.isEmpty()) {
            throw new CertificateException("no client certificate");
        }
        if (roots.isEmpty()) {
            throw new CertificateException("no CA certificates to verify against");
        }
        Instant now = clock.instant();
        var key = new Verified(chain, roots);
        Instant until = verified.get(key);
        if (until != null && now.isBefore(until)) {
            return;
        }
        X509Certificate leaf = chain.getFirst();
        checkClientAuthUsage(leaf);
        buildPath(chain, roots, now);
        if (verified.size() >= MAX_REMEMBERED) {
            verified.clear();
        }
        Instant leafExpiry = leaf.getNotAfter().toInstant();
        Instant rememberUntil = now.plus(REMEMBER);
        verified.put(key, leafExpiry.isBefore(rememberUntil) ? leafExpiry : rememberUntil);
    }

    private static void checkClientAuthUsage(X509Certificate leaf) throws CertificateException {
        List<String> usages = leaf.getExtendedKeyUsage();
        if (usages != null && !usages.contains(CLIENT_AUTH) && !usages.contains(ANY_EXTENDED_KEY_USAGE)) {
            throw new CertificateException("certificate specifies an incompatible key usage");
        }
    }

    private static void buildPath(List<X509Certificate> chain, List<X509Certificate> roots, Instant now)
            throws CertificateException {
        try {
            var anchors = new HashSet<TrustAnchor>();
            for (X509Certificate root : roots) {
                anchors.add(new TrustAnchor(root, null));
            }
            var target = new X509CertSelector();
            target.setCertificate(chain.getFirst());
            var parameters = new PKIXBuilderParameters(anchors, target);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(now));
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(chain)));
            CertPathBuilder.getInstance("PKIX").build(parameters);
        } catch (GeneralSecurityException e) {
            throw new CertificateException("certificate signed by unknown authority or not valid: " + e.getMessage(), e);
        }
    }
}
