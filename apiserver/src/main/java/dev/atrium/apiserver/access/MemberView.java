package dev.atrium.apiserver.access;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.atrium.apiserver.authn.UserInfo;
import dev.atrium.apiserver.json.Json;
import dev.atrium.apiserver.resource.PlatformResources;
import dev.atrium.apiserver.resource.ResourceDefinition;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a caller who is not a global admin sees of one resource: the projects it is a member of, and
 * the instances in those projects' namespaces. Everything else is as if it did not exist.
 */
public final class MemberView {

    private final ProjectAccess access;
    private final UserInfo caller;
    private final ResourceDefinition resource;
    private volatile Principal principal;

    public MemberView(ProjectAccess access, UserInfo caller, ResourceDefinition resource) {
        this.access = access;
        this.caller = caller;
        this.resource = resource;
        this.principal = access.principal(caller);
    }

    /** Looks the caller up again (users and teams change); true when it counts as other users or teams now. */
    public boolean refresh() {
        Principal now = access.principal(caller);
        boolean changed = !now.equals(principal);
        principal = now;
        return changed;
    }

    /** Whether the filter applies to {@code resource} at all (users, teams and selves are RBAC's alone). */
    public static boolean filters(ResourceDefinition resource) {
        return resource == PlatformResources.PROJECTS || resource == PlatformResources.SPACE_INSTANCES
                || resource == PlatformResources.VIRTUAL_CLUSTER_INSTANCES;
    }

    public boolean isProjects() {
        return resource == PlatformResources.PROJECTS;
    }

    /** Whether the caller sees this object (storage or management form), judged by the object itself for projects. */
    public boolean sees(JsonObject object) {
        if (isProjects()) {
            return principal.roleIn(object).isPresent();
        }
        return access.roleInNamespace(principal, Json.string(object, "metadata", "namespace")).isPresent();
    }

    /** Whether the caller sees the object named so, judged from the mirrored projects (before a write). */
    public boolean sees(String namespace, String name) {
        return isProjects()
                ? access.roleInProject(principal, name).isPresent()
                : access.roleInNamespace(principal, namespace).isPresent();
    }

    /** The projects whose objects the caller sees now. */
    public Set<String> visibleProjects() {
        return new TreeSet<>(access.projectsOf(principal).keySet());
    }

    /** The project an object belongs to: itself, or the one whose namespace it is in. */
    public String projectOf(JsonObject object) {
        return isProjects()
                ? Json.string(object, "metadata", "name")
                : ProjectAccess.projectOfNamespace(Json.string(object, "metadata", "namespace")).orElse("");
    }

    /** A list with only the items the caller sees; its metadata (resourceVersion, continue) unchanged. */
    public JsonObject filterList(JsonObject list) {
        if (!(list.get("items") instanceof JsonArray items)) {
            return list;
        }
        JsonArray visible = new JsonArray();
        for (JsonElement item : items) {
            if (item instanceof JsonObject object && sees(object)) {
                visible.add(object);
            }
        }
        list.add("items", visible);
        return list;
    }
}
