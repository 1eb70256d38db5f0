package dev.atrium.apiserver.authz;

import dev.atrium.apiserver.authn.UserInfo;
import io.kubernetes.client.openapi.models.V1NonResourceAttributes;
import io.kubernetes.client.openapi.models.V1ResourceAttributes;
import io.kubernetes.client.openapi.models.V1SubjectAccessReview;
import io.kubernetes.client.openapi.models.V1SubjectAccessReviewSpec;
import io.kubernetes.client.openapi.models.V1SubjectAccessReviewStatus;
import java.util.List;
import java.util.Map;

/**
 * Delegates decisions to kube-apiserver (its RBAC) with a SubjectAccessReview, as an aggregated
 * API server's delegating authorizer does. Allowed means allow, denied means deny, anything
 * else means no opinion.
 */
public final class SubjectAccessReviewAuthorizer implements Authorizer {

    private final SubjectAccessReviews reviews;

    public SubjectAccessReviewAuthorizer(SubjectAccessReviews reviews) {
        this.reviews = reviews;
    }

    @Override
    public Decision authorize(RequestAttributes attributes) throws AuthorizationException {
        V1SubjectAccessReviewStatus status;
        try {
            status = reviews.create(toReview(attributes));
        } catch (Exception e) {
            throw new AuthorizationException("SubjectAccessReview failed: " + e.getMessage(), e);
        }
        if (status == null) {
            throw new AuthorizationException("SubjectAccessReview returned no status", null);
        }
        if (Boolean.TRUE.equals(status.getAllowed())) {
            return Decision.allow(status.getReason());
        }
        if (Boolean.TRUE.equals(status.getDenied())) {
            return Decision.deny(status.getReason());
        }
        return Decision.noOpinion(status.getReason());
    }

    static V1SubjectAccessReview toReview(RequestAttributes attributes) {
        UserInfo user = attributes.user();
        var spec = new V1SubjectAccessReviewSpec()
                .user(user.name())
                .groups(List.copyOf(user.groups()))
                .extra(Map.copyOf(user.extra()));
        if (!user.uid().isEmpty()) {
            spec.uid(user.uid());
        }
        if (attributes.resourceRequest()) {
            spec.resourceAttributes(new V1ResourceAttributes()
                    .namespace(attributes.namespace())
                    .verb(attributes.verb())
                    .group(attributes.apiGroup())
                    .version(attributes.apiVersion())
                    .resource(attributes.resource())
                    .subresource(attributes.subresource())
                    .name(attributes.name()));
        } else {
            spec.nonResourceAttributes(new V1NonResourceAttributes()
                    .path(attributes.path())
                    .verb(attributes.verb()));
        }
        return new V1SubjectAccessReview()
                .apiVersion("authorization.k8s.io/v1")
                .kind("SubjectAccessReview")
                .spec(spec);
    }
}
