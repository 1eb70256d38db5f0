package dev.atrium.leader.certificates;

import static dev.atrium.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.apiserver.tls.CertificateAuthority;
import dev.atrium.apiserver.tls.ServingBundle;
import dev.atrium.apiserver.tls.ServingCertificateSecret;
import dev.atrium.testing.ControlPlane;
import dev.atrium.testing.ControlPlaneExtension;
import dev.atrium.testing.Names;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.ApiregistrationV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.ApiregistrationV1ServiceReference;
import io.kubernetes.client.openapi.models.V1APIService;
import io.kubernetes.client.openapi.models.V1APIServiceSpec;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The self-managed serving certificate, in a real cluster: one creator, shared by all, renewed, trusted. */
@ExtendWith(ControlPlaneExtension.class)
class ServingCertificateIT {

    private static final List<String> HOSTS = List.of("atrium-api.atrium-system.svc");

    private final ApiClient client;
    private final CoreV1Api core;
    private final String namespace = Names.unique("certs");

    ServingCertificateIT(ControlPlane cluster) throws ApiException {
        this.client = cluster.adminClient();
        this.core = new CoreV1Api(client);
        core.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(namespace))).execute();
    }

    @Test
    void replicasStartingTogetherAllServeTheOneCertificateTheFirstCreated() {
        List<CompletableFuture<ServingCertificateSecret>> replicas = List.of(1, 2, 3).stream()
                .map(i -> CompletableFuture.supplyAsync(() -> start("serving"))).toList();
        List<BigInteger> serials = replicas.stream()
                .map(f -> f.join().keyManager().current().certificate().getSerialNumber()).toList();
        replicas.forEach(f -> f.join().close());
        assertEquals(1, serials.stream().distinct().count(), "serials: " + serials);
    }

    @Test
    void theLeaderRenewsADueCertificateAndKeepsTheCaBundleAndReplicasReload() throws Exception {
        ServingBundle due = dueBundle();
        core.createNamespacedSecret(namespace, new V1Secret().type("kubernetes.io/tls")
                .metadata(new V1ObjectMeta().name("due")).data(due.toSecretData())).execute();
        String apiService = "v1." + namespace + ".test.atrium.dev";
        ApiregistrationV1Api registration = new ApiregistrationV1Api(client);
        registration.createAPIService(new V1APIService().metadata(new V1ObjectMeta().name(apiService))
                .spec(new V1APIServiceSpec().group(namespace + ".test.atrium.dev").version("v1")
                        .groupPriorityMinimum(1000).versionPriority(15).caBundle("stale".getBytes())
                        .service(new ApiregistrationV1ServiceReference().namespace(namespace).name("nothing").port(443))))
                .execute();
        try (ServingCertificateSecret replica = ServingCertificateSecret.start(client, namespace, "due", HOSTS,
                Duration.ofMillis(500))) {
            BigInteger before = replica.keyManager().current().certificate().getSerialNumber();

            new ServingCertificateMaintainer(client, namespace, "due", apiService, HOSTS, Duration.ofSeconds(30)).maintain();

            byte[] ca = core.readNamespacedSecret("due", namespace).execute().getData().get("ca.crt");
            assertArrayEquals(due.caBundlePem().getBytes(), ca, "renewal keeps the CA");
            assertArrayEquals(ca, registration.readAPIService(apiService).execute().getSpec().getCaBundle());
            eventually(Duration.ofSeconds(10), "the replica serves the renewed certificate",
                    () -> !replica.keyManager().current().certificate().getSerialNumber().equals(before));
            assertNotEquals(before, replica.keyManager().current().certificate().getSerialNumber());
        } finally {
            registration.deleteAPIService(apiService).execute();
        }
    }

    @Test
    void theLeaderReissuesACertificateThatDoesNotNameAConfiguredHost() throws Exception {
        // A Secret from a release whose --serving-cert-hosts lacked 127.0.0.1.
        CertificateAuthority ca = CertificateAuthority.generate("test-ca", Duration.ofDays(1));
        ServingBundle old = new ServingBundle(ca.certifiedKey(), ca.issueServing(HOSTS.getFirst(), HOSTS, Duration.ofDays(1)));
        core.createNamespacedSecret(namespace, new V1Secret().type("kubernetes.io/tls")
                .metadata(new V1ObjectMeta().name("narrow")).data(old.toSecretData())).execute();
        List<String> configured = List.of("atrium-api.atrium-system.svc", "localhost", "127.0.0.1");
        String apiService = "v1." + namespace + "-narrow.test.atrium.dev";
        ApiregistrationV1Api registration = new ApiregistrationV1Api(client);
        registration.createAPIService(new V1APIService().metadata(new V1ObjectMeta().name(apiService))
                .spec(new V1APIServiceSpec().group(namespace + "-narrow.test.atrium.dev").version("v1")
                        .groupPriorityMinimum(1000).versionPriority(15).caBundle(old.caBundlePem().getBytes())
                        .service(new ApiregistrationV1ServiceReference().namespace(namespace).name("nothing").port(443))))
                .execute();
        try (ServingCertificateSecret replica = ServingCertificateSecret.start(client, namespace, "narrow", configured,
                Duration.ofMillis(500))) {
            var maintainer = new ServingCertificateMaintainer(client, namespace, "narrow", apiService, configured,
                    Duration.ofSeconds(30));
            maintainer.maintain();

            ServingBundle now = ServingBundle.fromSecretData(core.readNamespacedSecret("narrow", namespace).execute().getData());
            assertTrue(now.covers(configured), "the reissued certificate names " + configured);
            assertArrayEquals(old.caBundlePem().getBytes(), now.caBundlePem().getBytes(), "reissued under the same CA");
            eventually(Duration.ofSeconds(10), "the replica serves the reissued certificate",
                    () -> replica.keyManager().current().certificate().equals(now.serving().certificate()));

            String version = core.readNamespacedSecret("narrow", namespace).execute().getMetadata().getResourceVersion();
            maintainer.maintain();
            assertEquals(version, core.readNamespacedSecret("narrow", namespace).execute().getMetadata().getResourceVersion(),
                    "a certificate that covers the hosts and is not due is left alone");
        } finally {
            registration.deleteAPIService(apiService).execute();
        }
    }

    private ServingCertificateSecret start(String name) {
        try {
            return ServingCertificateSecret.start(client, namespace, name, HOSTS, Duration.ofSeconds(5));
        } catch (ApiException e) {
            throw new AssertionError(e.getResponseBody(), e);
        }
    }

    /** A serving certificate with less than a third of its life left. */
    private static ServingBundle dueBundle() {
        CertificateAuthority ca = CertificateAuthority.generate("test-ca", Duration.ofDays(1));
        return new ServingBundle(ca.certifiedKey(), ca.issueServing(HOSTS.getFirst(), HOSTS, Duration.ofSeconds(20)));
    }
}
