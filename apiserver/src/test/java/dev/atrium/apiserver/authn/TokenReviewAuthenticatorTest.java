package dev.atrium.apiserver.authn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.atrium.apiserver.testing.TestClock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TokenReviewAuthenticatorTest {

    private final TestClock clock = new TestClock();
    private final AtomicInteger reviews = new AtomicInteger();
    private volatile boolean reviewerDown;

    private final TokenReviewer reviewer = token -> {
        reviews.incrementAndGet();
        if (reviewerDown) {
            throw new IOException("connection refused");
        }
        return token.equals("good")
                ? TokenReviewer.Review.of(new UserInfo("alice", List.of("devs")))
                : TokenReviewer.Review.rejected("token expired");
    };

    private final TokenReviewAuthenticator authenticator =
            new TokenReviewAuthenticator(reviewer, Duration.ofSeconds(10), clock);

    @Test
    void successIsCachedForTheTtl() {
        var first = assertInstanceOf(AuthenticationResult.Authenticated.class, authenticator.authenticate("good"));
        assertEquals("alice", first.user().name());
        clock.advance(Duration.ofSeconds(9));
        reviewerDown = true;
        assertInstanceOf(AuthenticationResult.Authenticated.class, authenticator.authenticate("good"));
        assertEquals(1, reviews.get());

        clock.advance(Duration.ofSeconds(1));
        assertInstanceOf(AuthenticationResult.Rejected.class, authenticator.authenticate("good"));
        assertEquals(2, reviews.get());
    }

    @Test
    void failuresAreNotCached() {
        var rejected = assertInstanceOf(AuthenticationResult.Rejected.class, authenticator.authenticate("bad"));
        assertEquals("invalid bearer token: token expired", rejected.reason());
        authenticator.authenticate("bad");
        assertEquals(2, reviews.get());

        reviewerDown = true;
        assertInstanceOf(AuthenticationResult.Rejected.class, authenticator.authenticate("good"));
        reviewerDown = false;
        assertInstanceOf(AuthenticationResult.Authenticated.class, authenticator.authenticate("good"));
    }

    @Test
    void bearerHeaderParsingFollowsKubernetes() {
        assertEquals("abc", TokenReviewAuthenticator.bearerToken("Bearer abc"));
        assertEquals("abc", TokenReviewAuthenticator.bearerToken("bearer abc"));
        assertEquals("abc", TokenReviewAuthenticator.bearerToken("Bearer abc extra"));
        assertNull(TokenReviewAuthenticator.bearerToken("Bearer "));
        assertNull(TokenReviewAuthenticator.bearerToken("Bearer"));
        assertNull(TokenReviewAuthenticator.bearerToken("Basic YWxpY2U6cHc="));
        assertNull(TokenReviewAuthenticator.bearerToken(null));
    }
}
