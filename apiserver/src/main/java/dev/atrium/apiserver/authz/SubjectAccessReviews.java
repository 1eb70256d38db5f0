package dev.atrium.apiserver.authz;

import io.kubernetes.client.openapi.models.V1SubjectAccessReview;
import io.kubernetes.client.openapi.models.V1SubjectAccessReviewStatus;

/** Submits a SubjectAccessReview and returns its status. */
@FunctionalInterface
public interface SubjectAccessReviews {

    /** @throws Exception when no answer could be had */
    V1SubjectAccessReviewStatus create(V1SubjectAccessReview review) throws Exception;
}
