package dev.atrium.controllers.access;

import com.google.gson.JsonObject;
import dev.atrium.apiserver.resource.PlatformResources;
import dev.atrium.controllers.framework.Cached;
import dev.atrium.controllers.framework.Informers;
import dev.atrium.controllers.framework.StorageObjects;
import io.kubernetes.client.openapi.models.RbacV1Subject;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
  * Turns platform principals into RBAC subjects: a User into the Kubernetes user it authenticates
  * as (spec.username, default its name; nothing when disabled), a Team into its users and its
  * groups. Reads the informer caches only.
  */
public final class Subjects {
    private static final String RBAC_GROUP = "rbac.authorization.k8s.io";

    private final Cached<DynamicKubernetesObject> users;
    private final Cached<DynamicKubernetesObject> teams;

    public Subjects(Informers informers) {
        this.users = informers.storage(PlatformResources.USERS);
        this.teams = informers.storage(PlatformResources.TEAMS);
    }

    /** {@code kind} is "User" or "Team"; the subjects are sorted and distinct. */
    public List<RbacV1Subject> of(String kind, String name) {
        Set<RbacV1Subject> subjects = new LinkedHashSet<>();
        if ("User".equals(kind)) {
            user(name).ifPresent(subjects::add);
        } else if ("Team".equals(kind)) {
            teams.get(name).ifPresent(team -> {
                JsonObject spec = StorageObjects.spec(team);
                StorageObjects.strings(spec, "users").forEach(user -> user(user).ifPresent(subjects::add));
                StorageObjects.strings(spec, "groups").forEach(group -> subjects.add(subject("Group", group)));
            });
        }
        List<RbacV1Subject> sorted = new ArrayList<>(subjects);
        sorted.sort(Comparator.comparing(RbacV1Subject::getKind).thenComparing(RbacV1Subject::getName));
        return sorted;
    }

    /** Whether {@code kind/name} refers, directly or through a team, to the User object {@code user}. */
    public boolean refersToUser(String kind, String name, String user) {
        if ("User".equals(kind)) {
            return name.equals(user);
        }
        return "Team".equals(kind) && teams.get(name)
                .map(team -> StorageObjects.strings(StorageObjects.spec(team), "users").contains(user))
                .orElse(false);
    }

    private Optional<RbacV1Subject> user(String name) {
        Optional<DynamicKubernetesObject> user = users.get(name);
        JsonObject spec = user.map(StorageObjects::spec).orElseGet(JsonObject::new);
        if (StorageObjects.bool(spec, "disabled")) {
            return Optional.empty();
        }
        String username = StorageObjects.string(spec, "username");
        return Optional.of(subject("User", username == null || username.isEmpty() ? name : username));
    }

    private static RbacV1Subject subject(String kind, String name) {
        return new RbacV1Subject().kind(kind).apiGroup(RBAC_GROUP).name(name);
    }
}
