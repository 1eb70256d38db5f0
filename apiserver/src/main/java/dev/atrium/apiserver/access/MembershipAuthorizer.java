package dev.atrium.apiserver.access;

import dev.atrium.apiserver.authz.Authorizer;
import dev.atrium.apiserver.authz.Decision;
import dev.atrium.apiserver.authz.RequestAttributes;
import dev.atrium.apiserver.resource.PlatformResources;
import java.util.Optional;

/**
 * What project membership allows when RBAC does not: every user may ask who it is
 * ({@code selves}) and list or watch projects and instances (it sees only its own); reading a
 * named object is left to the resource handler, which answers 404 outside the caller's view.
 * {@code edit} creates and changes instances, {@code admin} also changes the project.
 */
public final class MembershipAuthorizer implements Authorizer {

    private final ProjectAccess access;

    public MembershipAuthorizer(ProjectAccess access) {
        this.access = access;
    }

    @Override
    public Decision authorize(RequestAttributes request) {
        if (!request.resourceRequest() || !PlatformResources.GROUP.equals(request.apiGroup())) {
            return Decision.noOpinion("");
        }
        if (!request.subresource().isEmpty() && !request.verb().equals("get")) {
            return Decision.noOpinion(""); // status belongs to the controllers
        }
        return switch (request.resource()) {
            case "selves" -> request.verb().equals("create")
                    ? Decision.allow("every user may review itself") : Decision.noOpinion("");
            case "projects" -> project(request);
            case "spaceinstances", "virtualclusterinstances" -> instance(request);
            default -> Decision.noOpinion("");
        };
    }

    private Decision project(RequestAttributes request) {
        return switch (request.verb()) {
            case "get", "list", "watch" -> Decision.allow("members see their projects");
            case "update", "patch", "delete" -> needs(Role.ADMIN,
                    access.roleInProject(access.principal(request.user()), request.name()), request.name(), true);
            default -> Decision.noOpinion("");
        };
    }

    private Decision instance(RequestAttributes request) {
        Optional<String> project = ProjectAccess.projectOfNamespace(request.namespace());
        Optional<Role> role = project.flatMap(name -> access.roleInProject(access.principal(request.user()), name));
        return switch (request.verb()) {
            case "get", "list", "watch" -> Decision.allow("members see their projects' instances");
            case "update", "patch", "delete" -> needs(Role.EDIT, role, project.orElse(""), true);
            case "create", "deletecollection" -> needs(Role.EDIT, role, project.orElse(""), false);
            default -> Decision.noOpinion("");
        };
    }

    /**
     * @param named a write to one object: outside the caller's view it passes on to be answered
     *              404, as if the object did not exist
     */
    private static Decision needs(Role needed, Optional<Role> role, String project, boolean named) {
        if (role.isEmpty()) {
            return named ? Decision.allow("not a member: answered as not found") : Decision.noOpinion("");
        }
        if (role.get().includes(needed)) {
            return Decision.allow("role " + role.get().value() + " in project " + project);
        }
        return Decision.deny("the role %s in project \"%s\" does not allow it, %s does".formatted(
                role.get().value(), project, needed.value()));
    }
}
