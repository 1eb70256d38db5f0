package dev.atrium.apiserver.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.atrium.apiserver.authn.UserInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForbiddenMessageTest {

    private static final UserInfo BOB = new UserInfo("bob", List.of());

    @Test
    void namedObjectInANamespace() {
        var attributes = RequestAttributes.forResource(BOB, "get", "management.atrium.dev", "v1", "spaceinstances",
                "", "p-web", "dev", "");
        assertEquals("spaceinstances.management.atrium.dev \"dev\" is forbidden: User \"bob\" cannot get resource "
                + "\"spaceinstances\" in API group \"management.atrium.dev\" in the namespace \"p-web\"",
                ForbiddenMessage.of(attributes, ""));
    }

    @Test
    void collectionAtClusterScopeWithReason() {
        var attributes = RequestAttributes.forResource(BOB, "list", "management.atrium.dev", "v1", "projects", "",
                "", "", "");
        assertEquals("projects.management.atrium.dev is forbidden: User \"bob\" cannot list resource \"projects\" "
                + "in API group \"management.atrium.dev\" at the cluster scope: RBAC: no binding",
                ForbiddenMessage.of(attributes, "RBAC: no binding"));
    }

    @Test
    void subresourceAndCoreGroup() {
        var attributes = RequestAttributes.forResource(BOB, "update", "", "v1", "pods", "status", "default", "web", "");
        assertEquals("pods \"web\" is forbidden: User \"bob\" cannot update resource \"pods/status\" in API group \"\" "
                + "in the namespace \"default\"", ForbiddenMessage.of(attributes, ""));
    }

    @Test
    void nonResourcePath() {
        assertEquals("forbidden: User \"bob\" cannot get path \"/metrics\"",
                ForbiddenMessage.of(RequestAttributes.forPath(BOB, "get", "/metrics"), null));
    }

    @Test
    void htmlCharactersAreEscaped() {
        var attributes = RequestAttributes.forPath(new UserInfo("<script>&", List.of()), "get", "/x");
        assertEquals("forbidden: User \"&lt;script&gt;&amp;\" cannot get path \"/x\"",
                ForbiddenMessage.of(attributes, ""));
    }
}
