package dev.atrium.controllers.framework;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.util.generic.GenericKubernetesApi;

/** A kind of object the controllers own: the informer cache they read it from and the API they write it through. */
record OwnedKind<T extends KubernetesObject>(Cached<T> cache, GenericKubernetesApi<T, ?> api) {
}
