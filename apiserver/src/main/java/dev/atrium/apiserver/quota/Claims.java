package dev.atrium.apiserver.quota;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.atrium.apiserver.json.Json;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Names claimed for creates in flight, with when (epoch milliseconds): one ledger entry, as JSON. */
record Claims(Map<String, Long> claimedAt) {

    Claims {
        claimedAt = Map.copyOf(claimedAt);
    }

    static Claims parse(String json) {
        Map<String, Long> claims = new TreeMap<>();
        if (json != null && !json.isBlank()) {
            JsonElement parsed;
            try {
                parsed = Json.parse(json);
            } catch (RuntimeException unreadable) {
                return new Claims(claims); // edited by hand: what exists still counts
            }
            if (parsed.isJsonObject()) {
                parsed.getAsJsonObject().entrySet().forEach(entry -> {
                    if (entry.getValue().isJsonPrimitive() && entry.getValue().getAsJsonPrimitive().isNumber()) {
                        claims.put(entry.getKey(), entry.getValue().getAsLong());
                    }
                });
            }
        }
        return new Claims(claims);
    }

    Claims withoutExpired(long nowMillis, Duration grace) {
        Map<String, Long> live = new TreeMap<>(claimedAt);
        live.values().removeIf(at -> nowMillis - at >= grace.toMillis() || at - nowMillis > grace.toMillis());
        return new Claims(live);
    }

    Claims with(String name, long nowMillis) {
        Map<String, Long> more = new TreeMap<>(claimedAt);
        more.put(name, nowMillis);
        return new Claims(more);
    }

    Claims without(String name) {
        Map<String, Long> fewer = new TreeMap<>(claimedAt);
        fewer.remove(name);
        return new Claims(fewer);
    }

    boolean contains(String name) {
        return claimedAt.containsKey(name);
    }

    Set<String> names() {
        return claimedAt.keySet();
    }

    String toJson() {
        JsonObject object = new JsonObject();
        new TreeMap<>(claimedAt).forEach(object::addProperty);
        return Json.toJson(object);
    }
}
