package dev.atrium.apiserver.authn;

/** Asks someone (kube-apiserver's TokenReview API) whom a bearer token belongs to. */
@FunctionalInterface
public interface TokenReviewer {

    /** The answer: the user when authenticated, otherwise the reviewer's error text, if any. */
    record Review(boolean authenticated, UserInfo user, String error) {

        public static Review of(UserInfo user) {
            return new Review(true, user, "");
        }

        public static Review rejected(String error) {
            return new Review(false, null, error == null ? "" : error);
        }
    }

    /** @throws Exception when no answer could be had (network, server error) */
    Review review(String token) throws Exception;
}
