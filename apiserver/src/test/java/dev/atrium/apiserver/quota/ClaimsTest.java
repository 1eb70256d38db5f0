package dev.atrium.apiserver.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClaimsTest {

    @Test
    void claimsExpireAfterTheGrace() {
        Claims claims = Claims.parse("{\"a\":1000,\"b\":20000,\"c\":40000}");
        assertEquals(Set.of("b", "c"), claims.withoutExpired(45_000, Duration.ofSeconds(30)).names());
    }

    @Test
    void claimsFromTheFutureAreNotTrusted() {
        Claims claims = Claims.parse("{\"a\":999999999}");
        assertEquals(Set.of(), claims.withoutExpired(1_000, Duration.ofSeconds(30)).names());
    }

    @Test
    void aReleasedClaimIsGone() {
        assertEquals(Set.of("y"), Claims.parse(null).with("x", 5).with("y", 6).without("x").names());
    }

    @Test
    void roundTripsAndToleratesAHandEditedLedger() {
        Claims claims = Claims.parse(null).with("x", 5).with("y", 6);
        assertEquals(claims, Claims.parse(claims.toJson()));
        assertEquals(Set.of(), Claims.parse("not json {").names());
        assertEquals(Set.of("ok"), Claims.parse("{\"ok\":1,\"bad\":\"x\"}").names());
    }
}
