package dev.atrium.apiserver.authn;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AuthenticationV1Api;
import io.kubernetes.client.openapi.models.V1TokenReview;
import io.kubernetes.client.openapi.models.V1TokenReviewSpec;
import io.kubernetes.client.openapi.models.V1TokenReviewStatus;
import io.kubernetes.client.openapi.models.V1UserInfo;
import java.util.List;

/** Reviews tokens with an {@code authentication.k8s.io/v1} TokenReview against kube-apiserver. */
public final class KubernetesTokenReviewer implements TokenReviewer {

    private final AuthenticationV1Api api;
    private final List<String> audiences;

    /** An empty {@code audiences} means kube-apiserver's own audiences. */
    public KubernetesTokenReviewer(ApiClient client, List<String> audiences) {
        this.api = new AuthenticationV1Api(client);
        this.audiences = List.copyOf(audiences);
    }

    @Override
    public Review review(String token) throws ApiException {
        var spec = new V1TokenReviewSpec().token(token);
        if (!audiences.isEmpty()) {
            spec.audiences(audiences);
        }
        var request = new V1TokenReview().apiVersion("authentication.k8s.io/v1").kind("TokenReview").spec(spec);
        V1TokenReviewStatus status = api.createTokenReview(request).execute().getStatus();
        if (status == null || !Boolean.TRUE.equals(status.getAuthenticated()) || status.getUser() == null
                || status.getUser().getUsername() == null || status.getUser().getUsername().isEmpty()) {
            return Review.rejected(status == null ? "no status" : status.getError());
        }
        V1UserInfo user = status.getUser();
        return Review.of(new UserInfo(user.getUsername(), user.getUid(), user.getGroups(), user.getExtra()));
    }
}
