package dev.atrium.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The k3s backend starts and answers kubectl; skipped, saying why, when no Docker engine is reachable. */
class K3sBackendIT {
    @Test
    void k3sAnswersThePinnedKubectl() {
        String bin = System.getProperty("atrium.binDir");
        try (K3sBackend k3s = K3sBackend.start(java.nio.file.Path.of(bin == null ? "." : bin))) {
            String namespaces = k3s.controlPlane().kubectl("get", "namespaces").ok();
            assertTrue(namespaces.contains("kube-system"), namespaces);
        }
    }
}
