package dev.atrium.leader.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.testing.AtriumReplicas;
import dev.atrium.testing.Command;
import dev.atrium.testing.ControlPlane;
import dev.atrium.testing.ControlPlaneExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every replica serves on its own, and the API stays up through kube-apiserver while only one runs. */
@ExtendWith(ControlPlaneExtension.class)
class ReplicasServeIT {

    private static final int KUBECTL_RUNS = 5;

    private final ControlPlane cluster;
    private final AtriumReplicas replicas;

    ReplicasServeIT(ControlPlane cluster) {
        this.cluster = cluster;
        this.replicas = cluster.replicas();
    }

    @AfterEach
    void restore() {
        replicas.ensureRunning();
    }

    @Test
    @Timeout(60)
    void everyReplicaAnswersDirectly() {
        assertEquals(3, replicas.count(), "the HA tests expect hack/up --replicas 3");
        for (AtriumReplicas.Replica replica : replicas.list()) {
            assertTrue(replica.running(), replica.name() + " runs (pid file " + replica.pid() + ")");
            assertTrue(replicas.ready(replica.index()), replica.name() + " answers /readyz at " + replica.url());
            // The admin client certificate, straight to the replica: no kube-apiserver, no HAProxy.
            new Projects(replicas.client(replica.index())).list();
        }
    }

    @Test
    @Timeout(240) // two graceful stops and two restarts, on a loaded machine
    void kubectlKeepsWorkingWhileAnyTwoReplicasAreStopped() {
        // One pair per run (a replica restart costs ~15 s on a loaded machine): the leader and the
        // replica after it, so the pair differs from run to run and always includes the leader.
        int leader = replicas.awaitLeader(java.time.Duration.ofSeconds(30));
        int[][] pairs = {{leader, leader % 3 + 1}};
        for (int[] pair : pairs) {
            replicas.stop(pair[0]);
            replicas.stop(pair[1]);
            int left = 6 - pair[0] - pair[1];
            assertFalse(replicas.running(pair[0]) || replicas.running(pair[1]));
            assertTrue(replicas.running(left), "atrium-" + left + " still runs");
            List<String> failures = new ArrayList<>();
            for (int run = 0; run < KUBECTL_RUNS; run++) {
                Command.Result result = cluster.kubectl("get", "projects").run();
                if (result.exitCode() != 0) {
                    failures.add(result.describe());
                }
            }
            System.out.printf("[ha] atrium-%d and atrium-%d stopped: %d of %d `kubectl get projects` failed%n",
                    pair[0], pair[1], failures.size(), KUBECTL_RUNS);
            assertEquals(List.of(), failures, "kubectl get projects with only atrium-" + left + " running");
            replicas.ensureRunning();
        }
    }
}
