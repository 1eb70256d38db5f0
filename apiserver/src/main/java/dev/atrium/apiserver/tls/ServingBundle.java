package dev.atrium.apiserver.tls;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A self-managed serving certificate: a CA (whose certificate is the APIService's caBundle)
 * and the serving certificate it signed, as the data of a {@code kubernetes.io/tls} Secret
 * ({@code tls.crt}, {@code tls.key}, {@code ca.crt}, and {@code ca.key} so the leader can
 * renew the serving certificate under the same CA).
 */
public record ServingBundle(CertifiedKey ca, CertifiedKey serving) {

    public static final Duration CA_VALIDITY = Duration.ofDays(3650);
    public static final Duration SERVING_VALIDITY = Duration.ofDays(365);

    public static ServingBundle generate(List<String> hosts) {
        CertificateAuthority ca = CertificateAuthority.generate("atrium-serving-ca", CA_VALIDITY);
        return new ServingBundle(ca.certifiedKey(), ca.issueServing(hosts.getFirst(), hosts, SERVING_VALIDITY));
    }

    /** A new serving certificate for {@code hosts}, signed by the same CA (clients keep trusting it). */
    public ServingBundle renew(List<String> hosts) {
        return new ServingBundle(ca, new CertificateAuthority(ca).issueServing(hosts.getFirst(), hosts, SERVING_VALIDITY));
    }

    /** Whether the serving certificate names every one of {@code hosts} (DNS names and IP addresses). */
    public boolean covers(List<String> hosts) {
        return subjectAltNames().containsAll(hosts);
    }

    /** Renewal is due once less than a third of the serving certificate's lifetime is left. */
    public boolean renewalDue(Instant now) {
        Instant notBefore = serving.certificate().getNotBefore().toInstant();
        Instant notAfter = serving.certificate().getNotAfter().toInstant();
        Duration lifetime = Duration.between(notBefore, notAfter);
        return now.isAfter(notAfter.minus(lifetime.dividedBy(3)));
    }

    public String caBundlePem() {
        return ca.certificatePem();
    }

    public Map<String, byte[]> toSecretData() {
        return Map.of(
                "tls.crt", bytes(serving.certificatePem()),
                "tls.key", bytes(serving.privateKeyPem()),
                "ca.crt", bytes(ca.certificatePem()),
                "ca.key", bytes(ca.privateKeyPem()));
    }

    /** @throws IllegalArgumentException when a key is missing or does not parse */
    public static ServingBundle fromSecretData(Map<String, byte[]> data) {
        for (String key : List.of("tls.crt", "tls.key", "ca.crt", "ca.key")) {
            if (data == null || data.get(key) == null) {
                throw new IllegalArgumentException("the serving certificate Secret has no " + key);
            }
        }
        return new ServingBundle(
                CertifiedKey.fromPem(text(data.get("ca.crt")), text(data.get("ca.key"))),
                CertifiedKey.fromPem(text(data.get("tls.crt")), text(data.get("tls.key"))));
    }

    private List<String> subjectAltNames() {
        try {
            return serving.certificate().getSubjectAlternativeNames().stream()
                    .map(entry -> entry.get(1).toString()).toList();
        } catch (java.security.cert.CertificateParsingException e) {
            throw new IllegalStateException("unreadable subject alternative names", e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
