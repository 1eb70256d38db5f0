package dev.atrium.controllers.framework;

import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.informer.ListerWatcher;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.util.CallGeneratorParams;
import io.kubernetes.client.util.Watchable;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.options.ListOptions;

/** Lists and watches every namespace through a {@link GenericKubernetesApi}, optionally by label selector. */
final class LabelSelectingListerWatcher<T extends KubernetesObject, L extends KubernetesListObject>
        implements ListerWatcher<T, L> {
    private final GenericKubernetesApi<T, L> api;
    private final String labelSelector;

    LabelSelectingListerWatcher(GenericKubernetesApi<T, L> api, String labelSelector) {
        this.api = api;
        this.labelSelector = labelSelector;
    }

    @Override
    public L list(CallGeneratorParams params) throws ApiException {
        return api.list(options(params)).throwsApiException().getObject();
    }

    @Override
    public Watchable<T> watch(CallGeneratorParams params) throws ApiException {
        return api.watch(options(params));
    }

    private ListOptions options(CallGeneratorParams params) {
        ListOptions options = new ListOptions();
        options.setResourceVersion(params.resourceVersion);
        options.setTimeoutSeconds(params.timeoutSeconds);
        options.setLabelSelector(labelSelector);
        return options;
    }
}
