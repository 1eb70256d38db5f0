package dev.atrium.controllers.framework;

/** What to reconcile: the key of one primary object; {@code namespace} is null for cluster-scoped ones. */
public record Request(String namespace, String name) {

    public static Request of(String name) {
        return new Request(null, name);
    }

    @Override
    public String toString() {
        return namespace == null ? name : namespace + "/" + name;
    }
}
