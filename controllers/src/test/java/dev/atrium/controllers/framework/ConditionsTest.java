package dev.atrium.controllers.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ConditionsTest {
    private static final Clock T1 = Clock.fixed(Instant.parse("2026-01-01T10:00:00.123Z"), ZoneOffset.UTC);
    private static final Clock T2 = Clock.fixed(Instant.parse("2026-01-01T11:00:00Z"), ZoneOffset.UTC);

    @Test
    void aNewConditionTransitionsNowToTheSecond() {
        JsonArray conditions = Conditions.set(new JsonObject(), "Ready", true, "Ready", "ok", 3, T1);
        JsonObject ready = conditions.get(0).getAsJsonObject();
        assertEquals("True", ready.get("status").getAsString());
        assertEquals("2026-01-01T10:00:00Z", ready.get("lastTransitionTime").getAsString());
        assertEquals(3, ready.get("observedGeneration").getAsLong());
    }

    @Test
    void theTransitionTimeStaysWhileTheStatusHoldsSoAnUnchangedStatusIsNotRewritten() {
        JsonObject status = new JsonObject();
        status.add("conditions", Conditions.set(status, "Ready", true, "Ready", "ok", 1, T1));
        JsonArray again = Conditions.set(status, "Ready", true, "Ready", "ok", 1, T2);
        assertEquals(status.get("conditions"), again);
    }

    @Test
    void aFlipMovesTheTransitionTimeAndKeepsOtherConditions() {
        JsonObject other = new JsonObject();
        other.addProperty("type", "Other");
        JsonObject status = new JsonObject();
        JsonArray conditions = new JsonArray();
        conditions.add(other);
        status.add("conditions", conditions);
        status.add("conditions", Conditions.set(status, "Ready", true, "Ready", "ok", 1, T1));

        JsonArray flipped = Conditions.set(status, "Ready", false, "Broken", "no", 2, T2);

        assertEquals(2, flipped.size());
        assertEquals(other, flipped.get(0));
        JsonObject ready = flipped.get(1).getAsJsonObject();
        assertEquals("False", ready.get("status").getAsString());
        assertEquals("Broken", ready.get("reason").getAsString());
        assertEquals("2026-01-01T11:00:00Z", ready.get("lastTransitionTime").getAsString());
    }
}
