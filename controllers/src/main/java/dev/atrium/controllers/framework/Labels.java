package dev.atrium.controllers.framework;

/** Labels the controllers put on the objects they own. */
public final class Labels {
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String ATRIUM = "atrium";
    /** Selects every RoleBinding and ResourceQuota the controllers own. */
    public static final String MANAGED_BY_ATRIUM = MANAGED_BY + "=" + ATRIUM;

    private Labels() {
    }
}
