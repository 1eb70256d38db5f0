package dev.atrium.apiserver.kubectl;

/** The platform objects the kubectl tests create, as a user writes them. */
final class Manifests {

    private Manifests() {
    }

    /** A project labelled {@code run=<run>}, so a test selects exactly its own projects. */
    static String project(String name, String run, String displayName) {
        return """
                apiVersion: management.atrium.dev/v1
                kind: Project
                metadata:
                  name: %s
                  labels: {run: %s}
                spec:
                  displayName: %s
                  owner: {user: alice}
                  members:
                  - {kind: User, name: alice, role: admin}
                  - {kind: Team, name: devs, role: view}
                """.formatted(name, run, displayName);
    }

    static String namespace(String name) {
        return """
                apiVersion: v1
                kind: Namespace
                metadata: {name: %s}
                """.formatted(name);
    }

    static String spaceInstance(String namespace, String name, String run, String displayName) {
        return """
                apiVersion: management.atrium.dev/v1
                kind: SpaceInstance
                metadata:
                  name: %s
                  namespace: %s
                  labels: {run: %s}
                spec:
                  displayName: %s
                  owner: {team: devs}
                  resourceQuota: {hard: {pods: 10, requests.cpu: 500m}}
                """.formatted(name, namespace, run, displayName);
    }

    static String virtualClusterInstance(String namespace, String name, String run) {
        return """
                apiVersion: management.atrium.dev/v1
                kind: VirtualClusterInstance
                metadata:
                  name: %s
                  namespace: %s
                  labels: {run: %s}
                spec:
                  displayName: Virtual %s
                  owner: {user: alice}
                  kubernetesVersion: "1.33"
                  replicas: 1
                """.formatted(name, namespace, run, name);
    }
}
