package dev.atrium.apiserver.access;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.atrium.apiserver.authn.UserInfo;
import dev.atrium.apiserver.json.Json;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Who a caller is on the platform: the User objects it counts as and the teams it is in. A
 * project member of kind User matches one of those users, a member of kind Team one of those
 * teams; the project's owner counts as admin. A disabled user has no platform identity at all.
 */
public record Principal(UserInfo caller, SortedSet<String> users, SortedSet<String> teams) {

    public Principal {
        users = new TreeSet<>(users);
        teams = new TreeSet<>(teams);
    }

    static Principal nobody(UserInfo caller) {
        return new Principal(caller, new TreeSet<>(), new TreeSet<>());
    }

    /** The strongest role the caller has in {@code project} (a storage or management object). */
    public Optional<Role> roleIn(JsonObject project) {
        JsonObject spec = Json.object(project, "spec");
        if (spec == null) {
            return Optional.empty();
        }
        Role strongest = null;
        JsonObject owner = Json.object(spec, "owner");
        if (owner != null && (users.contains(string(owner, "user")) || teams.contains(string(owner, "team")))) {
            strongest = Role.ADMIN;
        }
        if (spec.get("members") != null && spec.get("members").isJsonArray()) {
            for (JsonElement element : spec.getAsJsonArray("members")) {
                if (!(element instanceof JsonObject member)) {
                    continue;
                }
                Set<String> names = "Team".equals(string(member, "kind")) ? teams : users;
                if (!names.contains(string(member, "name"))) {
                    continue;
                }
                Optional<Role> role = Role.parse(string(member, "role"));
                if (role.isPresent() && (strongest == null || role.get().includes(strongest))) {
                    strongest = role.get();
                }
            }
        }
        return Optional.ofNullable(strongest);
    }

    private static String string(JsonObject object, String field) {
        String value = Json.string(object, field);
        return value == null ? "" : value;
    }
}
