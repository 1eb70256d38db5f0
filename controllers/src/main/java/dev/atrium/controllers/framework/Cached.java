package dev.atrium.controllers.framework;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.cache.Caches;
import java.util.List;
import java.util.Optional;

/**
  * One informer and a read-only view of its cache. Objects read here are shared with the cache:
  * copy before changing them.
  */
public final class Cached<T extends KubernetesObject> {
    private final String resource;
    private final SharedIndexInformer<T> informer;

    Cached(String resource, SharedIndexInformer<T> informer) {
        this.resource = resource;
        this.informer = informer;
    }

    /** e.g. {@code projects.storage.atrium.dev} or {@code rolebindings.rbac.authorization.k8s.io}. */
    public String resource() {
        return resource;
    }

    public SharedIndexInformer<T> informer() {
        return informer;
    }

    public boolean hasSynced() {
        return informer.hasSynced();
    }

    /** A cluster-scoped object by name. */
    public Optional<T> get(String name) {
        return Optional.ofNullable(informer.getIndexer().getByKey(name));
    }

    /** A namespaced object, or a cluster-scoped one when {@code namespace} is null. */
    public Optional<T> get(String namespace, String name) {
        return namespace == null ? get(name) : Optional.ofNullable(informer.getIndexer().getByKey(namespace + "/" + name));
    }

    public List<T> list() {
        return informer.getIndexer().list();
    }

    public List<T> inNamespace(String namespace) {
        return informer.getIndexer().byIndex(Caches.NAMESPACE_INDEX, namespace);
    }
}
