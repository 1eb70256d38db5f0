package dev.atrium.apiserver.authn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.atrium.apiserver.tls.CertificateAuthority;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AuthenticationConfigSourceTest {

    private static final CertificateAuthority CA_ONE = CertificateAuthority.generate("one", Duration.ofHours(1));
    private static final CertificateAuthority CA_TWO = CertificateAuthority.generate("two", Duration.ofHours(1));

    private final AtomicReference<Object> next = new AtomicReference<>();

    private final AuthenticationConfigSource source = new AuthenticationConfigSource(() -> {
        Object value = next.get();
        if (value instanceof Exception e) {
            throw e;
        }
        @SuppressWarnings("unchecked")
        Map<String, String> data = (Map<String, String>) value;
        return data;
    }, Duration.ofHours(1));

    private static Map<String, String> withClientCa(CertificateAuthority ca) {
        return Map.of("client-ca-file", ca.certifiedKey().certificatePem());
    }

    @Test
    void startsEmptyAndSwapsOnChange() {
        assertEquals(AuthenticationConfig.NONE, source.get());
        next.set(withClientCa(CA_ONE));
        source.refresh();
        assertEquals(CA_ONE.certificate(), source.clientCa().get().getFirst());
        AuthenticationConfig first = source.get();

        source.refresh();
        assertSame(first, source.get(), "unchanged data keeps the same configuration");

        next.set(withClientCa(CA_TWO));
        source.refresh();
        assertEquals(CA_TWO.certificate(), source.get().clientCa().getFirst());
    }

    @Test
    void keepsTheLastGoodConfigurationOnErrors() {
        next.set(withClientCa(CA_ONE));
        source.refresh();
        AuthenticationConfig good = source.get();

        next.set(new IllegalStateException("kube-apiserver unreachable"));
        source.refresh();
        assertSame(good, source.get());

        next.set(Map.of("requestheader-allowed-names", "not json"));
        source.refresh();
        assertSame(good, source.get());
    }

    @Test
    void aDeletedConfigMapClearsTheConfiguration() {
        next.set(withClientCa(CA_ONE));
        source.refresh();
        next.set(Map.of());
        source.refresh();
        assertEquals(AuthenticationConfig.NONE, source.get());
    }
}
