package dev.atrium.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/** The control plane of {@code hack/up}: etcd, kube-apiserver, kube-controller-manager on loopback. */
final class LocalBackend implements ControlPlaneExtension.Backend {
    private final ControlPlane controlPlane;
    private final Path root;
    private final Path stateDir;
    private final boolean startedHere;

    private LocalBackend(ControlPlane controlPlane, Path root, Path stateDir, boolean startedHere) {
        this.controlPlane = controlPlane;
        this.root = root;
        this.stateDir = stateDir;
        this.startedHere = startedHere;
    }

    static LocalBackend start(Path root) {
        String given = System.getProperty("atrium.controlPlane");
        if (given != null) {
            return new LocalBackend(read(root, Path.of(given)), root, Path.of(given), false);
        }
        Path shared = root.resolve(".local");
        if (Files.exists(shared.resolve("control-plane.env")) && answers(shared)) {
            return new LocalBackend(read(root, shared), root, shared, false);
        }
        Path own = root.resolve("target/control-plane-" + ProcessHandle.current().pid());
        hack(root, own, "up", "--replicas", "3");
        return new LocalBackend(read(root, own), root, own, true);
    }

    /** A control plane of its own under {@code stateDir} (no Atrium), stopped and removed on {@link #close()}. */
    static LocalBackend startControlPlaneOnly(Path root, Path stateDir) {
        hack(root, stateDir, "up", "--control-plane-only");
        return new LocalBackend(read(root, stateDir), root, stateDir, true);
    }

    @Override
    public ControlPlane controlPlane() {
        return controlPlane;
    }

    @Override
    public void close() {
        if (startedHere) {
            hack(root, stateDir, "down", "--purge");
        }
    }

    static ControlPlane read(Path root, Path stateDir) {
        Properties env = ControlPlaneExtension.readEnvFile(stateDir.resolve("control-plane.env"));
        Path pki = Path.of(env.getProperty("PKI_DIR"));
        Path workDir = stateDir.resolve("test-clients");
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> replicas = env.getProperty("ATRIUM_REPLICA_URLS", "").isEmpty() ? List.of()
                : List.of(env.getProperty("ATRIUM_REPLICA_URLS").split(","));
        ControlPlane controlPlane = new ControlPlane("local", Path.of(env.getProperty("KUBECONFIG")),
                env.getProperty("KUBE_APISERVER_URL"), pki.resolve("ca.crt"),
                new UserCertificates(pki.resolve("ca.crt"), pki.resolve("ca.key")),
                Path.of(env.getProperty("BIN_DIR")), workDir, replicas);
        return root == null ? controlPlane
                : controlPlane.withReplicas(new AtriumReplicas(root, stateDir, replicas, pki, controlPlane::adminClient));
    }

    private static boolean answers(Path stateDir) {
        ControlPlane candidate = read(null, stateDir);
        return candidate.kubectl("get", "--raw", "/readyz").run().exitCode() == 0;
    }

    private static void hack(Path root, Path stateDir, String command, String... args) {
        List<String> line = new java.util.ArrayList<>(List.of(root.resolve("hack/" + command).toString()));
        line.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(line).inheritIO();
        builder.environment().put("ATRIUM_LOCAL", stateDir.toString());
        try {
            int exit = builder.start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("hack/" + command + " exited " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
