package dev.atrium.apiserver.request;

import java.util.List;

/**
 * What a request asks for, in Kubernetes terms: the fields of k8s.io/apiserver's RequestInfo.
 * Strings that do not apply are empty, never null.
 *
 * @param resourceRequest whether the path names an API resource (as opposed to /apis, /openapi/v2, /healthz)
 * @param verb            the Kubernetes verb (get, list, watch, create, update, patch, delete,
 *                        deletecollection) for resource requests, the lower-case HTTP method otherwise
 * @param parts           the path from the resource on: resource, name, subresource, anything further
 * @param fieldSelector   the raw field selector of a list, watch or deletecollection (for authorization
 *                        with selectors); empty otherwise, and for the deprecated /watch/ paths
 * @param labelSelector   the raw label selector, under the same rules
 */
public record RequestInfo(
        boolean resourceRequest,
        String path,
        String verb,
        String apiPrefix,
        String apiGroup,
        String apiVersion,
        String namespace,
        String resource,
        String subresource,
        String name,
        List<String> parts,
        String fieldSelector,
        String labelSelector) {

    public RequestInfo {
        parts = List.copyOf(parts);
    }

    static RequestInfo nonResource(String path, String method) {
        return new RequestInfo(false, path, method.toLowerCase(), "", "", "", "", "", "", "", List.of(), "", "");
    }
}
