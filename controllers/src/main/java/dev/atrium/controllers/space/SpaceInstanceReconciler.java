package dev.atrium.controllers.space;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
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
import dev.atrium.controllers.project.ProjectReconciler;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ResourceQuota;
import io.kubernetes.client.openapi.models.V1ResourceQuotaSpec;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1RoleRef;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
  * SpaceInstance (in {@code p-<project>}) → namespace {@code spec.namespace} or
  * {@code <project>-<name>}, the RoleBinding {@value #OWNER_BINDING} (ClusterRole
  * atrium-project-admin) for its owner, the ResourceQuota {@value #QUOTA} from
  * {@code spec.resourceQuota.hard}, status (phase Pending/Ready/Terminating, namespace, Ready), and
  * the finalizer {@value #FINALIZER} that deletes the namespace first.
  */
public final class SpaceInstanceReconciler implements Reconciler {
    public static final String NAME = "spaceinstance";
    public static final String FINALIZER = "atrium.dev/spaceinstance-cleanup";
    /** Name of the space instance a namespace, RoleBinding or ResourceQuota belongs to ... */
    public static final String SPACE_LABEL = "atrium.dev/spaceinstance";
    /** ... and the namespace that space instance lives in. */
    public static final String SPACE_NAMESPACE_LABEL = "atrium.dev/spaceinstance-namespace";
    public static final String OWNER_BINDING = "atrium-owner";
    public static final String QUOTA = "atrium-quota";
    private static final Duration WAIT = Duration.ofSeconds(2);

    private final Cached<DynamicKubernetesObject> spaces;
    private final Cached<V1Namespace> namespaces;
    private final Cached<V1RoleBinding> roleBindings;
    private final Cached<V1ResourceQuota> quotas;
    private final Subjects subjects;

    public SpaceInstanceReconciler(Informers informers) {
        this.spaces = informers.storage(PlatformResources.SPACE_INSTANCES);
        this.namespaces = informers.namespaces();
        this.roleBindings = informers.roleBindings();
        this.quotas = informers.resourceQuotas();
        this.subjects = new Subjects(informers);
    }

    public ControllerBuilder watches(ControllerBuilder builder, Informers informers) {
        return builder.reconciler(this)
                .watchPrimary(spaces)
                .watch(namespaces, namespace -> byLabels(namespace.getMetadata()))
                .watch(roleBindings, roleBinding -> byLabels(roleBinding.getMetadata()))
                .watch(quotas, quota -> byLabels(quota.getMetadata()))
                // An owner's users and groups can change; spaces are few per team, so look at all.
                .watch(informers.storage(PlatformResources.TEAMS), team -> all())
                .watch(informers.storage(PlatformResources.USERS), user -> all());
    }

    @Override
    public Result reconcile(Request request) {
        Optional<DynamicKubernetesObject> found = spaces.get(request.namespace(), request.name());
        if (found.isEmpty()) {
            return Result.done();
        }
        DynamicKubernetesObject space = found.get();
        String namespaceName = targetNamespace(space);
        V1Namespace namespace = namespaces.get(namespaceName).orElse(null);
        boolean ours = namespace != null && owns(namespace.getMetadata(), request);
        JsonObject status = StorageObjects.status(space);
        status.addProperty("namespace", namespaceName);
        long generation = StorageObjects.generation(space);

        if (StorageObjects.deleting(space)) {
            if (!StorageObjects.finalizers(space).contains(FINALIZER)) {
                return Result.done();
            }
            if (ours) {
                status.addProperty("phase", "Terminating");
                status.add("conditions", Conditions.set(status, "Ready", false, "Terminating",
                        "deleting namespace " + namespaceName, generation));
                Result result = Result.of();
                if (namespace.getMetadata().getDeletionTimestamp() == null) {
                    result.delete(namespace);
                }
                return result.status(space, status).requeueAfter(WAIT);
            }
            return Result.of().finalizers(space, StorageObjects.withoutFinalizer(space, FINALIZER));
        }
        if (!StorageObjects.finalizers(space).contains(FINALIZER)) {
            return Result.of().finalizers(space, StorageObjects.withFinalizer(space, FINALIZER));
        }
        if (!request.namespace().startsWith(ProjectReconciler.NAMESPACE_PREFIX)) {
            return pending(space, status, "NotInProject",
                    "space instances live in a project namespace p-<project>", generation);
        }
        if (namespace != null && !ours) {
            return pending(space, status, "NamespaceConflict",
                    "namespace " + namespaceName + " exists and does not belong to this space", generation);
        }
        if (namespace != null && namespace.getMetadata().getDeletionTimestamp() != null) {
            return pending(space, status, "NamespaceTerminating",
                    "namespace " + namespaceName + " is being deleted; it is created again once gone", generation)
                    .requeueAfter(WAIT);
        }
        Map<String, String> labels = labels(request);
        Result result = Result.of().ensure(new V1Namespace().metadata(new V1ObjectMeta().name(namespaceName).labels(labels)));
        if (namespace == null) {
            return pending(result, space, status, "Provisioning", "creating namespace " + namespaceName, generation);
        }

        JsonObject owner = StorageObjects.spec(space, "owner");
        String ownerUser = StorageObjects.string(owner, "user");
        String ownerTeam = StorageObjects.string(owner, "team");
        result.ensure(new V1RoleBinding()
                .metadata(new V1ObjectMeta().name(OWNER_BINDING).namespace(namespaceName).labels(labels))
                .roleRef(new V1RoleRef().apiGroup("rbac.authorization.k8s.io").kind("ClusterRole")
                        .name("atrium-project-admin"))
                .subjects(ownerUser != null ? subjects.of("User", ownerUser)
                        : ownerTeam != null ? subjects.of("Team", ownerTeam) : List.of()));
        Map<String, Quantity> hard = hard(space);
        Optional<V1ResourceQuota> quota = quotas.get(namespaceName, QUOTA);
        if (hard.isEmpty()) {
            quota.filter(existing -> owns(existing.getMetadata(), request)).ifPresent(result::delete);
        } else {
            result.ensure(new V1ResourceQuota()
                    .metadata(new V1ObjectMeta().name(QUOTA).namespace(namespaceName).labels(labels))
                    .spec(new V1ResourceQuotaSpec().hard(hard)));
        }

        boolean ready = roleBindings.get(namespaceName, OWNER_BINDING).isPresent() && (hard.isEmpty() || quota.isPresent());
        if (!ready) {
            return pending(result, space, status, "Provisioning", "creating the owner binding and quota", generation);
        }
        status.addProperty("phase", "Ready");
        status.add("conditions", Conditions.set(status, "Ready", true, "Ready",
                "namespace " + namespaceName + " is ready", generation));
        return result.status(space, status);
    }

    private static Result pending(DynamicKubernetesObject space, JsonObject status, String reason, String message,
                                  long generation) {
        return pending(Result.of(), space, status, reason, message, generation);
    }

    private static Result pending(Result result, DynamicKubernetesObject space, JsonObject status, String reason,
                                  String message, long generation) {
        status.addProperty("phase", "Pending");
        status.add("conditions", Conditions.set(status, "Ready", false, reason, message, generation));
        return result.status(space, status);
    }

    /** {@code spec.namespace}, else {@code <project>-<name>}. */
    public static String targetNamespace(DynamicKubernetesObject space) {
        String explicit = StorageObjects.string(StorageObjects.spec(space), "namespace");
        if (explicit != null && !explicit.isEmpty()) {
            return explicit;
        }
        String namespace = StorageObjects.namespace(space);
        String project = namespace.startsWith(ProjectReconciler.NAMESPACE_PREFIX)
                ? namespace.substring(ProjectReconciler.NAMESPACE_PREFIX.length()) : namespace;
        return project + "-" + StorageObjects.name(space);
    }

    private static Map<String, Quantity> hard(DynamicKubernetesObject space) {
        Map<String, Quantity> hard = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> entry : StorageObjects.spec(space, "resourceQuota", "hard").entrySet()) {
            if (entry.getValue().isJsonPrimitive()) {
                hard.put(entry.getKey(), Quantity.fromString(entry.getValue().getAsString()));
            }
        }
        return hard;
    }

    private static Map<String, String> labels(Request request) {
        return Map.of(Labels.MANAGED_BY, Labels.ATRIUM, SPACE_LABEL, request.name(),
                SPACE_NAMESPACE_LABEL, request.namespace());
    }

    private static boolean owns(V1ObjectMeta metadata, Request request) {
        Map<String, String> labels = metadata.getLabels();
        return labels != null && request.name().equals(labels.get(SPACE_LABEL))
                && request.namespace().equals(labels.get(SPACE_NAMESPACE_LABEL));
    }

    private static List<Request> byLabels(V1ObjectMeta metadata) {
        Map<String, String> labels = metadata.getLabels();
        if (labels == null || labels.get(SPACE_LABEL) == null || labels.get(SPACE_NAMESPACE_LABEL) == null) {
            return List.of();
        }
        return List.of(new Request(labels.get(SPACE_NAMESPACE_LABEL), labels.get(SPACE_LABEL)));
    }

    private List<Request> all() {
        return spaces.list().stream()
                .map(space -> new Request(StorageObjects.namespace(space), StorageObjects.name(space))).toList();
    }
}
