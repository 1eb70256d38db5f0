package dev.atrium.apiserver.quota;

import static dev.atrium.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.testing.AtriumReplicas;
import dev.atrium.testing.Command;
import dev.atrium.testing.ControlPlane;
import dev.atrium.testing.ControlPlaneExtension;
import dev.atrium.testing.Names;
import dev.atrium.testing.RawApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Project quotas on instance creates: refused with 403 beyond the quota, also when every replica creates at once. */
@ExtendWith(ControlPlaneExtension.class)
class QuotaIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final ControlPlane cluster;
    private final String run = Names.unique("quota");
    private final String project = Names.unique("quota");

    QuotaIT(ControlPlane cluster) {
        this.cluster = cluster;
    }

    @AfterEach
    void deleteProject() {
        cluster.kubectl("delete", "project", project, "--wait=false").ok();
    }

    @Test
    @Timeout(240)
    void concurrentCreatesThroughEveryReplicaNeverOvershoot() throws Exception {
        createProject(3, 1);
        AtriumReplicas replicas = cluster.replicas();
        List<RawApi> direct = new ArrayList<>();
        for (int i = 1; i <= replicas.count(); i++) {
            direct.add(new RawApi(replicas.client(i)));
        }
        int attempts = 4 * Math.max(3, direct.size());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<RawApi.Reply>> replies = new ArrayList<>();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            for (int i = 0; i < attempts; i++) {
                RawApi through = direct.get(i % direct.size());
                String body = space("s-" + i);
                replies.add(pool.submit(() -> {
                    start.await();
                    return through.post(path(), RawApi.JSON, body);
                }));
            }
            start.countDown();
            int created = 0;
            int refused = 0;
            for (Future<RawApi.Reply> future : replies) {
                RawApi.Reply reply = future.get();
                if (reply.code() == 201) {
                    created++;
                } else {
                    reply.status(403, "Forbidden");
                    assertTrue(reply.message().contains("exceeded quota: project \"" + project
                            + "\" allows 3 space instances (spec.quotas.spaceInstances)"), reply.message());
                    refused++;
                }
            }
            System.out.printf("[quota] %d concurrent creates through %d replicas: %d created, %d refused%n",
                    attempts, direct.size(), created, refused);
            assertEquals(3, created, "exactly the quota");
            assertEquals(attempts - 3, refused);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(3, names().size(), names().toString());

        Command.Result beyond = cluster.kubectl("create", "-f", "-").stdin(spaceYaml("one-more")).run();
        assertTrue(beyond.stderr().startsWith("Error from server (Forbidden): error when creating \"STDIN\": "
                + "spaceinstances.management.atrium.dev \"one-more\" is forbidden: exceeded quota: project \""
                + project + "\" allows 3 space instances"), beyond.describe());

        // Room again once one is gone (with its namespace: a terminating space still counts).
        String first = names().get(0);
        cluster.kubectl("delete", first, "-n", "p-" + project, "--timeout=60s").ok();
        cluster.kubectl("create", "-f", "-").stdin(spaceYaml("one-more")).ok();
        assertEquals(3, names().size());
    }

    @Test
    void virtualClustersHaveTheirOwnQuotaAndDryRunsClaimNothing() {
        createProject(5, 1);
        cluster.kubectl("create", "--dry-run=server", "-f", "-").stdin(vciYaml("dry")).ok();
        cluster.kubectl("create", "-f", "-").stdin(vciYaml("first")).ok();
        Command.Result second = cluster.kubectl("create", "-f", "-").stdin(vciYaml("second")).run();
        assertTrue(second.stderr().contains("exceeded quota: project \"" + project
                + "\" allows 1 virtual cluster instances (spec.quotas.virtualClusterInstances), 1 in use"),
                second.describe());
        Command.Result dry = cluster.kubectl("create", "--dry-run=server", "-f", "-").stdin(vciYaml("third")).run();
        assertTrue(dry.stderr().contains("(Forbidden)"), "a dry run is checked too: " + dry.describe());
        cluster.kubectl("create", "-f", "-").stdin(spaceYaml("space")).ok();
    }

    private void createProject(int spaces, int virtualClusters) {
        cluster.kubectl("apply", "-f", "-").stdin("""
                apiVersion: management.atrium.dev/v1
                kind: Project
                metadata: {name: %s, labels: {run: %s}}
                spec:
                  displayName: Quotas
                  quotas: {spaceInstances: %d, virtualClusterInstances: %d}
                """.formatted(project, run, spaces, virtualClusters)).ok();
        eventually(TIMEOUT, "namespace p-" + project, () ->
                cluster.kubectl("get", "namespace", "p-" + project).run().exitCode() == 0);
    }

    private List<String> names() {
        return cluster.kubectl("get", "spaceinstances", "-n", "p-" + project, "-o", "name").ok().lines().toList();
    }

    private String path() {
        return RawApi.GROUP_VERSION + "/namespaces/p-" + project + "/spaceinstances";
    }

    private String space(String name) {
        return """
                {"apiVersion":"management.atrium.dev/v1","kind":"SpaceInstance",
                 "metadata":{"name":"%s","namespace":"p-%s"},"spec":{"displayName":"%s"}}""".formatted(name, project, name);
    }

    private String spaceYaml(String name) {
        return """
                apiVersion: management.atrium.dev/v1
                kind: SpaceInstance
                metadata: {name: %s, namespace: p-%s}
                spec: {displayName: %s}
                """.formatted(name, project, name);
    }

    private String vciYaml(String name) {
        return """
                apiVersion: management.atrium.dev/v1
                kind: VirtualClusterInstance
                metadata: {name: %s, namespace: p-%s}
                spec: {displayName: %s, kubernetesVersion: "1.33", replicas: 1}
                """.formatted(name, project, name);
    }
}
