package dev.atrium.controllers.framework;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.atrium.apiserver.resource.PlatformResources;
import dev.atrium.apiserver.resource.ResourceDefinition;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.apis.RbacAuthorizationV1Api;
import io.kubernetes.client.openapi.models.V1DeleteOptions;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Preconditions;
import io.kubernetes.client.openapi.models.V1ResourceQuota;
import io.kubernetes.client.openapi.models.V1ResourceQuotaSpec;
import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1ClusterRoleBinding;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
  * Performs a reconciler's {@link Action}s. Creates are create-if-absent (AlreadyExists is
  * success), updates are replaces carrying the observed resourceVersion, deletes carry uid and
  * resourceVersion preconditions: a replica that lost leadership cannot overwrite newer state.
  */
final class ActionWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ActionWriter.class);

    private final Informers informers;
    private final CoreV1Api core;
    private final RbacAuthorizationV1Api rbac;
    private final CustomObjectsApi custom;

    ActionWriter(ApiClient client, Informers informers) {
        this.informers = informers;
        this.core = new CoreV1Api(client);
        this.rbac = new RbacAuthorizationV1Api(client);
        this.custom = new CustomObjectsApi(client);
    }

    void apply(List<Action> actions) throws ApiException, ConflictException {
        for (Action action : actions) {
            try {
                switch (action) {
                    case Action.Ensure ensure -> ensure(ensure.desired());
                    case Action.Delete delete -> delete(delete.observed());
                    case Action.WriteStatus write -> writeStatus(write.primary(), write.status());
                    case Action.SetFinalizers set -> setFinalizers(set.primary(), set.finalizers());
                }
            } catch (ApiException e) {
                if (e.getCode() == 409) {
                    throw new ConflictException(describe(action) + ": " + e.getResponseBody());
                }
                throw e;
            }
        }
    }

    private void ensure(KubernetesObject desired) throws ApiException {
        switch (desired) {
            case V1Namespace namespace -> ensureNamespace(namespace);
            case V1RoleBinding roleBinding -> ensureRoleBinding(roleBinding);
            case V1ResourceQuota quota -> ensureResourceQuota(quota);
            case V1ClusterRole role -> ensureClusterRole(role);
            case V1ClusterRoleBinding binding -> ensureClusterRoleBinding(binding);
            default -> throw new IllegalArgumentException("cannot ensure a " + desired.getClass().getSimpleName());
        }
    }

    private void ensureNamespace(V1Namespace desired) throws ApiException {
        String name = desired.getMetadata().getName();
        V1Namespace observed = informers.namespaces().get(name).orElse(null);
        if (observed == null) {
            createIfAbsent(() -> core.createNamespace(desired).execute(), "namespace " + name);
        } else if (!containsAll(observed.getMetadata().getLabels(), desired.getMetadata().getLabels())) {
            V1Namespace update = copy(observed, V1Namespace.class);
            update.getMetadata().setLabels(merged(observed.getMetadata().getLabels(), desired.getMetadata().getLabels()));
            core.replaceNamespace(name, update).execute();
            LOG.info("updated labels of namespace {}", name);
        }
    }

    private void ensureRoleBinding(V1RoleBinding desired) throws ApiException {
        V1ObjectMeta meta = desired.getMetadata();
        V1RoleBinding observed = informers.roleBindings().get(meta.getNamespace(), meta.getName()).orElse(null);
        if (observed == null) {
            createIfAbsent(() -> rbac.createNamespacedRoleBinding(meta.getNamespace(), desired).execute(),
                    "rolebinding " + meta.getNamespace() + "/" + meta.getName());
            return;
        }
        if (!Objects.equals(observed.getRoleRef(), desired.getRoleRef())) {
            // roleRef is immutable: replace the binding.
            delete(observed);
            createIfAbsent(() -> rbac.createNamespacedRoleBinding(meta.getNamespace(), desired).execute(),
                    "rolebinding " + meta.getNamespace() + "/" + meta.getName());
            return;
        }
        if (!Objects.equals(nullToEmpty(observed.getSubjects()), nullToEmpty(desired.getSubjects()))
                || !containsAll(observed.getMetadata().getLabels(), meta.getLabels())) {
            V1RoleBinding update = copy(observed, V1RoleBinding.class);
            update.setSubjects(desired.getSubjects());
            update.getMetadata().setLabels(merged(observed.getMetadata().getLabels(), meta.getLabels()));
            rbac.replaceNamespacedRoleBinding(meta.getName(), meta.getNamespace(), update).execute();
            LOG.info("updated rolebinding {}/{}", meta.getNamespace(), meta.getName());
        }
    }

    private void ensureClusterRole(V1ClusterRole desired) throws ApiException {
        String name = desired.getMetadata().getName();
        V1ClusterRole observed = informers.clusterRoles().get(name).orElse(null);
        if (observed == null) {
            createIfAbsent(() -> rbac.createClusterRole(desired).execute(), "clusterrole " + name);
        } else if (!Objects.equals(nullToEmpty(observed.getRules()), nullToEmpty(desired.getRules()))
                || !containsAll(observed.getMetadata().getLabels(), desired.getMetadata().getLabels())) {
            V1ClusterRole update = copy(observed, V1ClusterRole.class);
            update.setRules(desired.getRules());
            update.getMetadata().setLabels(merged(observed.getMetadata().getLabels(), desired.getMetadata().getLabels()));
            rbac.replaceClusterRole(name, update).execute();
            LOG.info("updated clusterrole {}", name);
        }
    }

    private void ensureClusterRoleBinding(V1ClusterRoleBinding desired) throws ApiException {
        String name = desired.getMetadata().getName();
        V1ClusterRoleBinding observed = informers.clusterRoleBindings().get(name).orElse(null);
        if (observed == null || !Objects.equals(observed.getRoleRef(), desired.getRoleRef())) {
            if (observed != null) {
                delete(observed); // roleRef is immutable: replace the binding
            }
            createIfAbsent(() -> rbac.createClusterRoleBinding(desired).execute(), "clusterrolebinding " + name);
        } else if (!Objects.equals(nullToEmpty(observed.getSubjects()), nullToEmpty(desired.getSubjects()))
                || !containsAll(observed.getMetadata().getLabels(), desired.getMetadata().getLabels())) {
            V1ClusterRoleBinding update = copy(observed, V1ClusterRoleBinding.class);
            update.setSubjects(desired.getSubjects());
            update.getMetadata().setLabels(merged(observed.getMetadata().getLabels(), desired.getMetadata().getLabels()));
            rbac.replaceClusterRoleBinding(name, update).execute();
            LOG.info("updated clusterrolebinding {}", name);
        }
    }

    private void ensureResourceQuota(V1ResourceQuota desired) throws ApiException {
        V1ObjectMeta meta = desired.getMetadata();
        V1ResourceQuota observed = informers.resourceQuotas().get(meta.getNamespace(), meta.getName()).orElse(null);
        if (observed == null) {
            createIfAbsent(() -> core.createNamespacedResourceQuota(meta.getNamespace(), desired).execute(),
                    "resourcequota " + meta.getNamespace() + "/" + meta.getName());
            return;
        }
        Map<String, Quantity> want = desired.getSpec() == null ? Map.of() : nullToEmpty(desired.getSpec().getHard());
        Map<String, Quantity> have = observed.getSpec() == null ? Map.of() : nullToEmpty(observed.getSpec().getHard());
        if (!sameQuantities(want, have) || !containsAll(observed.getMetadata().getLabels(), meta.getLabels())) {
            V1ResourceQuota update = copy(observed, V1ResourceQuota.class);
            if (update.getSpec() == null) {
                update.setSpec(new V1ResourceQuotaSpec());
            }
            update.getSpec().setHard(new HashMap<>(want));
            update.getMetadata().setLabels(merged(observed.getMetadata().getLabels(), meta.getLabels()));
            core.replaceNamespacedResourceQuota(meta.getName(), meta.getNamespace(), update).execute();
            LOG.info("updated resourcequota {}/{}", meta.getNamespace(), meta.getName());
        }
    }

    private void delete(KubernetesObject observed) throws ApiException {
        V1ObjectMeta meta = observed.getMetadata();
        V1DeleteOptions options = new V1DeleteOptions()
                .preconditions(new V1Preconditions().uid(meta.getUid()).resourceVersion(meta.getResourceVersion()));
        try {
            switch (observed) {
                case V1Namespace ignored -> core.deleteNamespace(meta.getName()).body(options).execute();
                case V1RoleBinding ignored ->
                        rbac.deleteNamespacedRoleBinding(meta.getName(), meta.getNamespace()).body(options).execute();
                case V1ResourceQuota ignored ->
                        core.deleteNamespacedResourceQuota(meta.getName(), meta.getNamespace()).body(options).execute();
                case V1ClusterRole ignored -> rbac.deleteClusterRole(meta.getName()).body(options).execute();
                case V1ClusterRoleBinding ignored -> rbac.deleteClusterRoleBinding(meta.getName()).body(options).execute();
                default -> throw new IllegalArgumentException("cannot delete a " + observed.getClass().getSimpleName());
            }
            LOG.info("deleted {} {}", observed.getClass().getSimpleName(), key(meta));
        } catch (ApiException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    private void writeStatus(DynamicKubernetesObject primary, JsonObject status) throws ApiException {
        if (Objects.equals(primary.getRaw().get("status"), status)) {
            return;
        }
        JsonObject body = primary.getRaw().deepCopy();
        body.add("status", status);
        Target target = target(primary);
        try {
            if (target.namespace() == null) {
                custom.replaceClusterCustomObjectStatus(PlatformResources.STORAGE_GROUP, PlatformResources.VERSION,
                        target.plural(), target.name(), body).execute();
            } else {
                custom.replaceNamespacedCustomObjectStatus(PlatformResources.STORAGE_GROUP, PlatformResources.VERSION,
                        target.namespace(), target.plural(), target.name(), body).execute();
            }
        } catch (ApiException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    private void setFinalizers(DynamicKubernetesObject primary, List<String> finalizers) throws ApiException {
        JsonObject body = primary.getRaw().deepCopy();
        JsonObject metadata = body.getAsJsonObject("metadata");
        JsonArray current = metadata.getAsJsonArray("finalizers");
        JsonArray wanted = new JsonArray();
        finalizers.forEach(wanted::add);
        if (Objects.equals(current == null ? new JsonArray() : current, wanted)) {
            return;
        }
        if (finalizers.isEmpty()) {
            metadata.remove("finalizers");
        } else {
            metadata.add("finalizers", wanted);
        }
        Target target = target(primary);
        try {
            if (target.namespace() == null) {
                custom.replaceClusterCustomObject(PlatformResources.STORAGE_GROUP, PlatformResources.VERSION,
                        target.plural(), target.name(), body).execute();
            } else {
                custom.replaceNamespacedCustomObject(PlatformResources.STORAGE_GROUP, PlatformResources.VERSION,
                        target.namespace(), target.plural(), target.name(), body).execute();
            }
            LOG.info("set finalizers of {} {} to {}", target.plural(), key(primary.getMetadata()), finalizers);
        } catch (ApiException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    private record Target(String plural, String namespace, String name) {}

    private static Target target(DynamicKubernetesObject primary) {
        JsonObject raw = primary.getRaw();
        String kind = raw.get("kind").getAsString();
        ResourceDefinition definition = PlatformResources.byKind(kind)
                .orElseThrow(() -> new IllegalArgumentException("not a storage kind: " + kind));
        JsonObject metadata = raw.getAsJsonObject("metadata");
        JsonElement namespace = metadata.get("namespace");
        return new Target(definition.plural(), namespace == null || namespace.isJsonNull() ? null : namespace.getAsString(),
                metadata.get("name").getAsString());
    }

    private interface Create {
        void run() throws ApiException;
    }

    private static void createIfAbsent(Create create, String what) throws ApiException {
        try {
            create.run();
            LOG.info("created {}", what);
        } catch (ApiException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            // AlreadyExists: someone (a previous reconcile not yet in the cache) created it.
        }
    }

    private static boolean sameQuantities(Map<String, Quantity> want, Map<String, Quantity> have) {
        if (!want.keySet().equals(have.keySet())) {
            return false;
        }
        return want.entrySet().stream()
                .allMatch(entry -> entry.getValue().getNumber().compareTo(have.get(entry.getKey()).getNumber()) == 0);
    }

    private static boolean containsAll(Map<String, String> observed, Map<String, String> desired) {
        return nullToEmpty(observed).entrySet().containsAll(nullToEmpty(desired).entrySet());
    }

    private static Map<String, String> merged(Map<String, String> observed, Map<String, String> desired) {
        Map<String, String> merged = new HashMap<>(nullToEmpty(observed));
        merged.putAll(nullToEmpty(desired));
        return merged;
    }

    private static <K, V> Map<K, V> nullToEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    /** A deep copy through the client's JSON, so the cached object stays untouched. */
    private static <T> T copy(T object, Class<T> type) {
        return io.kubernetes.client.openapi.JSON.deserialize(io.kubernetes.client.openapi.JSON.serialize(object), type);
    }

    private static String key(V1ObjectMeta meta) {
        return meta.getNamespace() == null ? meta.getName() : meta.getNamespace() + "/" + meta.getName();
    }

    private static String describe(Action action) {
        return switch (action) {
            case Action.Ensure ensure -> "ensure " + key(ensure.desired().getMetadata());
            case Action.Delete delete -> "delete " + key(delete.observed().getMetadata());
            case Action.WriteStatus write -> "status of " + key(write.primary().getMetadata());
            case Action.SetFinalizers set -> "finalizers of " + key(set.primary().getMetadata());
        };
    }
}
