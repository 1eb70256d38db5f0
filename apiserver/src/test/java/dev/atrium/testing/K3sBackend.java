package dev.atrium.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
  * k3s through Testcontainers, the second backend. Needs a Docker engine; without one the
  * tests abort as skipped with a message saying why, and nothing counts as passed.
  */
final class K3sBackend implements ControlPlaneExtension.Backend {
    private static final String DEFAULT_IMAGE = "rancher/k3s:v1.35.0-k3s1";

    private final K3sContainer container;
    private final ControlPlane controlPlane;

    private K3sBackend(K3sContainer container, ControlPlane controlPlane) {
        this.container = container;
        this.controlPlane = controlPlane;
    }

    static K3sBackend start(Path binDir) {
        Assumptions.assumeTrue(dockerAvailable(),
                "atrium.backend=k3s needs a Docker engine and none is reachable here: k3s tests skipped");
        K3sContainer container = new K3sContainer(DockerImageName.parse(System.getProperty("atrium.k3sImage", DEFAULT_IMAGE)));
        container.start();
        try {
            Path dir = Files.createTempDirectory("atrium-k3s-");
            Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), container.getKubeConfigYaml());
            Path tls = Path.of("/var/lib/rancher/k3s/server/tls");
            for (String file : new String[] {"server-ca.crt", "client-ca.crt", "client-ca.key"}) {
                container.copyFileFromContainer(tls.resolve(file).toString(), dir.resolve(file).toString());
            }
            String url = "https://" + container.getHost() + ":" + container.getMappedPort(6443);
            ControlPlane controlPlane = new ControlPlane("k3s", kubeconfig, url, dir.resolve("server-ca.crt"),
                    new UserCertificates(dir.resolve("client-ca.crt"), dir.resolve("client-ca.key")), binDir, dir, List.of());
            return new K3sBackend(container, controlPlane);
        } catch (IOException e) {
            container.stop();
            throw new UncheckedIOException(e);
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public ControlPlane controlPlane() {
        return controlPlane;
    }

    @Override
    public void close() {
        container.stop();
    }
}
