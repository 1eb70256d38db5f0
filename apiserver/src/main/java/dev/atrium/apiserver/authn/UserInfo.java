package dev.atrium.apiserver.authn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An authenticated user, as Kubernetes' user.Info: name, uid, groups and extra attributes. */
public record UserInfo(String name, String uid, List<String> groups, Map<String, List<String>> extra) {

    public static final String AUTHENTICATED_GROUP = "system:authenticated";

    public UserInfo {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("user name is empty");
        }
        uid = uid == null ? "" : uid;
        groups = groups == null ? List.of() : List.copyOf(groups);
        var copy = new LinkedHashMap<String, List<String>>();
        if (extra != null) {
            extra.forEach((key, values) -> copy.put(key, List.copyOf(values)));
        }
        extra = java.util.Collections.unmodifiableMap(copy);
    }

    public UserInfo(String name, List<String> groups) {
        this(name, "", groups, Map.of());
    }

    /**
     * The user with {@code system:authenticated} among its groups, as kube-apiserver's
     * authenticated-group adder makes every authenticated user: RBAC's default bindings
     * (discovery, self reviews) are to that group.
     */
    public UserInfo withAuthenticatedGroup() {
        if (groups.contains(AUTHENTICATED_GROUP) || name.equals("system:anonymous")) {
            return this;
        }
        var withGroup = new java.util.ArrayList<>(groups);
        withGroup.add(AUTHENTICATED_GROUP);
        return new UserInfo(name, uid, withGroup, extra);
    }

    public boolean inGroup(String group) {
        return groups.contains(group);
    }
}
