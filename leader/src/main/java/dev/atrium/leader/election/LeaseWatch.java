package dev.atrium.leader.election;

import com.google.gson.reflect.TypeToken;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.util.Watch;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the Lease for a candidate, so that it need not wait for its elector's next poll:
 *
 * <ul>
 *   <li>When the holder releases the lease, {@code onRelease} runs at once. A candidate's elector
 *       only retries every retry period (plus up to 120% jitter); acting on the release is what
 *       makes a graceful handover take well under the retry period.
 *   <li>When the lease has not changed for a whole lease duration since this replica saw its last
 *       change (client-go's expiry rule, on the local clock), the holder is gone: the expired
 *       record is cleared with a conditional update (its resourceVersion), which is a release the
 *       candidates act on. client-java's elector would notice the expiry only at its next poll,
 *       having seen the last renewal up to one jittered poll late, so a crash took up to 24 s
 *       instead of about the lease duration. A holder that renewed meanwhile makes the update fail
 *       with a conflict, and nothing happens.
 * </ul>
 */
final class LeaseWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseWatch.class);

    private final ApiClient watchClient;
    private final CoordinationV1Api leases;
    private final LeaseSettings settings;
    private final Runnable onRelease;
    private final Thread watcher;
    private final Thread expiry;
    private volatile boolean closed;
    private volatile Watch<V1Lease> watch;
    /** The lease as last seen changing, and when (System.nanoTime()). */
    private volatile Observed observed;

    private record Observed(V1Lease lease, long at) {}

    /**
     * @param watchClient a client without read timeout: the watch stays open
     * @param client      for the conditional update of an expired lease
     */
    LeaseWatch(ApiClient watchClient, ApiClient client, LeaseSettings settings, Runnable onRelease) {
        this.watchClient = watchClient;
        this.leases = new CoordinationV1Api(client);
        this.settings = settings;
        this.onRelease = onRelease;
        this.watcher = Thread.ofVirtual().name("lease-watch").unstarted(this::watch);
        this.expiry = Thread.ofVirtual().name("lease-expiry").unstarted(this::expireLoop);
    }

    LeaseWatch start() {
        watcher.start();
        expiry.start();
        return this;
    }

    private void watch() {
        CoordinationV1Api watchLeases = new CoordinationV1Api(watchClient);
        while (!closed) {
            try (Watch<V1Lease> current = Watch.createWatch(watchClient,
                    watchLeases.listNamespacedLease(settings.namespace())
                            .fieldSelector("metadata.name=" + settings.name())
                            .watch(true).timeoutSeconds(300).buildCall(null),
                    new TypeToken<Watch.Response<V1Lease>>() { }.getType())) {
                watch = current;
                for (Watch.Response<V1Lease> event : current) {
                    if (event.object == null || event.object.getSpec() == null) {
                        continue;
                    }
                    if ("DELETED".equals(event.type)) {
                        observed = null;
                        continue;
                    }
                    see(event.object);
                    if (released(event.object)) {
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

    /** A re-opened watch shows the same record again: its clock keeps running from the first sight. */
    private void see(V1Lease lease) {
        Observed last = observed;
        String version = lease.getMetadata() == null ? null : lease.getMetadata().getResourceVersion();
        if (last == null || !Objects.equals(version, last.lease().getMetadata().getResourceVersion())) {
            observed = new Observed(lease, System.nanoTime());
        }
    }

    private void expireLoop() {
        while (!closed) {
            sleep(Duration.ofMillis(100));
            Observed last = observed;
            if (last == null || released(last.lease())
                    || settings.identity().equals(last.lease().getSpec().getHolderIdentity())) {
                continue;
            }
            if (System.nanoTime() - last.at() >= leaseDuration(last.lease()).toNanos()) {
                expire(last);
            }
        }
    }

    private void expire(Observed last) {
        V1Lease lease = last.lease();
        String holder = lease.getSpec().getHolderIdentity();
        try {
            LeaseRelease.clear(leases, settings, lease);
            LOG.info("lease {}/{} of {} expired (unchanged for {} s); cleared it for the candidates",
                    settings.namespace(), settings.name(), holder, leaseDuration(lease).toSeconds());
        } catch (ApiException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                LOG.debug("clearing the expired lease {}/{}: HTTP {}", settings.namespace(), settings.name(), e.getCode());
            }
        }
        // Whatever happened, the next change the watch reports starts a new clock; until then, no retry storm.
        if (observed == last) {
            observed = new Observed(lease, System.nanoTime());
        }
    }

    private Duration leaseDuration(V1Lease lease) {
        Integer seconds = lease.getSpec().getLeaseDurationSeconds();
        return seconds == null || seconds <= 0 ? settings.leaseDuration() : Duration.ofSeconds(seconds);
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
        watcher.interrupt();
        expiry.interrupt();
    }
}
