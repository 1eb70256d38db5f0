package dev.atrium.leader;

import dev.atrium.apiserver.AtriumApiServer;
import dev.atrium.apiserver.metrics.Metrics;
import dev.atrium.controllers.Controllers;
import dev.atrium.controllers.framework.ControllerMetrics;
import dev.atrium.apiserver.tls.ServingCertificateSecret;
import dev.atrium.leader.certificates.ServingCertificateMaintainer;
import dev.atrium.leader.election.AlwaysLeader;
import dev.atrium.leader.election.LeaderElection;
import dev.atrium.leader.election.Leadership;
import dev.atrium.leader.election.LeaderTerm;
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
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
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
        Options.ServingCertificate certificate = options.servingCertificate();
        ReloadingKeyManager keyManager = certificate.fromFiles()
                ? new ReloadingKeyManager(CertifiedKey.fromPemFiles(certificate.certFile().get(), certificate.keyFile().get()))
                : ServingCertificateSecret.start(kube, certificate.secretNamespace(), certificate.secretName(),
                        certificate.hosts(), Duration.ofSeconds(5)).keyManager();
        AtomicBoolean ready = new AtomicBoolean(true);
        Metrics metrics = new Metrics();
        // The serving certificate's Secret lives in the release namespace, as do the quota ledgers.
        AtriumApiServer server = AtriumApiServer.start(kube, certificate.secretNamespace(), options.bindAddress(),
                options.securePort(), keyManager, ready::get, metrics);
        LOG.info("replica {} serving on {}:{}", options.replicaName(), options.bindAddress(), server.port());

        // Its own client: kube-apiserver names the field manager of the controllers' writes after the user agent.
        ApiClient controllersClient = kubernetesClient(options);
        controllersClient.setUserAgent("atrium-controllers/" + Main.class.getPackage().getImplementationVersion());
        AutoCloseable controllers = startControllers(options, controllersClient, metrics);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(() -> {
            // Controllers first: in-flight reconciles finish and the lease is released, so another
            // replica takes over at once. Then readiness fails so load balancers stop sending, and
            // in-flight requests finish.
            closeQuietly(controllers);
            ready.set(false);
            // HAProxy (TCP) steers only new connections; kube-apiserver's open HTTP/2 connection
            // gets a graceful GOAWAY, so its next requests go over a new one to another replica.
            server.drain();
            sleep(options.shutdownDrain());
            server.shutdown(Duration.ofSeconds(10));
            LOG.info("replica {} stopped", options.replicaName());
            stopped.countDown();
        }));
        stopped.await();
    }

    /**
     * Leader mode runs the controllers in terms won by leader election; with
     * {@code --leader-elect=false} this replica runs them for its whole life.
     */
    private static AutoCloseable startControllers(Options options, ApiClient kube, Metrics metrics) throws IOException {
        Duration stopBudget = options.lease().leaseDuration().minus(options.lease().renewDeadline());
        TermJournal journal = TermJournal.open(options.reconcileJournal(), options.lease().identity());
        AtomicReference<ControllersTerm> current = new AtomicReference<>();
        metrics.sampled("atrium_controller_reconciles_total", "Reconciles finished, by controller.", "counter",
                "controller", () -> perController(current.get(), m -> m.reconciles()));
        metrics.sampled("atrium_controller_errors_total", "Reconciles that failed, by controller.", "counter",
                "controller", () -> perController(current.get(), m -> m.errors()));
        metrics.sampled("atrium_controller_last_duration_seconds", "Duration of the last reconcile, by controller.",
                "gauge", "controller", () -> perController(current.get(), m -> m.lastDuration().toNanos() / 1e9));
        metrics.sampled("atrium_controller_queue_depth", "Requests waiting in the work queue, by controller.",
                "gauge", "controller", () -> perController(current.get(), m -> m.queueDepth()));
        Supplier<LeaderTerm> terms = () -> {
            ControllersTerm term = new ControllersTerm(kube, Controllers.DEFAULT_SYNC_TIMEOUT,
                    options.leaderElect() ? stopBudget : Controllers.DEFAULT_STOP_TIMEOUT, journal);
            current.set(term);
            return withCertificateUpkeep(options, kube, term);
        };
        Leadership leadership;
        if (options.leaderElect()) {
            LOG.info("leader election for lease {}/{} as {}", options.lease().namespace(), options.lease().name(),
                    options.lease().identity());
            leadership = new LeaderElection(leaseClient(options), kube, options.lease(), terms).start();
        } else {
            leadership = new AlwaysLeader(terms, options.lease().leaseDuration()).start();
        }
        metrics.gauge("atrium_leader", "1 while this replica runs the controllers (holds the lease, with leader election).",
                () -> leadership.isLeader() ? 1 : 0);
        metrics.sampledCounter("atrium_leader_terms_total", "Terms this replica has led.", leadership::termsStarted);
        metrics.sampledCounter("atrium_leader_term_failures_total",
                "Terms whose controllers failed to start (caches not synced); each gave up the lease.",
                leadership::termFailures);
        return leadership;
    }

    /** With a self-managed certificate, the leader also renews it and keeps the APIService's caBundle. */
    private static LeaderTerm withCertificateUpkeep(Options options, ApiClient kube, LeaderTerm controllers) {
        Options.ServingCertificate certificate = options.servingCertificate();
        if (certificate.fromFiles()) {
            return controllers;
        }
        return LeaderTerm.all(controllers, new ServingCertificateMaintainer(kube, certificate.secretNamespace(),
                certificate.secretName(), certificate.apiServiceName(), certificate.hosts(), Duration.ofSeconds(30)));
    }

    private static Map<String, Number> perController(ControllersTerm term, Function<ControllerMetrics, Number> value) {
        Map<String, Number> values = new HashMap<>();
        if (term != null) {
            term.controllers().metrics().forEach(m -> values.put(m.controller(), value.apply(m)));
        }
        return values;
    }

    /** Lease calls must fail well within the renew deadline rather than hang. */
    private static ApiClient leaseClient(Options options) throws IOException {
        ApiClient client = kubernetesClient(options);
        int millis = (int) options.lease().retryPeriod().toMillis() * 2;
        client.setConnectTimeout(millis);
        client.setReadTimeout(millis);
        client.setWriteTimeout(millis);
        return client;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("stopping the controllers: {}", e.toString());
        }
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
