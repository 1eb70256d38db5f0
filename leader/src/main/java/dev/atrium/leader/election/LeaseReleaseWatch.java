package dev.atrium.leader.election;

import com.google.gson.reflect.TypeToken;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.util.Watch;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the Lease and reports the moment its holder releases it. A candidate's elector only
 * retries every retry period (plus jitter); acting on the release at once is what makes a
 * graceful handover take well under the retry period.
 */
final class LeaseReleaseWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseReleaseWatch.class);

    private final ApiClient client;
    private final LeaseSettings settings;
    private final Runnable onRelease;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Watch<V1Lease> watch;

    /** @param client a client without read timeout: the watch stays open */
    LeaseReleaseWatch(ApiClient client, LeaseSettings settings, Runnable onRelease) {
        this.client = client;
        this.settings = settings;
        this.onRelease = onRelease;
        this.thread = Thread.ofVirtual().name("lease-release-watch").unstarted(this::run);
    }

    LeaseReleaseWatch start() {
        thread.start();
        return this;
    }

    private void run() {
        CoordinationV1Api leases = new CoordinationV1Api(client);
        while (!closed) {
            try (Watch<V1Lease> current = Watch.createWatch(client,
                    leases.listNamespacedLease(settings.namespace())
                            .fieldSelector("metadata.name=" + settings.name())
                            .watch(true).timeoutSeconds(300).buildCall(null),
                    new TypeToken<Watch.Response<V1Lease>>() { }.getType())) {
                watch = current;
                for (Watch.Response<V1Lease> event : current) {
                    if (event.object != null && event.object.getSpec() != null && released(event.object)) {
                        onRelease.run();
                    }
                }
            } catch (Exception e) {
                if (!closed) {
                    LOG.debug("lease watch ended: {}", e.toString());
                    sleep(settings.retryPeriod());
                }
            }
        }
    }

    private static boolean released(V1Lease lease) {
        String holder = lease.getSpec().getHolderIdentity();
        return holder == null || holder.isEmpty();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        Watch<V1Lease> current = watch;
        if (current != null) {
            try {
                current.close();
            } catch (Exception e) {
                LOG.debug("closing the lease watch: {}", e.toString());
            }
        }
        thread.interrupt();
    }
}
