package dev.atrium.controllers.virtualcluster;

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
import io.kubernetes.client.openapi.models.RbacV1Subject;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1StatefulSetStatus;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
  * VirtualClusterInstance (in {@code p-<project>}) → the host namespace {@link HostNamespace}
  * ({@code vc-<project>-<name>}) holding the {@link VirtualClusterWorkload}, status (phase
  * Pending until the StatefulSet has all replicas ready, then Ready; Terminating while deleted;
  * hostNamespace; Ready), and the finalizer {@value #FINALIZER} that deletes the host namespace
  * first.
  */
public final class VirtualClusterInstanceReconciler implements Reconciler {
    public static final String NAME = "virtualclusterinstance";
    public static final String FINALIZER = "atrium.dev/virtualclusterinstance-cleanup";
    /** Name of the instance a host namespace or workload object belongs to ... */
    public static final String INSTANCE_LABEL = "atrium.dev/virtualclusterinstance";
    /** ... and the namespace that instance lives in. */
    public static final String INSTANCE_NAMESPACE_LABEL = "atrium.dev/virtualclusterinstance-namespace";
    private static final int MAX_LABEL_VALUE = 63;
    private static final Duration WAIT = Duration.ofSeconds(2);

    private final Cached<DynamicKubernetesObject> instances;
    private final Cached<V1Namespace> namespaces;
    private final Cached<V1StatefulSet> statefulSets;
    private final Subjects subjects;
    private final VirtualClusterSettings settings;

    public VirtualClusterInstanceReconciler(Informers informers, VirtualClusterSettings settings) {
        this.instances = informers.storage(PlatformResources.VIRTUAL_CLUSTER_INSTANCES);
        this.namespaces = informers.namespaces();
        this.statefulSets = informers.statefulSets();
        this.subjects = new Subjects(informers);
        this.settings = settings;
    }

    public ControllerBuilder watches(ControllerBuilder builder, Informers informers) {
        return builder.reconciler(this)
                .watchPrimary(instances)
                .watch(namespaces, namespace -> byLabels(namespace.getMetadata()))
                .watch(informers.serviceAccounts(), account -> byLabels(account.getMetadata()))
                .watch(informers.roles(), role -> byLabels(role.getMetadata()))
                .watch(informers.roleBindings(), binding -> byLabels(binding.getMetadata()))
                .watch(informers.secrets(), secret -> byLabels(secret.getMetadata()))
                .watch(informers.services(), service -> byLabels(service.getMetadata()))
                .watch(statefulSets, set -> byLabels(set.getMetadata()))
                // An owner's users and groups can change; virtual clusters are few, so look at all.
                .watch(informers.storage(PlatformResources.TEAMS), team -> all())
                .watch(informers.storage(PlatformResources.USERS), user -> all());
    }

    @Override
    public Result reconcile(Request request) {
        Optional<DynamicKubernetesObject> found = instances.get(request.namespace(), request.name());
        if (found.isEmpty()) {
            return Result.done();
        }
        DynamicKubernetesObject instance = found.get();
        String hostNamespace = hostNamespace(request);
        V1Namespace namespace = namespaces.get(hostNamespace).orElse(null);
        boolean ours = namespace != null && owns(namespace.getMetadata(), request);
        JsonObject status = StorageObjects.status(instance);
        status.addProperty("hostNamespace", hostNamespace);
        long generation = StorageObjects.generation(instance);

        if (StorageObjects.deleting(instance)) {
            if (!StorageObjects.finalizers(instance).contains(FINALIZER)) {
                return Result.done();
            }
            if (ours) {
                status.addProperty("phase", "Terminating");
                status.add("conditions", Conditions.set(status, "Ready", false, "Terminating",
                        "deleting host namespace " + hostNamespace, generation));
                Result result = Result.of();
                if (namespace.getMetadata().getDeletionTimestamp() == null) {
                    result.delete(namespace);
                }
                return result.status(instance, status).requeueAfter(WAIT);
            }
            return Result.of().finalizers(instance, StorageObjects.withoutFinalizer(instance, FINALIZER));
        }
        if (!StorageObjects.finalizers(instance).contains(FINALIZER)) {
            return Result.of().finalizers(instance, StorageObjects.withFinalizer(instance, FINALIZER));
        }
        if (!request.namespace().startsWith(ProjectReconciler.NAMESPACE_PREFIX)) {
            return pending(Result.of(), instance, status, "NotInProject",
                    "virtual cluster instances live in a project namespace p-<project>", generation);
        }
        if (request.name().length() > MAX_LABEL_VALUE) {
            return pending(Result.of(), instance, status, "NameTooLong",
                    "the name must be at most " + MAX_LABEL_VALUE + " characters: it labels the objects it owns",
                    generation);
        }
        JsonObject spec = StorageObjects.spec(instance);
        String requestedVersion = StorageObjects.string(spec, "kubernetesVersion");
        if (requestedVersion != null && !requestedVersion.isEmpty() && !VirtualClusterSettings.validVersion(requestedVersion)) {
            return pending(Result.of(), instance, status, "InvalidKubernetesVersion",
                    "kubernetesVersion " + requestedVersion + " is not a version like 1.37.2", generation);
        }
        if (namespace != null && !ours) {
            return pending(Result.of(), instance, status, "NamespaceConflict",
                    "namespace " + hostNamespace + " exists and does not belong to this virtual cluster", generation);
        }
        if (namespace != null && namespace.getMetadata().getDeletionTimestamp() != null) {
            return pending(Result.of(), instance, status, "NamespaceTerminating",
                    "namespace " + hostNamespace + " is being deleted; it is created again once gone", generation)
                    .requeueAfter(WAIT);
        }
        Map<String, String> labels = labels(request);
        Result result = Result.of().ensure(new V1Namespace().metadata(new V1ObjectMeta().name(hostNamespace).labels(labels)));
        if (namespace == null) {
            return pending(result, instance, status, "Provisioning", "creating host namespace " + hostNamespace, generation);
        }

        int replicas = replicas(spec);
        VirtualClusterWorkload workload = VirtualClusterWorkload.render(
                new VirtualClusterWorkload.Spec(hostNamespace, settings.image(requestedVersion),
                        settings.version(requestedVersion), replicas, Objects.requireNonNullElse(StorageObjects.string(spec, "values"), "")),
                labels, request.name(), owners(instance));
        workload.all().forEach(result::ensure);

        V1StatefulSet observed = statefulSets.get(hostNamespace, VirtualClusterWorkload.NAME).orElse(null);
        if (observed == null) {
            return pending(result, instance, status, "Provisioning", "creating the workload in " + hostNamespace, generation);
        }
        int ready = readyReplicas(observed, workload.statefulSet());
        if (ready < replicas || ready < 0) {
            return pending(result, instance, status, "ReplicasNotReady",
                    Math.max(ready, 0) + "/" + replicas + " replicas ready", generation);
        }
        status.addProperty("phase", "Ready");
        status.add("conditions", Conditions.set(status, "Ready", true, "Ready",
                replicas + "/" + replicas + " replicas ready in " + hostNamespace, generation));
        return result.status(instance, status);
    }

    /**
      * Ready replicas of the current template, or -1 while the StatefulSet controller has not yet
      * seen the desired replicas and template (the observed object would speak of an older one).
      */
    static int readyReplicas(V1StatefulSet observed, V1StatefulSet desired) {
        String want = desired.getMetadata().getAnnotations().get(VirtualClusterWorkload.TEMPLATE_HASH);
        Map<String, String> annotations = observed.getMetadata().getAnnotations();
        V1StatefulSetStatus status = observed.getStatus();
        if (annotations == null || !want.equals(annotations.get(VirtualClusterWorkload.TEMPLATE_HASH))
                || !Objects.equals(observed.getSpec().getReplicas(), desired.getSpec().getReplicas())
                || status == null || status.getObservedGeneration() == null
                || status.getObservedGeneration() < observed.getMetadata().getGeneration()) {
            return -1;
        }
        int updated = Objects.requireNonNullElse(status.getUpdatedReplicas(), 0);
        int ready = Objects.requireNonNullElse(status.getReadyReplicas(), 0);
        return Math.min(updated, ready);
    }

    private List<RbacV1Subject> owners(DynamicKubernetesObject instance) {
        JsonObject owner = StorageObjects.spec(instance, "owner");
        String user = StorageObjects.string(owner, "user");
        String team = StorageObjects.string(owner, "team");
        return user != null ? subjects.of("User", user) : team != null ? subjects.of("Team", team) : List.of();
    }

    private static int replicas(JsonObject spec) {
        JsonElement replicas = spec.get("replicas");
        return replicas != null && replicas.isJsonPrimitive() && replicas.getAsJsonPrimitive().isNumber()
                ? replicas.getAsInt() : 1;
    }

    private static Result pending(Result result, DynamicKubernetesObject instance, JsonObject status, String reason,
                                  String message, long generation) {
        status.addProperty("phase", "Pending");
        status.add("conditions", Conditions.set(status, "Ready", false, reason, message, generation));
        return result.status(instance, status);
    }

    private static String hostNamespace(Request request) {
        String project = request.namespace().startsWith(ProjectReconciler.NAMESPACE_PREFIX)
                ? request.namespace().substring(ProjectReconciler.NAMESPACE_PREFIX.length()) : request.namespace();
        return HostNamespace.of(project, request.name());
    }

    private static Map<String, String> labels(Request request) {
        return Map.of(Labels.MANAGED_BY, Labels.ATRIUM, INSTANCE_LABEL, request.name(),
                INSTANCE_NAMESPACE_LABEL, request.namespace());
    }

    private static boolean owns(V1ObjectMeta metadata, Request request) {
        Map<String, String> labels = metadata.getLabels();
        return labels != null && request.name().equals(labels.get(INSTANCE_LABEL))
                && request.namespace().equals(labels.get(INSTANCE_NAMESPACE_LABEL));
    }

    private static List<Request> byLabels(V1ObjectMeta metadata) {
        Map<String, String> labels = metadata.getLabels();
        if (labels == null || labels.get(INSTANCE_LABEL) == null || labels.get(INSTANCE_NAMESPACE_LABEL) == null) {
            return List.of();
        }
        return List.of(new Request(labels.get(INSTANCE_NAMESPACE_LABEL), labels.get(INSTANCE_LABEL)));
    }

    private List<Request> all() {
        return instances.list().stream()
                .map(instance -> new Request(StorageObjects.namespace(instance), StorageObjects.name(instance))).toList();
    }
}
