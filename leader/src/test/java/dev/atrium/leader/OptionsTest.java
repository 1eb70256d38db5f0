package dev.atrium.leader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OptionsTest {
    @Test
    void parsesFlagsAndKeepsDefaults() {
        Options options = Options.parse("--secure-port=9443", "--tls-cert-file=/c.crt", "--tls-private-key-file=/c.key",
                "--replica-name=atrium-2");
        assertEquals(9443, options.securePort());
        assertEquals(Path.of("/c.crt"), options.servingCertificate().certFile().get());
        assertEquals("atrium-2", options.replicaName());
        assertEquals("0.0.0.0", options.bindAddress());
        assertTrue(options.kubeconfig().isEmpty());
        assertTrue(options.leaderElect());
        assertEquals(java.time.Duration.ofSeconds(15), options.lease().leaseDuration());
        assertEquals(java.time.Duration.ofSeconds(10), options.lease().renewDeadline());
        assertEquals(java.time.Duration.ofSeconds(2), options.lease().retryPeriod());
        assertTrue(options.lease().identity().startsWith("atrium-2_"), options.lease().identity());
        assertTrue(options.reconcileJournal().isEmpty());
        assertEquals(Path.of("/j/atrium-2.log"), Options.parse("--tls-cert-file=a", "--tls-private-key-file=b",
                "--reconcile-journal=/j/atrium-2.log").reconcileJournal().orElseThrow());
    }

    @Test
    void withoutCertificateFilesTheServingCertificateComesFromASecretForTheServiceName() {
        Options options = Options.parse();
        assertTrue(!options.servingCertificate().fromFiles());
        assertEquals("atrium-serving-cert", options.servingCertificate().secretName());
        assertEquals(java.util.List.of("atrium-api.atrium-system.svc", "atrium-api.atrium-system.svc.cluster.local"),
                options.servingCertificate().hosts());
    }

    @Test
    void leaseTimingComesFromGoStyleDurations() {
        Options options = Options.parse("--tls-cert-file=a", "--tls-private-key-file=b",
                "--leader-elect-lease-duration=4s", "--leader-elect-renew-deadline=3s",
                "--leader-elect-retry-period=500ms", "--leader-elect=false");
        assertEquals(java.time.Duration.ofMillis(500), options.lease().retryPeriod());
        assertEquals(false, options.leaderElect());
        var inverted = assertThrows(IllegalArgumentException.class, () -> Options.parse("--tls-cert-file=a",
                "--tls-private-key-file=b", "--leader-elect-renew-deadline=20s"));
        assertTrue(inverted.getMessage().contains("lease duration > renew deadline"), inverted.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--tls-cert-file=a",
                "--tls-private-key-file=b", "--leader-elect-retry-period=2"));
    }

    @Test
    void rejectsUnknownFlagsAndBadPorts() {
        var unknown = assertThrows(IllegalArgumentException.class, () -> Options.parse("--nope=1"));
        assertTrue(unknown.getMessage().contains("unknown flag --nope"));
        assertThrows(IllegalArgumentException.class,
                () -> Options.parse("--secure-port=0", "--tls-cert-file=a", "--tls-private-key-file=b"));
        var half = assertThrows(IllegalArgumentException.class, () -> Options.parse("--tls-cert-file=a"));
        assertTrue(half.getMessage().contains("go together"), half.getMessage());
    }
}
