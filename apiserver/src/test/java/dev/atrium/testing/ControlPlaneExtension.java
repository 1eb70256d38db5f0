package dev.atrium.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
  * Gives integration tests a real control plane, one per test run: {@code @ExtendWith} it and
  * take a {@link ControlPlane} parameter.
  *
  * <p>Backends, chosen by the system property {@code atrium.backend}:
  * <ul>
  *   <li>{@code local} (default): etcd, kube-apiserver and kube-controller-manager built from Go
  *       modules by {@code hack/}. {@code hack/test} starts them and passes their state directory
  *       as {@code atrium.controlPlane}; without it, the control plane {@code hack/up} started
  *       (under {@code .local/}) is used when it answers, else a private one is started for
  *       this JVM and stopped at its end.
  *   <li>{@code k3s}: k3s through Testcontainers, when a Docker engine is reachable; the tests
  *       are skipped, saying so, when none is.
  * </ul>
  */
public final class ControlPlaneExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ControlPlaneExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        controlPlane(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ControlPlane.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return controlPlane(context);
    }

    private static ControlPlane controlPlane(ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        Backend backend = store.getOrComputeIfAbsent(Backend.class, k -> startBackend(), Backend.class);
        return backend.controlPlane();
    }

    private static Backend startBackend() {
        String backend = System.getProperty("atrium.backend", "local");
        return switch (backend) {
            case "local" -> LocalBackend.start(repositoryRoot());
            case "k3s" -> K3sBackend.start(binDir());
            default -> throw new IllegalArgumentException("unknown atrium.backend " + backend + " (local or k3s)");
        };
    }

    /** A started control plane; closed (stopped, if this JVM started it) when the test run ends. */
    interface Backend extends AutoCloseable {
        ControlPlane controlPlane();

        @Override
        void close();
    }

    static Path repositoryRoot() {
        String root = System.getProperty("atrium.root");
        Path dir = Path.of(root != null ? root : "").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("hack/versions.env"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root (hack/versions.env); set -Datrium.root");
        }
        return dir;
    }

    private static Path binDir() {
        String dir = System.getProperty("atrium.binDir");
        if (dir == null) {
            throw new IllegalStateException("-Datrium.binDir must name the directory of the pinned kubectl and helm");
        }
        return Path.of(dir);
    }

    static Properties readEnvFile(Path file) {
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
