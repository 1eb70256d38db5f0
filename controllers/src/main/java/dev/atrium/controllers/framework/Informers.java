package dev.atrium.controllers.framework;

import dev.atrium.apiserver.resource.PlatformResources;
import dev.atrium.apiserver.resource.ResourceDefinition;
import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.informer.cache.Cache;
import io.kubernetes.client.informer.impl.DefaultSharedIndexInformer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NamespaceList;
import io.kubernetes.client.openapi.models.V1ResourceQuota;
import io.kubernetes.client.openapi.models.V1ResourceQuotaList;
import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1ClusterRoleBinding;
import io.kubernetes.client.openapi.models.V1ClusterRoleBindingList;
import io.kubernetes.client.openapi.models.V1ClusterRoleList;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1RoleBindingList;
import io.kubernetes.client.openapi.models.V1RoleList;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1SecretList;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1ServiceAccountList;
import io.kubernetes.client.openapi.models.V1ServiceList;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1StatefulSetList;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
  * The informers one {@link dev.atrium.controllers.Controllers} instance shares between its
  * controllers: every storage CRD (as {@link DynamicKubernetesObject}, Gson close to the wire) and
  * the owned kinds (namespaces, and the RoleBindings, ResourceQuotas, ServiceAccounts, Roles,
  * Services, Secrets, StatefulSets, ClusterRoles and ClusterRoleBindings labelled {@value Labels#MANAGED_BY_ATRIUM}). The owned kinds'
  * APIs are the ones the {@link ActionWriter} writes through. Single use: started once, stopped once.
  */
public final class Informers {
    /** Periodic resync, so drift the watches cannot see is corrected eventually. */
    private static final Duration RESYNC = Duration.ofMinutes(10);
    private static final String RBAC = "rbac.authorization.k8s.io";

    private final Factory factory;
    private final Map<String, Cached<DynamicKubernetesObject>> storage = new LinkedHashMap<>();
    private final Map<Class<?>, OwnedKind<?>> owned = new LinkedHashMap<>();
    private final Cached<V1Namespace> namespaces;
    private final Cached<V1RoleBinding> roleBindings;
    private final Cached<V1ResourceQuota> resourceQuotas;
    private final Cached<V1ServiceAccount> serviceAccounts;
    private final Cached<V1Role> roles;
    private final Cached<V1Service> services;
    private final Cached<V1Secret> secrets;
    private final Cached<V1StatefulSet> statefulSets;
    private final Cached<V1ClusterRole> clusterRoles;
    private final Cached<V1ClusterRoleBinding> clusterRoleBindings;

    public Informers(ApiClient client) {
        this.factory = new Factory(client);
        for (ResourceDefinition definition : PlatformResources.stored()) {
            var api = new DynamicKubernetesApi(PlatformResources.STORAGE_GROUP, PlatformResources.VERSION,
                    definition.plural(), client);
            storage.put(definition.plural(), factory.register(definition.plural() + "." + PlatformResources.STORAGE_GROUP,
                    DynamicKubernetesObject.class, new LabelSelectingListerWatcher<>(api, null)));
        }
        this.namespaces = own(V1Namespace.class, new GenericKubernetesApi<>(V1Namespace.class, V1NamespaceList.class,
                "", "v1", "namespaces", client), "namespaces", null);
        this.roleBindings = own(V1RoleBinding.class, new GenericKubernetesApi<>(V1RoleBinding.class,
                V1RoleBindingList.class, RBAC, "v1", "rolebindings", client), "rolebindings." + RBAC, Labels.MANAGED_BY_ATRIUM);
        this.resourceQuotas = own(V1ResourceQuota.class, new GenericKubernetesApi<>(V1ResourceQuota.class,
                V1ResourceQuotaList.class, "", "v1", "resourcequotas", client), "resourcequotas", Labels.MANAGED_BY_ATRIUM);
        this.serviceAccounts = own(V1ServiceAccount.class, new GenericKubernetesApi<>(V1ServiceAccount.class,
                V1ServiceAccountList.class, "", "v1", "serviceaccounts", client), "serviceaccounts", Labels.MANAGED_BY_ATRIUM);
        this.roles = own(V1Role.class, new GenericKubernetesApi<>(V1Role.class, V1RoleList.class, RBAC, "v1", "roles",
                client), "roles." + RBAC, Labels.MANAGED_BY_ATRIUM);
        this.services = own(V1Service.class, new GenericKubernetesApi<>(V1Service.class, V1ServiceList.class, "", "v1",
                "services", client), "services", Labels.MANAGED_BY_ATRIUM);
        this.secrets = own(V1Secret.class, new GenericKubernetesApi<>(V1Secret.class, V1SecretList.class, "", "v1",
                "secrets", client), "secrets", Labels.MANAGED_BY_ATRIUM);
        this.statefulSets = own(V1StatefulSet.class, new GenericKubernetesApi<>(V1StatefulSet.class,
                V1StatefulSetList.class, "apps", "v1", "statefulsets", client), "statefulsets.apps", Labels.MANAGED_BY_ATRIUM);
        this.clusterRoles = own(V1ClusterRole.class, new GenericKubernetesApi<>(V1ClusterRole.class,
                V1ClusterRoleList.class, RBAC, "v1", "clusterroles", client), "clusterroles." + RBAC, Labels.MANAGED_BY_ATRIUM);
        this.clusterRoleBindings = own(V1ClusterRoleBinding.class, new GenericKubernetesApi<>(V1ClusterRoleBinding.class,
                V1ClusterRoleBindingList.class, RBAC, "v1", "clusterrolebindings", client), "clusterrolebindings." + RBAC,
                Labels.MANAGED_BY_ATRIUM);
    }

    private <T extends KubernetesObject, L extends KubernetesListObject> Cached<T> own(
            Class<T> type, GenericKubernetesApi<T, L> api, String resource, String labelSelector) {
        Cached<T> cached = factory.register(resource, type, new LabelSelectingListerWatcher<>(api, labelSelector));
        owned.put(type, new OwnedKind<>(cached, api));
        return cached;
    }

    /** The storage objects of one platform resource, e.g. {@link PlatformResources#PROJECTS}. */
    public Cached<DynamicKubernetesObject> storage(ResourceDefinition definition) {
        Cached<DynamicKubernetesObject> cached = storage.get(definition.plural());
        if (cached == null) {
            throw new IllegalArgumentException("no informer for " + definition.plural());
        }
        return cached;
    }

    /** Every namespace (unfiltered, so a name taken by someone else is seen as such). */
    public Cached<V1Namespace> namespaces() {
        return namespaces;
    }

    public Cached<V1RoleBinding> roleBindings() {
        return roleBindings;
    }

    public Cached<V1ResourceQuota> resourceQuotas() {
        return resourceQuotas;
    }

    public Cached<V1ServiceAccount> serviceAccounts() {
        return serviceAccounts;
    }

    public Cached<V1Role> roles() {
        return roles;
    }

    public Cached<V1Service> services() {
        return services;
    }

    public Cached<V1Secret> secrets() {
        return secrets;
    }

    public Cached<V1StatefulSet> statefulSets() {
        return statefulSets;
    }

    public Cached<V1ClusterRole> clusterRoles() {
        return clusterRoles;
    }

    public Cached<V1ClusterRoleBinding> clusterRoleBindings() {
        return clusterRoleBindings;
    }

    /** The cache and API of an owned kind, e.g. {@code V1Namespace.class}. */
    @SuppressWarnings("unchecked")
    <T extends KubernetesObject> OwnedKind<T> owned(Class<T> type) {
        OwnedKind<T> kind = (OwnedKind<T>) owned.get(type);
        if (kind == null) {
            throw new IllegalArgumentException("not an owned kind: " + type.getSimpleName());
        }
        return kind;
    }

    List<Cached<?>> all() {
        List<Cached<?>> all = new java.util.ArrayList<>(storage.values());
        owned.values().forEach(kind -> all.add(kind.cache()));
        return all;
    }

    void start() {
        factory.startAllRegisteredInformers();
    }

    /** Waits until every cache holds a full list; false when {@code timeout} passed first. */
    boolean awaitSynced(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!all().stream().allMatch(Cached::hasSynced)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    void stop() {
        factory.stopAllRegisteredInformers(true);
    }

    /**
      * client-java's factory keys its informers by Java class; every storage CRD is a
      * {@link DynamicKubernetesObject}, so they are registered under a key per resource instead,
      * and start and stop with the rest.
      */
    private static final class Factory extends SharedInformerFactory {
        private record ResourceKey(String resource) implements Type {
            @Override
            public String getTypeName() {
                return resource;
            }
        }

        Factory(ApiClient client) {
            super(client, Executors.newCachedThreadPool(Thread.ofPlatform().name("atrium-informer-", 0).daemon().factory()),
                    false);
        }

        <T extends KubernetesObject, L extends KubernetesListObject> Cached<T> register(
                String resource, Class<T> type, LabelSelectingListerWatcher<T, L> listerWatcher) {
            SharedIndexInformer<T> informer = new DefaultSharedIndexInformer<>(type, listerWatcher, RESYNC.toMillis(),
                    new Cache<>(), null);
            informers.put(new ResourceKey(resource), informer);
            return new Cached<>(resource, informer);
        }
    }

}
