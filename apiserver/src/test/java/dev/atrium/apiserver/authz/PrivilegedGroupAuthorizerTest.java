package dev.atrium.apiserver.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.apiserver.authn.UserInfo;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PrivilegedGroupAuthorizerTest {

    private final AtomicInteger asked = new AtomicInteger();
    private final Authorizer authorizer = PrivilegedGroupAuthorizer.systemMasters(attributes -> {
        asked.incrementAndGet();
        return Decision.deny("denied by delegate");
    });

    @Test
    void systemMastersAreAlwaysAllowedWithoutAskingTheDelegate() throws Exception {
        var admin = new UserInfo("admin", List.of("system:authenticated", "system:masters"));
        assertTrue(authorizer.authorize(RequestAttributes.forPath(admin, "get", "/metrics")).allowed());
        assertTrue(authorizer.authorize(RequestAttributes.forResource(admin, "delete", "management.atrium.dev", "v1",
                "projects", "", "", "p", "")).allowed());
        assertEquals(0, asked.get());
    }

    @Test
    void everyoneElseIsDecidedByTheDelegate() throws Exception {
        var user = new UserInfo("system:masters", List.of("system:authenticated"));
        assertFalse(authorizer.authorize(RequestAttributes.forPath(user, "get", "/metrics")).allowed());
        assertEquals(1, asked.get());
    }
}
