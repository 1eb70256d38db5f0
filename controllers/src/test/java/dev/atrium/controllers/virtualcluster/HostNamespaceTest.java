package dev.atrium.controllers.virtualcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HostNamespaceTest {
    private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

    @Test
    void aShortNameIsPlain() {
        assertEquals("vc-payments-dev", HostNamespace.of("payments", "dev"));
    }

    @Test
    void aLongNameIsCutToSixtyThreeAndStaysDistinct() {
        String project = "p".repeat(40);
        String a = HostNamespace.of(project, "a".repeat(30) + "-one");
        String b = HostNamespace.of(project, "a".repeat(30) + "-two");
        assertTrue(a.length() <= 63, a);
        assertTrue(a.matches(DNS_LABEL), a);
        assertTrue(a.startsWith("vc-" + project + "-aaa"), a);
        assertNotEquals(a, b);
    }

    @Test
    void aDottedNameBecomesALabel() {
        String name = HostNamespace.of("payments", "api.v2");
        assertTrue(name.matches(DNS_LABEL), name);
        assertTrue(name.startsWith("vc-payments-api-v2-"), name);
        assertNotEquals(name, HostNamespace.of("payments", "api-v2"));
    }

    @Test
    void theSameInstanceAlwaysGetsTheSameName() {
        String name = "x".repeat(70);
        assertEquals(HostNamespace.of("payments", name), HostNamespace.of("payments", name));
    }
}
