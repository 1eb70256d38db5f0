package dev.atrium.apiserver.authz;

import dev.atrium.apiserver.authn.UserInfo;
import java.util.Objects;

/**
 * What a request asks to do, as Kubernetes' authorizer.Attributes: who, which verb, and either a
 * resource (group, version, resource, subresource, namespace, name) or a non-resource path.
 * Absent parts are empty strings.
 */
public record RequestAttributes(
        UserInfo user,
        String verb,
        String apiGroup,
        String apiVersion,
        String resource,
        String subresource,
        String namespace,
        String name,
        String path,
        boolean resourceRequest) {

    public RequestAttributes {
        Objects.requireNonNull(user, "user");
        verb = orEmpty(verb);
        apiGroup = orEmpty(apiGroup);
        apiVersion = orEmpty(apiVersion);
        resource = orEmpty(resource);
        subresource = orEmpty(subresource);
        namespace = orEmpty(namespace);
        name = orEmpty(name);
        path = orEmpty(path);
    }

    public static RequestAttributes forResource(UserInfo user, String verb, String apiGroup, String apiVersion,
            String resource, String subresource, String namespace, String name, String path) {
        return new RequestAttributes(user, verb, apiGroup, apiVersion, resource, subresource, namespace, name,
                path, true);
    }

    public static RequestAttributes forPath(UserInfo user, String verb, String path) {
        return new RequestAttributes(user, verb, "", "", "", "", "", "", path, false);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
