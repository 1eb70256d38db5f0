package dev.atrium.controllers.project;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.atrium.apiserver.access.ProjectAccess;
import dev.atrium.apiserver.resource.PlatformResources;
import dev.atrium.controllers.access.Subjects;
import dev.atrium.controllers.framework.Cached;
import dev.atrium.controllers.framework.Conditions;
import dev.atrium.controllers.framework.ControllerBuilder;
import dev.atrium.controllers.framework.Informers;
import dev.atrium.controllers.framework.Labels;
import dev.atrium.controllers.framework.Reconciler;
import dev.atrium.controllers.framework.Request;
import dev.atrium.controllers.framework.Result;
import dev.atrium.controllers.framework.StorageObjects;
import io.kubernetes.client.openapi.models.RbacV1Subject;
import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1ClusterRoleBinding;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1PolicyRule;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1RoleRef;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
  * Project → namespace {@code p-<name>}, one RoleBinding per member (and the owner, as admin) to
  * the ClusterRoles {@code atrium-project-{admin,edit,view}}, the ClusterRole and ClusterRoleBinding
  * {@code atrium:project:<name>} that let its admins change the project itself, status (namespace, usage, Ready), and
  * the finalizer {@value #FINALIZER} that deletes the namespace before the project goes.
  */
public final class ProjectReconciler implements Reconciler {
    public static final String NAME = "project";
    public static final String FINALIZER = "atrium.dev/project-cleanup";
    public static final String PROJECT_LABEL = "atrium.dev/project";
    public static final String NAMESPACE_PREFIX = ProjectAccess.NAMESPACE_PREFIX;
    private static final Duration WAIT = Duration.ofSeconds(2);

    private final Cached<DynamicKubernetesObject> projects;
    private final Cached<DynamicKubernetesObject> spaces;
    private final Cached<DynamicKubernetesObject> virtualClusters;
    private final Cached<V1Namespace> namespaces;
    private final Cached<V1RoleBinding> roleBindings;
    private final Cached<V1ClusterRole> clusterRoles;
    private final Cached<V1ClusterRoleBinding> clusterRoleBindings;
    private final Subjects subjects;

    public ProjectReconciler(Informers informers) {
        this.projects = informers.storage(PlatformResources.PROJECTS);
        this.spaces = informers.storage(PlatformResources.SPACE_INSTANCES);
        this.virtualClusters = informers.storage(PlatformResources.VIRTUAL_CLUSTER_INSTANCES);
        this.namespaces = informers.namespaces();
        this.roleBindings = informers.roleBindings();
        this.clusterRoles = informers.clusterRoles();
        this.clusterRoleBindings = informers.clusterRoleBindings();
        this.subjects = new Subjects(informers);
    }

    /** What a project depends on, each mapped back to the project's key. */
    public ControllerBuilder watches(ControllerBuilder builder, Informers informers) {
        return builder.reconciler(this)
                .watchPrimary(projects)
                .watch(namespaces, namespace -> byLabel(namespace.getMetadata()))
                .watch(roleBindings, roleBinding -> byLabel(roleBinding.getMetadata()))
                .watch(clusterRoles, role -> byLabel(role.getMetadata()))
                .watch(clusterRoleBindings, binding -> byLabel(binding.getMetadata()))
                .watch(spaces, space -> byNamespace(StorageObjects.namespace(space)))
                .watch(virtualClusters, vci -> byNamespace(StorageObjects.namespace(vci)))
                .watch(informers.storage(PlatformResources.TEAMS),
                        team -> referring(StorageObjects.name(team), null))
                .watch(informers.storage(PlatformResources.USERS),
                        user -> referring(null, StorageObjects.name(user)));
    }

    public static String namespaceOf(String project) {
        return NAMESPACE_PREFIX + project;
    }

    @Override
    public Result reconcile(Request request) {
        Optional<DynamicKubernetesObject> found = projects.get(request.name());
        if (found.isEmpty()) {
            return Result.done();
        }
        DynamicKubernetesObject project = found.get();
        String name = request.name();
        String namespaceName = namespaceOf(name);
        V1Namespace namespace = namespaces.get(namespaceName).orElse(null);
        boolean ours = namespace != null && name.equals(label(namespace.getMetadata(), PROJECT_LABEL));

        if (StorageObjects.deleting(project)) {
            if (!StorageObjects.finalizers(project).contains(FINALIZER)) {
                return Result.done();
            }
            if (ours) {
                Result result = Result.of();
                clusterRoleBindings.get(adminRoleName(name)).ifPresent(result::delete);
                clusterRoles.get(adminRoleName(name)).ifPresent(result::delete);
                if (namespace.getMetadata().getDeletionTimestamp() == null) {
                    result.delete(namespace);
                }
                return result.requeueAfter(WAIT); // kube-controller-manager empties and removes it
            }
            return Result.of().finalizers(project, StorageObjects.withoutFinalizer(project, FINALIZER));
        }
        if (!StorageObjects.finalizers(project).contains(FINALIZER)) {
            // The update brings a new version through the informer; the rest is done then.
            return Result.of().finalizers(project, StorageObjects.withFinalizer(project, FINALIZER));
        }

        JsonObject status = StorageObjects.status(project);
        status.addProperty("namespace", namespaceName);
        JsonObject usage = new JsonObject();
        usage.addProperty("spaceInstances", spaces.inNamespace(namespaceName).size());
        usage.addProperty("virtualClusterInstances", virtualClusters.inNamespace(namespaceName).size());
        status.add("usage", usage);
        long generation = StorageObjects.generation(project);

        if (namespace != null && !ours) {
            status.add("conditions", Conditions.set(status, "Ready", false, "NamespaceConflict",
                    "namespace " + namespaceName + " exists and does not belong to the project", generation));
            return Result.of().status(project, status);
        }
        if (namespace != null && namespace.getMetadata().getDeletionTimestamp() != null) {
            status.add("conditions", Conditions.set(status, "Ready", false, "NamespaceTerminating",
                    "namespace " + namespaceName + " is being deleted; it is created again once gone", generation));
            return Result.of().status(project, status).requeueAfter(WAIT);
        }
        Result result = Result.of().ensure(desiredNamespace(name, namespaceName));
        if (namespace == null) {
            status.add("conditions", Conditions.set(status, "Ready", false, "Provisioning",
                    "creating namespace " + namespaceName, generation));
            return result.status(project, status);
        }

        Map<String, V1RoleBinding> desired = desiredRoleBindings(project, name, namespaceName);
        for (V1RoleBinding existing : roleBindings.inNamespace(namespaceName)) {
            if (name.equals(label(existing.getMetadata(), PROJECT_LABEL))
                    && !desired.containsKey(existing.getMetadata().getName())) {
                result.delete(existing);
            }
        }
        desired.values().forEach(result::ensure);
        result.ensure(adminRole(name)).ensure(adminRoleBinding(project, name));
        status.add("conditions", Conditions.set(status, "Ready", true, "Ready",
                "namespace " + namespaceName + " and " + desired.size() + " role binding(s) in place", generation));
        return result.status(project, status);
    }

    private Map<String, V1RoleBinding> desiredRoleBindings(DynamicKubernetesObject project, String name, String namespace) {
        Map<String, V1RoleBinding> desired = new LinkedHashMap<>();
        JsonObject owner = StorageObjects.spec(project, "owner");
        for (String kind : List.of("User", "Team")) {
            String ownerName = StorageObjects.string(owner, kind.toLowerCase(Locale.ROOT));
            if (ownerName != null) {
                add(desired, roleBinding("atrium-owner-", kind, ownerName, "admin", name, namespace));
            }
        }
        for (JsonObject member : members(project)) {
            String kind = StorageObjects.string(member, "kind");
            String memberName = StorageObjects.string(member, "name");
            String role = StorageObjects.string(member, "role");
            if (kind != null && memberName != null && role != null) {
                add(desired, roleBinding("atrium-member-", kind, memberName, role, name, namespace));
            }
        }
        return desired;
    }

    /** {@code atrium:project:<name>}: the ClusterRole and ClusterRoleBinding that let the project's admins change it. */
    public static String adminRoleName(String project) {
        return "atrium:project:" + project;
    }

    private static V1ClusterRole adminRole(String project) {
        return new V1ClusterRole()
                .metadata(new V1ObjectMeta().name(adminRoleName(project)).labels(labels(project)))
                .rules(List.of(new V1PolicyRule().apiGroups(List.of(PlatformResources.GROUP))
                        .resources(List.of(PlatformResources.PROJECTS.plural())).resourceNames(List.of(project))
                        .verbs(List.of("get", "update", "patch", "delete"))));
    }

    /** The owner and the members with role admin. */
    private V1ClusterRoleBinding adminRoleBinding(DynamicKubernetesObject project, String name) {
        Set<RbacV1Subject> admins = new LinkedHashSet<>();
        JsonObject owner = StorageObjects.spec(project, "owner");
        for (String kind : List.of("User", "Team")) {
            String ownerName = StorageObjects.string(owner, kind.toLowerCase(Locale.ROOT));
            if (ownerName != null) {
                admins.addAll(subjects.of(kind, ownerName));
            }
        }
        for (JsonObject member : members(project)) {
            String kind = StorageObjects.string(member, "kind");
            String memberName = StorageObjects.string(member, "name");
            if (kind != null && memberName != null && "admin".equals(StorageObjects.string(member, "role"))) {
                admins.addAll(subjects.of(kind, memberName));
            }
        }
        List<RbacV1Subject> sorted = new ArrayList<>(admins);
        sorted.sort(Comparator.comparing(RbacV1Subject::getKind).thenComparing(RbacV1Subject::getName));
        return new V1ClusterRoleBinding()
                .metadata(new V1ObjectMeta().name(adminRoleName(name)).labels(labels(name)))
                .roleRef(new V1RoleRef().apiGroup("rbac.authorization.k8s.io").kind("ClusterRole").name(adminRoleName(name)))
                .subjects(sorted);
    }

    private static void add(Map<String, V1RoleBinding> desired, V1RoleBinding roleBinding) {
        desired.put(roleBinding.getMetadata().getName(), roleBinding);
    }

    private V1RoleBinding roleBinding(String prefix, String kind, String member, String role, String project,
                                      String namespace) {
        // The role is part of the name: changing a member's role makes a new binding and prunes the
        // old one, never an update of the immutable roleRef.
        String name = prefix + kind.toLowerCase(Locale.ROOT) + "-" + member + "-" + role;
        return new V1RoleBinding()
                .metadata(new V1ObjectMeta().name(name).namespace(namespace).labels(labels(project)))
                .roleRef(new V1RoleRef().apiGroup("rbac.authorization.k8s.io").kind("ClusterRole")
                        .name("atrium-project-" + role))
                .subjects(subjects.of(kind, member));
    }

    private static V1Namespace desiredNamespace(String project, String namespace) {
        return new V1Namespace().metadata(new V1ObjectMeta().name(namespace).labels(labels(project)));
    }

    private static Map<String, String> labels(String project) {
        return Map.of(Labels.MANAGED_BY, Labels.ATRIUM, PROJECT_LABEL, project);
    }

    private static List<JsonObject> members(DynamicKubernetesObject project) {
        JsonObject spec = StorageObjects.spec(project);
        JsonElement members = spec.get("members");
        if (members == null || !members.isJsonArray()) {
            return List.of();
        }
        return members.getAsJsonArray().asList().stream()
                .filter(JsonElement::isJsonObject).map(JsonElement::getAsJsonObject).toList();
    }

    private static List<Request> byLabel(V1ObjectMeta metadata) {
        String project = label(metadata, PROJECT_LABEL);
        return project == null ? List.of() : List.of(Request.of(project));
    }

    private static List<Request> byNamespace(String namespace) {
        return namespace != null && namespace.startsWith(NAMESPACE_PREFIX)
                ? List.of(Request.of(namespace.substring(NAMESPACE_PREFIX.length()))) : List.of();
    }

    /** Projects whose owner or members name the team, or refer to the user directly or through a team. */
    private List<Request> referring(String team, String user) {
        return projects.list().stream().filter(project -> {
            JsonObject owner = StorageObjects.spec(project, "owner");
            if (matches("User", StorageObjects.string(owner, "user"), team, user)
                    || matches("Team", StorageObjects.string(owner, "team"), team, user)) {
                return true;
            }
            return members(project).stream().anyMatch(member -> matches(StorageObjects.string(member, "kind"),
                    StorageObjects.string(member, "name"), team, user));
        }).map(project -> Request.of(StorageObjects.name(project))).toList();
    }

    private boolean matches(String kind, String name, String team, String user) {
        if (kind == null || name == null) {
            return false;
        }
        if (team != null) {
            return "Team".equals(kind) && name.equals(team);
        }
        return subjects.refersToUser(kind, name, user);
    }

    private static String label(V1ObjectMeta metadata, String key) {
        return metadata.getLabels() == null ? null : metadata.getLabels().get(key);
    }
}
