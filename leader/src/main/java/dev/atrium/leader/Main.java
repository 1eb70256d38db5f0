package dev.atrium.leader;

import dev.atrium.apiserver.AtriumApiServer;
import dev.atrium.apiserver.metrics.Metrics;
import dev.atrium.apiserver.tls.CertifiedKey;
import dev.atrium.apiserver.tls.ReloadingKeyManager;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.FileReader;
import java.io.IOException;
import java.io.Reader;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Atrium binary: one replica, serving the management API. */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("atrium: " + e.getMessage());
            System.exit(2);
            return;
        }
        ApiClient kube = kubernetesClient(options);
        var keyManager = new ReloadingKeyManager(CertifiedKey.fromPemFiles(options.tlsCertFile(), options.tlsPrivateKeyFile()));
        AtomicBoolean ready = new AtomicBoolean(true);
        Metrics metrics = new Metrics();
        AtriumApiServer server = AtriumApiServer.start(kube, options.bindAddress(), options.securePort(), keyManager,
                ready::get, metrics);
        LOG.info("replica {} serving on {}:{}", options.replicaName(), options.bindAddress(), server.port());

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(() -> {
            // Readiness fails first so load balancers stop sending; then in-flight requests finish.
            ready.set(false);
            sleep(options.shutdownDrain());
            server.shutdown(Duration.ofSeconds(10));
            LOG.info("replica {} stopped", options.replicaName());
            stopped.countDown();
        }));
        stopped.await();
    }

    private static ApiClient kubernetesClient(Options options) throws IOException {
        ApiClient client;
        if (options.kubeconfig().isPresent()) {
            try (Reader reader = new FileReader(options.kubeconfig().get().toFile())) {
                KubeConfig config = KubeConfig.loadKubeConfig(reader);
                config.setFile(options.kubeconfig().get().toFile());
                client = ClientBuilder.kubeconfig(config).build();
            }
        } else {
            client = ClientBuilder.cluster().build();
        }
        client.setReadTimeout(0);
        return client;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
