package dev.atrium.apiserver.authz;

/** Why a request was let in, and so how much of the platform it sees. */
public enum AccessScope {
    /** RBAC allows it: the request sees what it names, unfiltered, as on any Kubernetes API. */
    ALL,
    /** Only project membership allows it: the request sees the caller's projects and their instances. */
    MEMBERSHIP
}
