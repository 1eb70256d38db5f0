package dev.atrium.apiserver.authz;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AuthorizationV1Api;
import io.kubernetes.client.openapi.models.V1SubjectAccessReview;
import io.kubernetes.client.openapi.models.V1SubjectAccessReviewStatus;

/** Posts {@code authorization.k8s.io/v1} SubjectAccessReviews to kube-apiserver. */
public final class KubernetesSubjectAccessReviews implements SubjectAccessReviews {

    private final AuthorizationV1Api api;

    public KubernetesSubjectAccessReviews(ApiClient client) {
        this.api = new AuthorizationV1Api(client);
    }

    @Override
    public V1SubjectAccessReviewStatus create(V1SubjectAccessReview review) throws ApiException {
        return api.createSubjectAccessReview(review).execute().getStatus();
    }
}
