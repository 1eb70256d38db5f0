package dev.atrium.controllers.virtualcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VirtualClusterSettingsTest {
    private final VirtualClusterSettings settings = new VirtualClusterSettings("example.test/vc", "1.36.1");

    @Test
    void theImageIsTheRepositoryTaggedWithTheVersion() {
        assertEquals("example.test/vc:v1.35.0", settings.image("1.35.0"));
        assertEquals("example.test/vc:v1.35.0", settings.image("v1.35.0"));
        assertEquals("example.test/vc:v1.36.1", settings.image(null));
        assertEquals("example.test/vc:v1.36.1", settings.image(""));
        assertEquals("registry.k8s.io/kube-apiserver:v1.37.2", VirtualClusterSettings.DEFAULTS.image(null));
    }

    @Test
    void onlyReleaseLikeVersionsAreAccepted() {
        assertTrue(VirtualClusterSettings.validVersion("1.37"));
        assertTrue(VirtualClusterSettings.validVersion("v1.37.2-rc.1"));
        assertFalse(VirtualClusterSettings.validVersion("latest"));
        assertFalse(VirtualClusterSettings.validVersion("1.37.2 "));
        assertFalse(VirtualClusterSettings.validVersion("1.37:evil"));
        assertThrows(IllegalArgumentException.class, () -> new VirtualClusterSettings("r", "next"));
    }
}
