package dev.atrium.leader.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.testing.ControlPlane;
import dev.atrium.testing.ControlPlaneExtension;
import dev.atrium.testing.Names;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Helm chart with the pinned helm: lint-clean, and the HA shape with more than one replica. */
@ExtendWith(ControlPlaneExtension.class)
class HelmChartIT {

    private static final String CHART = Path.of("..", "manifests", "atrium").toAbsolutePath().normalize().toString();

    private final ControlPlane cluster;

    HelmChartIT(ControlPlane cluster) {
        this.cluster = cluster;
    }

    @Test
    void lintsClean() {
        String lint = cluster.helm("lint", CHART, "--strict").ok();
        assertTrue(lint.contains("0 chart(s) failed"), lint);
        String ha = cluster.helm("lint", CHART, "--strict", "--set", "replicaCount=3").ok();
        assertTrue(ha.contains("0 chart(s) failed"), ha);
    }

    @Test
    void oneReplicaRunsWithoutLeaderElectionOrDisruptionBudget() {
        String rendered = template("--set", "replicaCount=1");
        assertTrue(rendered.contains("--leader-elect=false"), rendered);
        assertFalse(rendered.contains("kind: PodDisruptionBudget"), rendered);
        assertFalse(rendered.contains("podAntiAffinity"), rendered);
    }

    @Test
    void threeReplicasRollWithoutLosingCapacityAndElectALeader() {
        String rendered = template("--set", "replicaCount=3");
        assertTrue(rendered.contains("replicas: 3"), rendered);
        assertTrue(rendered.contains("--leader-elect=true"), rendered);
        assertTrue(rendered.contains("maxUnavailable: 0\n      maxSurge: 1"), rendered);
        assertTrue(rendered.contains("kind: PodDisruptionBudget"), rendered);
        assertTrue(rendered.contains("podAntiAffinity"), rendered);
        assertTrue(rendered.contains("path: /readyz") && rendered.contains("path: /livez"), rendered);
        assertTrue(rendered.contains("resources: [\"leases\"]"), rendered);
        assertTrue(rendered.contains("--serving-cert-secret=atrium-serving-cert"), rendered);
    }

    @Test
    void everyRenderedObjectIsAcceptedByTheApiServer() {
        // A server-side dry run: kube-apiserver validates and admits every object of the HA
        // install without creating it (the local control plane already runs the release hack/up
        // installed, whose cluster-scoped objects a second release would take over). Namespaced
        // objects go to a namespace of their own.
        String namespace = Names.unique("chart");
        cluster.kubectl("create", "namespace", namespace).ok();
        String rendered = templateIn(namespace, "--set", "replicaCount=3");
        String applied = cluster.kubectl("apply", "--server-side", "--force-conflicts", "--field-manager=chart-test", "--dry-run=server", "-f", "-").stdin(rendered).ok();
        List<String> kinds = Arrays.stream(applied.split("\n")).map(line -> line.split("/")[0]).distinct().toList();
        for (String kind : List.of("serviceaccount", "clusterrole.rbac.authorization.k8s.io", "role.rbac.authorization.k8s.io",
                "service", "deployment.apps", "poddisruptionbudget.policy", "apiservice.apiregistration.k8s.io")) {
            assertTrue(kinds.contains(kind), kind + " missing from:\n" + applied);
        }
        assertEquals(0, applied.lines().filter(line -> !line.contains("(server dry run)")).count(), applied);
        cluster.kubectl("delete", "namespace", namespace, "--wait=false").ok();
    }

    private String template(String... values) {
        return templateIn("atrium-system", values);
    }

    private String templateIn(String namespace, String... values) {
        List<String> args = new java.util.ArrayList<>(List.of("template", "atrium", CHART, "--namespace", namespace,
                "--include-crds"));
        args.addAll(List.of(values));
        return cluster.helm(args.toArray(String[]::new)).ok();
    }
}
