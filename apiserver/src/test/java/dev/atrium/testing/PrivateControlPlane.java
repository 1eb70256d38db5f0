package dev.atrium.testing;

/**
 * A second local control plane (etcd, kube-apiserver, kube-controller-manager; no Atrium) for a
 * test that needs a cluster of its own, e.g. to install the Helm chart, whose cluster-scoped
 * objects the shared control plane already holds. Started with {@code hack/up
 * --control-plane-only} under {@code target/}; {@link #close()} runs {@code hack/down --purge}.
 */
public final class PrivateControlPlane implements AutoCloseable {

    private final LocalBackend backend;

    private PrivateControlPlane(LocalBackend backend) {
        this.backend = backend;
    }

    public static PrivateControlPlane start(String name) {
        var root = ControlPlaneExtension.repositoryRoot();
        var stateDir = root.resolve("target/" + name + "-" + ProcessHandle.current().pid());
        return new PrivateControlPlane(LocalBackend.startControlPlaneOnly(root, stateDir));
    }

    public ControlPlane controlPlane() {
        return backend.controlPlane();
    }

    @Override
    public void close() {
        backend.close();
    }
}
