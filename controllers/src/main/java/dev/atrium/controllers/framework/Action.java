package dev.atrium.controllers.framework;

import com.google.gson.JsonObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import java.util.List;

/**
  * One write a reconciler asks for. Each is safe for a deposed leader: creates only create,
  * updates and deletes carry the resourceVersion (and uid) the reconciler observed.
  */
public sealed interface Action {

    /**
      * The object should exist as given: created when absent; when present (as the informer cache
      * sees it) the owned fields are brought in line by an update conditional on its resourceVersion.
      * Supported kinds: those {@link Informers} owns (Namespace, RoleBinding, ResourceQuota,
      * ServiceAccount, Role, Service, Secret, StatefulSet, ClusterRole, ClusterRoleBinding).
      */
    record Ensure(KubernetesObject desired) implements Action {}

    /** Deletes the observed object, with preconditions on its uid and resourceVersion. */
    record Delete(KubernetesObject observed) implements Action {}

    /** Replaces the status of a storage object, conditional on its resourceVersion; skipped when unchanged. */
    record WriteStatus(DynamicKubernetesObject primary, JsonObject status) implements Action {}

    /** Sets the finalizers of a storage object, conditional on its resourceVersion; skipped when unchanged. */
    record SetFinalizers(DynamicKubernetesObject primary, List<String> finalizers) implements Action {}
}
