package dev.atrium.leader.ha;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.testing.AtriumReplicas;
import dev.atrium.testing.ControlPlane;
import dev.atrium.testing.ControlPlaneExtension;
import dev.atrium.testing.Names;
import dev.atrium.testing.RawApi;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.RbacAuthorizationV1Api;
import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1PolicyRule;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A leader whose controllers cannot sync gives up the lease: with the replicas' RBAC on
 * resourcequotas (one informer's resource) revoked, the replica that takes over after the leader
 * stops fails to sync its caches within 30 s, counts the failure on /metrics, logs it and
 * releases the lease while it keeps running. With the RBAC restored, a new term syncs and
 * reconciles again.
 */
@ExtendWith(ControlPlaneExtension.class)
class TermSyncFailureIT {

    private static final String ROLE = "atrium-server";
    private static final String REVOKED = "resourcequotas";
    private static final Pattern FAILURES = Pattern.compile("(?m)^atrium_leader_term_failures_total (\\S+)$");

    private final ControlPlane cluster;
    private final AtriumReplicas replicas;
    private final RbacAuthorizationV1Api rbac;
    private V1ClusterRole original;
    private String project;

    TermSyncFailureIT(ControlPlane cluster) {
        this.cluster = cluster;
        this.replicas = cluster.replicas();
        this.rbac = new RbacAuthorizationV1Api(client());
    }

    @AfterEach
    void restore() throws ApiException {
        restoreRole();
        replicas.ensureRunning();
        if (project != null) {
            new Projects(client()).delete(project);
        }
    }

    @Test
    @Timeout(300)
    void aReplicaWhoseCachesDoNotSyncReleasesTheLeaseAndANewTermReconcilesOnceRbacIsBack() throws Exception {
        int leader = replicas.awaitLeader(Duration.ofSeconds(60));
        revoke();
        long stopped = System.nanoTime();
        replicas.stop(leader);

        // Another replica takes the lease, fails to sync (30 s), and gives the lease up while it runs on.
        String failing = replicas.awaitLeaseHolder(h -> AtriumReplicas.indexOf(h) != leader, Duration.ofSeconds(30));
        int index = AtriumReplicas.indexOf(failing);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (replicas.leaseHolder().equals(Optional.of(failing))) {
            assertTrue(System.nanoTime() < deadline, failing + " still holds the lease after 90 s");
            Thread.sleep(200);
        }
        System.out.printf("[ha] %s took the lease after the leader stopped and released it %d ms later; holder now %s%n",
                failing, (System.nanoTime() - stopped) / 1_000_000, replicas.leaseHolder().orElse("none"));
        assertTrue(replicas.running(index), failing + " still runs");
        assertTrue(termFailures(index) >= 1, "atrium_leader_term_failures_total of " + failing);
        String log = Files.readString(replicas.log(index));
        assertTrue(log.contains("the term failed to start"), "the failure is logged by " + failing);

        restoreRole();
        project = Names.unique("resync");
        long restored = System.nanoTime();
        new Projects(client()).create(Projects.project(project, "alice", "after the RBAC is back"));
        CoreV1Api core = new CoreV1Api(client());
        deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
        while (!namespaceExists(core, "p-" + project)) {
            assertTrue(System.nanoTime() < deadline, "no term reconciled project " + project + " within 150 s");
            Thread.sleep(500);
        }
        System.out.printf("[ha] with the RBAC back, %s reconciled a new project after %d ms%n",
                replicas.leaseHolder().orElse("?"), (System.nanoTime() - restored) / 1_000_000);
    }

    /** The replicas' ClusterRole without the rule's resourcequotas: one informer cannot list. */
    private void revoke() throws ApiException {
        original = rbac.readClusterRole(ROLE).execute();
        V1ClusterRole revoked = rbac.readClusterRole(ROLE).execute();
        List<V1PolicyRule> rules = new ArrayList<>();
        for (V1PolicyRule rule : revoked.getRules()) {
            if (rule.getResources() != null && rule.getResources().contains(REVOKED)) {
                rule.setResources(rule.getResources().stream().filter(r -> !r.equals(REVOKED)).toList());
            }
            rules.add(rule);
        }
        revoked.setRules(rules);
        rbac.replaceClusterRole(ROLE, revoked).execute();
    }

    private void restoreRole() throws ApiException {
        if (original == null) {
            return;
        }
        V1ClusterRole current = rbac.readClusterRole(ROLE).execute();
        current.setRules(original.getRules());
        rbac.replaceClusterRole(ROLE, current).execute();
        original = null;
    }

    private double termFailures(int index) {
        String metrics = new RawApi(replicas.client(index)).get("/metrics").body();
        Matcher m = FAILURES.matcher(metrics);
        assertTrue(m.find(), "atrium_leader_term_failures_total on /metrics:\n" + metrics);
        return Double.parseDouble(m.group(1));
    }

    private static boolean namespaceExists(CoreV1Api core, String name) {
        try {
            core.readNamespace(name).execute();
            return true;
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw new AssertionError("reading namespace " + name + ": HTTP " + e.getCode(), e);
        }
    }

    private ApiClient client() {
        ApiClient client = cluster.adminClient();
        client.setReadTimeout(30_000);
        return client;
    }
}
