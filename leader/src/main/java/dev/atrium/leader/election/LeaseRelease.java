package dev.atrium.leader.election;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1LeaseSpec;
import java.net.HttpURLConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives up the Lease if this replica still holds it, so a successor need not wait for it to
 * expire. client-java's {@code LeaderElector.close()} releases with the resourceVersion of its
 * last renewal; when that renewal was cut off in flight (interrupted after kube-apiserver applied
 * it) the release fails with a conflict and the lease stays held for a whole lease duration.
 * Here the Lease is read fresh and the holder cleared by a conditional update: a Lease another
 * replica took meanwhile is left alone, and a late renewal of ours cannot undo the release.
 */
final class LeaseRelease {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseRelease.class);
    private static final int ATTEMPTS = 3;

    private LeaseRelease() {}

    /** @return whether this replica held the Lease and released it */
    static boolean releaseIfHeld(ApiClient client, LeaseSettings settings) {
        CoordinationV1Api leases = new CoordinationV1Api(client);
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                V1Lease lease = leases.readNamespacedLease(settings.name(), settings.namespace()).execute();
                V1LeaseSpec spec = lease.getSpec();
                if (spec == null || !settings.identity().equals(spec.getHolderIdentity())) {
                    return false;
                }
                clear(leases, settings, lease);
                LOG.info("{} released lease {}/{}", settings.identity(), settings.namespace(), settings.name());
                return true;
            } catch (ApiException e) {
                if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                    return false;
                }
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == ATTEMPTS) {
                    LOG.warn("{} could not release lease {}/{}: HTTP {} {}", settings.identity(),
                            settings.namespace(), settings.name(), e.getCode(), e.getMessage());
                    return false;
                }
            }
        }
        return false;
    }

    /**
     * Replaces exactly this record of the Lease (its resourceVersion is the precondition) with a
     * released one, as the elector's own release: no holder, no times; duration and transitions kept.
     *
     * @throws ApiException 409 when the Lease changed since {@code lease} was read
     */
    static void clear(CoordinationV1Api leases, LeaseSettings settings, V1Lease lease) throws ApiException {
        V1Lease released = new V1Lease().apiVersion(lease.getApiVersion()).kind(lease.getKind())
                .metadata(lease.getMetadata())
                .spec(new V1LeaseSpec().leaseDurationSeconds(lease.getSpec().getLeaseDurationSeconds())
                        .leaseTransitions(lease.getSpec().getLeaseTransitions()));
        leases.replaceNamespacedLease(settings.name(), settings.namespace(), released).execute();
    }
}
