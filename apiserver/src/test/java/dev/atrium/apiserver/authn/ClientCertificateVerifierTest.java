package dev.atrium.apiserver.authn;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.atrium.apiserver.tls.CertificateAuthority;
import dev.atrium.apiserver.tls.CertifiedKey;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientCertificateVerifierTest {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final CertificateAuthority CA = CertificateAuthority.generate("ca", HOUR);
    private static final CertificateAuthority OTHER = CertificateAuthority.generate("other", HOUR);

    private final ClientCertificateVerifier verifier = new ClientCertificateVerifier();

    @Test
    void acceptsAClientCertificateOfTheCa() {
        CertifiedKey client = CA.issueClient("bob", List.of(), HOUR);
        assertDoesNotThrow(() -> verifier.verify(client.chain(), List.of(OTHER.certificate(), CA.certificate())));
        assertDoesNotThrow(() -> verifier.verify(client.chain(), List.of(CA.certificate())), "remembered");
    }

    @Test
    void rejectsAnotherCasCertificate() {
        CertifiedKey client = OTHER.issueClient("bob", List.of(), HOUR);
        assertThrows(CertificateException.class, () -> verifier.verify(client.chain(), List.of(CA.certificate())));
    }

    @Test
    void rejectsAServingOnlyCertificate() {
        CertifiedKey serving = CA.issueServing("bob", List.of("bob.example"), HOUR);
        assertThrows(CertificateException.class, () -> verifier.verify(serving.chain(), List.of(CA.certificate())));
    }

    @Test
    void rejectsAnExpiredCertificate() {
        CertifiedKey expired = CA.issueClient("bob", List.of(), Duration.ofSeconds(-30));
        assertThrows(CertificateException.class, () -> verifier.verify(expired.chain(), List.of(CA.certificate())));
    }

    @Test
    void rejectsWithoutRoots() {
        CertifiedKey client = CA.issueClient("bob", List.of(), HOUR);
        assertThrows(CertificateException.class, () -> verifier.verify(client.chain(), List.of()));
    }
}
