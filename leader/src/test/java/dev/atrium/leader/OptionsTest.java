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
        assertEquals(Path.of("/c.crt"), options.tlsCertFile());
        assertEquals("atrium-2", options.replicaName());
        assertEquals("0.0.0.0", options.bindAddress());
        assertTrue(options.kubeconfig().isEmpty());
    }

    @Test
    void rejectsUnknownFlagsAndBadPorts() {
        var unknown = assertThrows(IllegalArgumentException.class, () -> Options.parse("--nope=1"));
        assertTrue(unknown.getMessage().contains("unknown flag --nope"));
        assertThrows(IllegalArgumentException.class,
                () -> Options.parse("--secure-port=0", "--tls-cert-file=a", "--tls-private-key-file=b"));
        var missing = assertThrows(IllegalArgumentException.class, () -> Options.parse("--secure-port=1"));
        assertTrue(missing.getMessage().contains("--tls-cert-file is required"));
    }
}
