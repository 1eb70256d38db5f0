package dev.atrium.controllers.user;

import com.google.gson.JsonObject;
import dev.atrium.apiserver.json.Json;
import dev.atrium.apiserver.resource.PlatformResources;
import dev.atrium.controllers.framework.Cached;
import dev.atrium.controllers.framework.ControllerBuilder;
import dev.atrium.controllers.framework.Informers;
import dev.atrium.controllers.framework.Reconciler;
import dev.atrium.controllers.framework.Request;
import dev.atrium.controllers.framework.Result;
import dev.atrium.controllers.framework.StorageObjects;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** User → {@code status.teams}: the teams listing the user by name or sharing one of its groups, sorted. */
public final class UserReconciler implements Reconciler {
    public static final String NAME = "user";

    private final Cached<DynamicKubernetesObject> users;
    private final Cached<DynamicKubernetesObject> teams;

    public UserReconciler(Informers informers) {
        this.users = informers.storage(PlatformResources.USERS);
        this.teams = informers.storage(PlatformResources.TEAMS);
    }

    public ControllerBuilder watches(ControllerBuilder builder) {
        return builder.reconciler(this)
                .watchPrimary(users)
                // A team change can add or drop any user (by name or by group): look at all of them.
                .watch(teams, team -> users.list().stream().map(user -> Request.of(StorageObjects.name(user))).toList());
    }

    @Override
    public Result reconcile(Request request) {
        Optional<DynamicKubernetesObject> found = users.get(request.name());
        if (found.isEmpty()) {
            return Result.done();
        }
        DynamicKubernetesObject user = found.get();
        List<String> groups = StorageObjects.strings(StorageObjects.spec(user), "groups");
        List<String> memberOf = teams.list().stream().filter(team -> {
            JsonObject spec = StorageObjects.spec(team);
            return StorageObjects.strings(spec, "users").contains(request.name())
                    || !Collections.disjoint(StorageObjects.strings(spec, "groups"), groups);
        }).map(StorageObjects::name).sorted().toList();
        JsonObject status = StorageObjects.status(user);
        status.add("teams", Json.strings(memberOf));
        return Result.of().status(user, status);
    }
}
