package dev.atrium.apiserver.access;

import com.google.gson.JsonObject;
import dev.atrium.apiserver.authn.UserInfo;
import dev.atrium.apiserver.authz.AuthorizationException;
import dev.atrium.apiserver.authz.Authorizer;
import dev.atrium.apiserver.authz.RequestAttributes;
import dev.atrium.apiserver.json.Json;
import dev.atrium.apiserver.resource.PlatformResources;
import dev.atrium.apiserver.storage.StorageClient;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Who may see and change which project, from this replica's mirrors of users, teams and
 * projects. A global admin is whoever RBAC lets update projects; everyone else has the roles
 * project membership gives.
 */
public final class ProjectAccess implements AutoCloseable {

    /** A project's instances live in the namespace {@code p-<project>}. */
    public static final String NAMESPACE_PREFIX = "p-";

    private final StorageMirror users;
    private final StorageMirror teams;
    private final StorageMirror projects;
    private final Authorizer rbac;

    public ProjectAccess(StorageMirror users, StorageMirror teams, StorageMirror projects, Authorizer rbac) {
        this.users = users;
        this.teams = teams;
        this.projects = projects;
        this.rbac = rbac;
    }

    /** Mirrors of users, teams and projects, started; {@code rbac} decides who is a global admin. */
    public static ProjectAccess start(StorageClient storage, Authorizer rbac) {
        return new ProjectAccess(new StorageMirror(storage, PlatformResources.USERS).start(),
                new StorageMirror(storage, PlatformResources.TEAMS).start(),
                new StorageMirror(storage, PlatformResources.PROJECTS).start(), rbac);
    }

    /** Whether the mirrors hold a first full list (a replica is not ready before). */
    public boolean synced() {
        try {
            return users.awaitSynced(0) && teams.awaitSynced(0) && projects.awaitSynced(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public Principal principal(UserInfo caller) {
        return PrincipalResolver.resolve(caller, users.values(), teams.values());
    }

    /** A global admin: RBAC allows updating projects at the cluster scope. */
    public boolean isAdmin(UserInfo caller) throws AuthorizationException {
        return rbac.authorize(RequestAttributes.forResource(caller, "update", PlatformResources.GROUP,
                PlatformResources.VERSION, PlatformResources.PROJECTS.plural(), "", "", "", "")).allowed();
    }

    /** The caller's role in the project named {@code project}, as this replica's mirror knows it. */
    public Optional<Role> roleInProject(Principal principal, String project) {
        return projects.get(project).flatMap(principal::roleIn);
    }

    /** The caller's role in the project whose namespace {@code namespace} is. */
    public Optional<Role> roleInNamespace(Principal principal, String namespace) {
        return projectOfNamespace(namespace).flatMap(project -> roleInProject(principal, project));
    }

    /** Every project the caller is a member of, with its role, by name. */
    public Map<String, Role> projectsOf(Principal principal) {
        Map<String, Role> roles = new TreeMap<>();
        for (JsonObject project : projects.values()) {
            principal.roleIn(project).ifPresent(role -> roles.put(Json.string(project, "metadata", "name"), role));
        }
        return roles;
    }

    public static Optional<String> projectOfNamespace(String namespace) {
        return namespace != null && namespace.startsWith(NAMESPACE_PREFIX) && namespace.length() > NAMESPACE_PREFIX.length()
                ? Optional.of(namespace.substring(NAMESPACE_PREFIX.length()))
                : Optional.empty();
    }

    /** {@code listener} runs after any change to users, teams or projects. */
    public void addListener(Runnable listener) {
        users.addListener(listener);
        teams.addListener(listener);
        projects.addListener(listener);
    }

    public void removeListener(Runnable listener) {
        users.removeListener(listener);
        teams.removeListener(listener);
        projects.removeListener(listener);
    }

    @Override
    public void close() {
        users.close();
        teams.close();
        projects.close();
    }
}
