package dev.atrium.apiserver.access;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.atrium.apiserver.authn.UserInfo;
import dev.atrium.apiserver.json.Json;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Finds the {@link Principal} of a caller among User and Team objects, the way the controllers
 * bind them in RBAC: a User object stands for the Kubernetes user {@code spec.username} (default:
 * its name) and for members of its {@code spec.groups}; a name no User object has stands for the
 * Kubernetes user of that name; a team holds its {@code users} and members of its {@code groups}.
 */
public final class PrincipalResolver {

    private PrincipalResolver() {
    }

    public static Principal resolve(UserInfo caller, Collection<JsonObject> users, Collection<JsonObject> teams) {
        TreeSet<String> names = new TreeSet<>();
        boolean objectNamedAsCaller = false;
        for (JsonObject user : users) {
            String name = Json.string(user, "metadata", "name");
            JsonObject spec = spec(user);
            String username = Json.string(spec, "username");
            boolean authenticatesAs = caller.name().equals(username == null || username.isEmpty() ? name : username);
            boolean byGroup = strings(spec, "groups").stream().anyMatch(caller::inGroup);
            objectNamedAsCaller |= caller.name().equals(name);
            if (!authenticatesAs && !byGroup) {
                continue;
            }
            if (Boolean.TRUE.equals(bool(spec, "disabled"))) {
                if (authenticatesAs) {
                    return Principal.nobody(caller); // a disabled user loses all access
                }
                continue;
            }
            names.add(name);
        }
        if (!objectNamedAsCaller) {
            names.add(caller.name());
        }
        TreeSet<String> teamNames = new TreeSet<>();
        for (JsonObject team : teams) {
            JsonObject spec = spec(team);
            if (strings(spec, "users").stream().anyMatch(names::contains)
                    || strings(spec, "groups").stream().anyMatch(caller::inGroup)) {
                teamNames.add(Json.string(team, "metadata", "name"));
            }
        }
        return new Principal(caller, names, teamNames);
    }

    private static JsonObject spec(JsonObject object) {
        JsonObject spec = Json.object(object, "spec");
        return spec == null ? new JsonObject() : spec;
    }

    private static Boolean bool(JsonObject object, String field) {
        JsonElement value = object.get(field);
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean() ? value.getAsBoolean() : null;
    }

    private static List<String> strings(JsonObject object, String field) {
        List<String> values = new ArrayList<>();
        if (object.get(field) != null && object.get(field).isJsonArray()) {
            for (JsonElement element : object.getAsJsonArray(field)) {
                if (element.isJsonPrimitive()) {
                    values.add(element.getAsString());
                }
            }
        }
        return values;
    }
}
