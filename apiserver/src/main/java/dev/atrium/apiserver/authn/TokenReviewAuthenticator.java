package dev.atrium.apiserver.authn;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates {@code Authorization: Bearer <token>} through a {@link TokenReviewer}.
 * Successful reviews are cached briefly, keyed by the token's SHA-256 so the token itself is
 * never kept or logged. The Authorization header is removed once the token is accepted.
 */
public final class TokenReviewAuthenticator implements Authenticator {

    public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(TokenReviewAuthenticator.class);
    private static final int MAX_CACHED = 4096;

    private final TokenReviewer reviewer;
    private final Duration ttl;
    private final InstantSource clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(UserInfo user, Instant expires) {}

    public TokenReviewAuthenticator(TokenReviewer reviewer, Duration ttl, InstantSource clock) {
        this.reviewer = reviewer;
        this.ttl = ttl;
        this.clock = clock;
    }

    public TokenReviewAuthenticator(TokenReviewer reviewer) {
        this(reviewer, DEFAULT_TTL, InstantSource.system());
    }

    @Override
    public AuthenticationResult authenticate(HttpServerExchange exchange) {
        String token = bearerToken(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION));
        if (token == null) {
            return AuthenticationResult.noCredentials();
        }
        AuthenticationResult result = authenticate(token);
        if (result instanceof AuthenticationResult.Authenticated) {
            exchange.getRequestHeaders().remove(Headers.AUTHORIZATION);
        }
        return result;
    }

    AuthenticationResult authenticate(String token) {
        String key = sha256(token);
        Instant now = clock.instant();
        Cached cached = cache.get(key);
        if (cached != null && now.isBefore(cached.expires())) {
            return AuthenticationResult.authenticated(cached.user());
        }
        TokenReviewer.Review review;
        try {
            review = reviewer.review(token);
        } catch (Exception e) {
            LOG.warn("TokenReview failed: {}", e.toString());
            return AuthenticationResult.rejected("token review failed");
        }
        if (!review.authenticated()) {
            return AuthenticationResult.rejected("invalid bearer token"
                    + (review.error().isEmpty() ? "" : ": " + review.error()));
        }
        if (cache.size() >= MAX_CACHED) {
            cache.values().removeIf(entry -> !now.isBefore(entry.expires()));
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
        }
        cache.put(key, new Cached(review.user(), now.plus(ttl)));
        return AuthenticationResult.authenticated(review.user());
    }

    /** As Kubernetes: "Bearer" in any case, then a non-empty token; anything else is no token. */
    static String bearerToken(String authorization) {
        if (authorization == null) {
            return null;
        }
        String[] parts = authorization.split(" ", 3);
        if (parts.length < 2 || !parts[0].equalsIgnoreCase("bearer") || parts[1].isEmpty()) {
            return null;
        }
        return parts[1];
    }

    private static String sha256(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
