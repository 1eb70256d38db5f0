package dev.atrium.leader.election;

import static dev.atrium.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.testing.ControlPlane;
import dev.atrium.testing.ControlPlaneExtension;
import dev.atrium.testing.Names;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Leader election against a real kube-apiserver: one leader at a time, handover, loss of the lease. */
@ExtendWith(ControlPlaneExtension.class)
class LeaderElectionIT {

    // Shorter than the 15 s / 10 s / 2 s defaults so that the loss of a lease shows within seconds.
    private static final Duration LEASE = Duration.ofSeconds(4);
    private static final Duration RENEW = Duration.ofSeconds(3);
    private static final Duration RETRY = Duration.ofMillis(500);

    private final ApiClient client;
    private final String namespace;
    private final List<String> journal = Collections.synchronizedList(new ArrayList<>());

    LeaderElectionIT(ControlPlane cluster) throws ApiException {
        this.client = cluster.adminClient();
        this.namespace = Names.unique("lease");
        new CoreV1Api(client).createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(namespace))).execute();
    }

    @Test
    void oneReplicaLeadsAndAGracefulShutdownHandsOver() {
        LeaderElection a = election("a").start();
        LeaderElection b = election("b").start();
        try {
            eventually(Duration.ofSeconds(10), "a leader", () -> a.isLeader() || b.isLeader());
            LeaderElection leader = a.isLeader() ? a : b;
            LeaderElection follower = leader == a ? b : a;
            assertFalse(follower.isLeader());

            long released = System.nanoTime();
            leader.close();
            // Released: empty, or already taken by the follower, which acts on the release at once.
            assertNotEquals(leader.identity(), holder(), "the lease is released on close");
            eventually(Duration.ofSeconds(10), "the follower takes over", follower::isLeader);
            System.out.printf("takeover after a graceful close: %d ms (retry period %d ms)%n",
                    (System.nanoTime() - released) / 1_000_000, RETRY.toMillis());
            assertEquals(follower.identity(), holder());
            assertNoOverlap();
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void aLeaderThatLosesItsLeaseStopsItsTermAndCampaignsAgain() throws ApiException {
        LeaderElection a = election("a").start();
        try {
            eventually(Duration.ofSeconds(10), "a leads", a::isLeader);
            steal();
            eventually(RENEW.plus(Duration.ofSeconds(5)), "a stops leading after its renew deadline", () -> !a.isLeader());
            assertTrue(journal.contains("a stop"), journal.toString());
            // The thief does not renew: after its lease expires, a fresh elector of a leads again.
            eventually(LEASE.plus(Duration.ofSeconds(10)), "a leads again in a new term", () -> a.termsStarted() == 2);
            assertNoOverlap();
        } finally {
            a.close();
        }
    }

    @Test
    void aTermThatFailsToStartGivesUpTheLeaseAndItsReplicaCampaignsAgainWithANewTerm() {
        LeaderElection a = election("a", 1);
        LeaderElection b = election("b", 0);
        try {
            a.start();
            eventually(Duration.ofSeconds(10), "a's first term fails", () -> a.termFailures() == 1);
            assertFalse(a.isLeader());
            // a backs off for a lease duration before it campaigns again: the lease stays released.
            eventually(Duration.ofSeconds(3), "a releases the lease", () -> holder() == null);
            assertTrue(journal.contains("a stop"), "the failed term is stopped: " + journal);

            b.start();
            eventually(Duration.ofSeconds(10), "b takes over", b::isLeader);
            assertEquals("b", holder());
            b.close();
            eventually(LEASE.plus(Duration.ofSeconds(10)), "a leads again in a new term", () -> a.isLeader());
            assertEquals(2, a.termsStarted());
            assertEquals(1, a.termFailures());
            assertNoOverlap();
        } finally {
            a.close();
            b.close();
        }
    }

    private LeaderElection election(String identity) {
        return election(identity, 0);
    }

    /** Terms that journal their start and stop; the first {@code failing} of them fail to start. */
    private LeaderElection election(String identity, int failing) {
        LeaseSettings settings = new LeaseSettings(namespace, "atrium-controllers", identity, LEASE, RENEW, RETRY);
        AtomicInteger failures = new AtomicInteger(failing);
        return new LeaderElection(client, client, settings, () -> new LeaderTerm() {
            @Override
            public void start() {
                journal.add(identity + " start");
                if (failures.getAndDecrement() > 0) {
                    throw new IllegalStateException("caches did not sync (test)");
                }
            }

            @Override
            public void stop() {
                journal.add(identity + " stop");
            }
        });
    }

    private String holder() {
        try {
            V1Lease lease = new CoordinationV1Api(client).readNamespacedLease("atrium-controllers", namespace).execute();
            return lease.getSpec().getHolderIdentity();
        } catch (ApiException e) {
            throw new AssertionError(e);
        }
    }

    /** Another holder takes the lease, as if this replica had been partitioned away. */
    private void steal() throws ApiException {
        CoordinationV1Api leases = new CoordinationV1Api(client);
        V1Lease lease = leases.readNamespacedLease("atrium-controllers", namespace).execute();
        lease.getSpec().holderIdentity("thief").acquireTime(OffsetDateTime.now()).renewTime(OffsetDateTime.now());
        leases.replaceNamespacedLease("atrium-controllers", namespace, lease).execute();
    }

    /** Every "start" is followed by its own "stop" before another identity starts. */
    private void assertNoOverlap() {
        String leading = null;
        for (String entry : List.copyOf(journal)) {
            String[] parts = entry.split(" ");
            if (parts[1].equals("start")) {
                assertNull(leading, "two leaders at once: " + journal);
                leading = parts[0];
            } else {
                assertEquals(leading, parts[0], journal.toString());
                leading = null;
            }
        }
        assertTrue(journal.stream().anyMatch(entry -> entry.endsWith(" start")), "nobody led");
    }
}
