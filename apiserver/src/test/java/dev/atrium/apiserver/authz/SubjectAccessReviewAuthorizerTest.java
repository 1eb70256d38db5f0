package dev.atrium.apiserver.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.atrium.apiserver.authn.UserInfo;
import io.kubernetes.client.openapi.models.V1SubjectAccessReview;
import io.kubernetes.client.openapi.models.V1SubjectAccessReviewStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SubjectAccessReviewAuthorizerTest {

    private static final UserInfo ALICE =
            new UserInfo("alice", "uid-1", List.of("devs"), Map.of("scopes", List.of("openid")));

    private final AtomicReference<V1SubjectAccessReview> sent = new AtomicReference<>();

    private Authorizer answering(V1SubjectAccessReviewStatus status) {
        return new SubjectAccessReviewAuthorizer(review -> {
            sent.set(review);
            return status;
        });
    }

    @Test
    void resourceRequestsAreReviewedWithResourceAttributes() throws Exception {
        var authorizer = answering(new V1SubjectAccessReviewStatus().allowed(true).reason("RBAC: allowed"));
        Decision decision = authorizer.authorize(RequestAttributes.forResource(ALICE, "update",
                "management.atrium.dev", "v1", "spaceinstances", "status", "p-web", "dev", ""));
        assertEquals(Decision.allow("RBAC: allowed"), decision);

        var spec = sent.get().getSpec();
        assertEquals("authorization.k8s.io/v1", sent.get().getApiVersion());
        assertEquals("SubjectAccessReview", sent.get().getKind());
        assertEquals("alice", spec.getUser());
        assertEquals("uid-1", spec.getUid());
        assertEquals(List.of("devs"), spec.getGroups());
        assertEquals(Map.of("scopes", List.of("openid")), spec.getExtra());
        assertNull(spec.getNonResourceAttributes());
        var resource = spec.getResourceAttributes();
        assertEquals("update", resource.getVerb());
        assertEquals("management.atrium.dev", resource.getGroup());
        assertEquals("v1", resource.getVersion());
        assertEquals("spaceinstances", resource.getResource());
        assertEquals("status", resource.getSubresource());
        assertEquals("p-web", resource.getNamespace());
        assertEquals("dev", resource.getName());
    }

    @Test
    void pathRequestsAreReviewedWithNonResourceAttributes() throws Exception {
        var authorizer = answering(new V1SubjectAccessReviewStatus().allowed(false).denied(true).reason("no"));
        assertEquals(Decision.deny("no"), authorizer.authorize(RequestAttributes.forPath(ALICE, "get", "/openapi/v3")));
        var spec = sent.get().getSpec();
        assertNull(spec.getResourceAttributes());
        assertEquals("/openapi/v3", spec.getNonResourceAttributes().getPath());
        assertEquals("get", spec.getNonResourceAttributes().getVerb());
    }

    @Test
    void neitherAllowedNorDeniedIsNoOpinion() throws Exception {
        var authorizer = answering(new V1SubjectAccessReviewStatus().allowed(false));
        Decision decision = authorizer.authorize(RequestAttributes.forPath(ALICE, "get", "/metrics"));
        assertEquals(Decision.Outcome.NO_OPINION, decision.outcome());
    }

    @Test
    void failuresAreErrorsNotDenials() {
        var authorizer = new SubjectAccessReviewAuthorizer(review -> {
            throw new java.io.IOException("connection refused");
        });
        assertThrows(AuthorizationException.class,
                () -> authorizer.authorize(RequestAttributes.forPath(ALICE, "get", "/metrics")));
    }
}
