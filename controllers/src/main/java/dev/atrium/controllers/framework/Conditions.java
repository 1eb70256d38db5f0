package dev.atrium.controllers.framework;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/** metav1.Condition lists in status: set one condition, keeping lastTransitionTime while its status holds. */
public final class Conditions {
    private Conditions() {
    }

    public static JsonArray set(JsonObject status, String type, boolean value, String reason, String message,
                                long observedGeneration) {
        return set(status, type, value, reason, message, observedGeneration, Clock.systemUTC());
    }

    static JsonArray set(JsonObject status, String type, boolean value, String reason, String message,
                         long observedGeneration, Clock clock) {
        String wanted = value ? "True" : "False";
        JsonArray result = new JsonArray();
        String transition = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        JsonElement existing = status.get("conditions");
        if (existing instanceof JsonArray array) {
            for (JsonElement element : array) {
                if (element instanceof JsonObject condition && condition.has("type")
                        && type.equals(condition.get("type").getAsString())) {
                    if (condition.has("status") && wanted.equals(condition.get("status").getAsString())
                            && condition.has("lastTransitionTime")) {
                        transition = condition.get("lastTransitionTime").getAsString();
                    }
                } else {
                    result.add(element.deepCopy());
                }
            }
        }
        JsonObject condition = new JsonObject();
        condition.addProperty("type", type);
        condition.addProperty("status", wanted);
        condition.addProperty("observedGeneration", observedGeneration);
        condition.addProperty("lastTransitionTime", transition);
        condition.addProperty("reason", reason);
        condition.addProperty("message", message);
        result.add(condition);
        return result;
    }
}
