package dev.atrium.apiserver.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.apiserver.authn.UserInfo;
import dev.atrium.apiserver.testing.TestClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachingAuthorizerTest {

    private static final UserInfo ALICE = new UserInfo("alice", List.of("devs"));

    private final TestClock clock = new TestClock();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile boolean failing;

    /** Allows "get", refuses the rest. */
    private final Authorizer delegate = attributes -> {
        calls.incrementAndGet();
        if (failing) {
            throw new AuthorizationException("kube-apiserver unreachable", null);
        }
        return attributes.verb().equals("get") ? Decision.allow("") : Decision.noOpinion("no rule");
    };

    private final CachingAuthorizer authorizer =
            new CachingAuthorizer(delegate, Duration.ofSeconds(10), Duration.ofSeconds(5), 3, clock);

    private static RequestAttributes request(String verb, String name) {
        return RequestAttributes.forResource(ALICE, verb, "management.atrium.dev", "v1", "projects", "", "", name,
                "/apis/management.atrium.dev/v1/projects/" + name);
    }

    @Test
    void allowedDecisionsAreRememberedForTenSeconds() throws Exception {
        assertTrue(authorizer.authorize(request("get", "a")).allowed());
        clock.advance(Duration.ofSeconds(9));
        assertTrue(authorizer.authorize(request("get", "a")).allowed());
        assertEquals(1, calls.get());
        clock.advance(Duration.ofSeconds(1));
        authorizer.authorize(request("get", "a"));
        assertEquals(2, calls.get());
    }

    @Test
    void deniedDecisionsAreRememberedForFiveSeconds() throws Exception {
        Decision denied = authorizer.authorize(request("delete", "a"));
        assertFalse(denied.allowed());
        assertEquals("no rule", denied.reason());
        clock.advance(Duration.ofSeconds(4));
        authorizer.authorize(request("delete", "a"));
        assertEquals(1, calls.get());
        clock.advance(Duration.ofSeconds(1));
        authorizer.authorize(request("delete", "a"));
        assertEquals(2, calls.get());
    }

    @Test
    void differentRequestsAndUsersAreDecidedSeparately() throws Exception {
        authorizer.authorize(request("get", "a"));
        authorizer.authorize(request("get", "b"));
        authorizer.authorize(new RequestAttributes(new UserInfo("bob", List.of("devs")), "get", "management.atrium.dev",
                "v1", "projects", "", "", "a", "/apis/management.atrium.dev/v1/projects/a", true));
        assertEquals(3, calls.get());
    }

    @Test
    void errorsAreNotRemembered() throws Exception {
        failing = true;
        assertThrows(AuthorizationException.class, () -> authorizer.authorize(request("get", "a")));
        failing = false;
        assertTrue(authorizer.authorize(request("get", "a")).allowed());
        assertEquals(2, calls.get());
    }

    @Test
    void sizeIsBoundedAndLeastRecentlyUsedGoesFirst() throws Exception {
        authorizer.authorize(request("get", "a"));
        authorizer.authorize(request("get", "b"));
        authorizer.authorize(request("get", "c"));
        authorizer.authorize(request("get", "a")); // a is now the most recently used
        authorizer.authorize(request("get", "d")); // evicts b
        assertEquals(3, authorizer.size());
        assertEquals(4, calls.get());
        authorizer.authorize(request("get", "a"));
        assertEquals(4, calls.get());
        authorizer.authorize(request("get", "b"));
        assertEquals(5, calls.get());
    }
}
