package dev.atrium.controllers.framework;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.atrium.apiserver.resource.PlatformResources;
import dev.atrium.apiserver.resource.ResourceDefinition;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Preconditions;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.kubernetes.client.util.generic.options.DeleteOptions;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
  * Performs a reconciler's {@link Action}s. Creates are create-if-absent (AlreadyExists is
  * success), updates are replaces carrying the observed resourceVersion, deletes carry uid and
  * resourceVersion preconditions: a replica that lost leadership cannot overwrite newer state.
  * Owned objects are written through their kind's API from {@link Informers}; what an update
  * changes is {@link OwnedFields}' business.
  */
final class ActionWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ActionWriter.class);

    private final Informers informers;
    private final CustomObjectsApi custom;

    ActionWriter(ApiClient client, Informers informers) {
        this.informers = informers;
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
                    throw new ConflictException(describe(action) + ": "
                            + (e.getResponseBody() != null ? e.getResponseBody() : e.getMessage()));
                }
                throw e;
            }
        }
    }

    private <T extends KubernetesObject> void ensure(T desired) throws ApiException {
        @SuppressWarnings("unchecked")
        OwnedKind<T> kind = informers.owned((Class<T>) desired.getClass());
        V1ObjectMeta meta = desired.getMetadata();
        T observed = kind.cache().get(meta.getNamespace(), meta.getName()).orElse(null);
        if (observed != null && OwnedFields.mustReplace(observed, desired)) {
            delete(observed);
            observed = null;
        }
        if (observed == null) {
            createIfAbsent(kind, desired);
            return;
        }
        Optional<T> update = OwnedFields.corrected(copy(observed), desired);
        if (update.isPresent()) {
            kind.api().update(update.get()).throwsApiException();
            LOG.info("updated {} {}", kindName(desired), key(meta));
        }
    }

    private <T extends KubernetesObject> void delete(T observed) throws ApiException {
        @SuppressWarnings("unchecked")
        OwnedKind<T> kind = informers.owned((Class<T>) observed.getClass());
        V1ObjectMeta meta = observed.getMetadata();
        DeleteOptions options = new DeleteOptions();
        options.setPreconditions(new V1Preconditions().uid(meta.getUid()).resourceVersion(meta.getResourceVersion()));
        var response = meta.getNamespace() == null
                ? kind.api().delete(meta.getName(), options)
                : kind.api().delete(meta.getNamespace(), meta.getName(), options);
        if (response.getHttpStatusCode() == 404) {
            return;
        }
        response.throwsApiException();
        LOG.info("deleted {} {}", kindName(observed), key(meta));
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

    /** Create-if-absent: AlreadyExists means a previous reconcile (not yet in the cache) created it. */
    private static <T extends KubernetesObject> void createIfAbsent(OwnedKind<T> kind, T desired) throws ApiException {
        var response = kind.api().create(desired);
        if (response.getHttpStatusCode() == 409) {
            return;
        }
        response.throwsApiException();
        LOG.info("created {} {}", kindName(desired), key(desired.getMetadata()));
    }

    /** A deep copy through the client's JSON, so the cached object stays untouched. */
    @SuppressWarnings("unchecked")
    private static <T> T copy(T object) {
        return io.kubernetes.client.openapi.JSON.deserialize(io.kubernetes.client.openapi.JSON.serialize(object),
                (Class<T>) object.getClass());
    }

    private static String kindName(KubernetesObject object) {
        return object.getClass().getSimpleName().replaceFirst("^V1", "").toLowerCase(java.util.Locale.ROOT);
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
