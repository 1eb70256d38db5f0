package dev.atrium.apiserver.authz;

import java.util.Set;

/**
 * Allows members of privileged groups without asking the delegate, as kube-apiserver always
 * allows {@code system:masters}; asks the delegate for everyone else.
 */
public final class PrivilegedGroupAuthorizer implements Authorizer {

    public static final String SYSTEM_MASTERS = "system:masters";

    private final Set<String> groups;
    private final Authorizer delegate;

    public PrivilegedGroupAuthorizer(Set<String> groups, Authorizer delegate) {
        this.groups = Set.copyOf(groups);
        this.delegate = delegate;
    }

    public static PrivilegedGroupAuthorizer systemMasters(Authorizer delegate) {
        return new PrivilegedGroupAuthorizer(Set.of(SYSTEM_MASTERS), delegate);
    }

    @Override
    public Decision authorize(RequestAttributes attributes) throws AuthorizationException {
        for (String group : attributes.user().groups()) {
            if (groups.contains(group)) {
                return Decision.allow("member of privileged group " + group);
            }
        }
        return delegate.authorize(attributes);
    }
}
