package dev.atrium.leader.certificates;

import dev.atrium.apiserver.tls.ServingBundle;
import dev.atrium.leader.election.LeaderTerm;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.ApiregistrationV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1APIService;
import io.kubernetes.client.openapi.models.V1Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's care of the serving certificate: renews it in its Secret before it expires or
 * when it does not name every configured host (same CA, so clients keep trusting it), and keeps
 * the APIService's caBundle equal to the CA.
 * Both writes carry the resourceVersion read, so a deposed leader cannot undo a newer one.
 */
public final class ServingCertificateMaintainer implements LeaderTerm {

    private static final Logger LOG = LoggerFactory.getLogger(ServingCertificateMaintainer.class);

    private final CoreV1Api core;
    private final ApiregistrationV1Api registration;
    private final String namespace;
    private final String secretName;
    private final String apiServiceName;
    private final List<String> hosts;
    private final Duration period;
    private ScheduledExecutorService scheduler;

    /** @param hosts the names the serving certificate must carry (--serving-cert-hosts) */
    public ServingCertificateMaintainer(ApiClient client, String namespace, String secretName, String apiServiceName,
            List<String> hosts, Duration period) {
        this.core = new CoreV1Api(client);
        this.registration = new ApiregistrationV1Api(client);
        this.namespace = namespace;
        this.secretName = secretName;
        this.apiServiceName = apiServiceName;
        this.hosts = List.copyOf(hosts);
        this.period = period;
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("serving-certificate-maintainer").factory());
        scheduler.scheduleWithFixedDelay(this::maintain, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One pass; failures are logged and retried on the next. */
    public void maintain() {
        try {
            V1Secret secret = core.readNamespacedSecret(secretName, namespace).execute();
            byte[] ca = secret.getData() == null ? null : secret.getData().get("ca.crt");
            if (secret.getData() != null && secret.getData().containsKey("ca.key")) {
                ServingBundle bundle = ServingBundle.fromSecretData(secret.getData());
                boolean due = bundle.renewalDue(Instant.now());
                if (due || !bundle.covers(hosts)) {
                    secret.setData(bundle.renew(hosts).toSecretData());
                    core.replaceNamespacedSecret(secretName, namespace, secret).execute();
                    LOG.info("renewed the serving certificate in Secret {}/{} for {} ({})", namespace, secretName,
                            hosts, due ? "expiry near" : "hosts changed");
                }
            }
            if (ca != null) {
                keepCaBundle(ca);
            }
        } catch (ApiException e) {
            LOG.warn("serving certificate upkeep failed ({}): {}", e.getCode(), e.getResponseBody());
        } catch (RuntimeException e) {
            LOG.warn("serving certificate upkeep failed: {}", e.toString());
        }
    }

    private void keepCaBundle(byte[] ca) throws ApiException {
        V1APIService service = registration.readAPIService(apiServiceName).execute();
        if (!Arrays.equals(service.getSpec().getCaBundle(), ca)) {
            service.getSpec().setCaBundle(ca);
            registration.replaceAPIService(apiServiceName, service).execute();
            LOG.info("APIService {} caBundle set to the serving CA", apiServiceName);
        }
    }
}
