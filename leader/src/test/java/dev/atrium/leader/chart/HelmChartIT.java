package dev.atrium.leader.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.testing.ControlPlane;
import dev.atrium.testing.ControlPlaneExtension;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.atrium.testing.PrivateControlPlane;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Helm chart with the pinned helm: lint-clean, the HA shape with more than one replica, and
 * a real install and uninstall.
 */
@ExtendWith(ControlPlaneExtension.class)
class HelmChartIT {

    private static final String CHART = Path.of("..", "manifests", "atrium").toAbsolutePath().normalize().toString();
    private static final String NS = "atrium-system";
    /** What the chart templates with replicaCount=3: kind, namespace (null: cluster-scoped), name. */
    private static final String[][] RELEASE_OBJECTS = {
        {"deployment", NS, "atrium"},
        {"poddisruptionbudget", NS, "atrium"},
        {"service", NS, "atrium-api"},
        {"serviceaccount", NS, "atrium"},
        {"role", NS, "atrium-server"},
        {"rolebinding", NS, "atrium-server"},
        {"rolebinding", "kube-system", "atrium-server:extension-apiserver-authentication-reader"},
        {"clusterrole", null, "atrium-server"},
        {"clusterrole", null, "atrium-server:apiservice"},
        {"clusterrole", null, "atrium-project-admin"},
        {"clusterrole", null, "atrium-project-edit"},
        {"clusterrole", null, "atrium-project-view"},
        {"clusterrole", null, "atrium-project-admin-platform"},
        {"clusterrole", null, "atrium-project-edit-platform"},
        {"clusterrole", null, "atrium-project-view-platform"},
        {"clusterrolebinding", null, "atrium-server"},
        {"clusterrolebinding", null, "atrium-server:system:auth-delegator"},
        {"clusterrolebinding", null, "atrium-server:apiservice"},
    };
    private static final List<String> CRDS = List.of("projects.storage.atrium.dev", "spaceinstances.storage.atrium.dev",
            "teams.storage.atrium.dev", "users.storage.atrium.dev", "virtualclusterinstances.storage.atrium.dev");

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

    /**
     * {@code helm install --set replicaCount=3} as a user runs it, into a control plane of its
     * own: the shared one already holds the cluster-scoped objects (CRDs, ClusterRoles, the
     * APIService) of the release hack/up installed. No pod runs (there is no kubelet); every object
     * is created, then {@code helm uninstall} removes them, except the CRDs: Helm never deletes
     * what it installed from {@code crds/}, so the custom resources, the platform's data, survive.
     */
    @Test
    @Timeout(600)
    void helmInstallOfThreeReplicasCreatesEveryObjectAndUninstallRemovesThem() {
        try (PrivateControlPlane own = PrivateControlPlane.start("chart-install")) {
            ControlPlane cluster = own.controlPlane();
            cluster.helm("install", "atrium", CHART, "--namespace", NS, "--create-namespace",
                    "--set", "replicaCount=3").ok();

            JsonObject deployment = get(cluster, "deployment", NS, "atrium");
            JsonObject spec = deployment.getAsJsonObject("spec");
            assertEquals(3, spec.get("replicas").getAsInt());
            JsonObject strategy = spec.getAsJsonObject("strategy");
            assertEquals("RollingUpdate", strategy.get("type").getAsString());
            assertEquals(0, strategy.getAsJsonObject("rollingUpdate").get("maxUnavailable").getAsInt());
            assertEquals(1, strategy.getAsJsonObject("rollingUpdate").get("maxSurge").getAsInt());
            JsonObject pod = spec.getAsJsonObject("template").getAsJsonObject("spec");
            assertEquals(30, pod.get("terminationGracePeriodSeconds").getAsInt());
            assertEquals("atrium", pod.get("serviceAccountName").getAsString());
            JsonObject container = pod.getAsJsonArray("containers").get(0).getAsJsonObject();
            assertEquals("/readyz", probePath(container, "readinessProbe"));
            assertEquals("/livez", probePath(container, "livenessProbe"));
            assertTrue(container.get("args").toString().contains("--leader-elect=true"), container.toString());

            assertEquals(1, get(cluster, "poddisruptionbudget", NS, "atrium").getAsJsonObject("spec")
                    .get("maxUnavailable").getAsInt());
            assertEquals(443, get(cluster, "service", NS, "atrium-api").getAsJsonObject("spec")
                    .getAsJsonArray("ports").get(0).getAsJsonObject().get("port").getAsInt());
            JsonObject leaseRole = get(cluster, "role", NS, "atrium-server");
            assertTrue(leaseRole.get("rules").toString().contains("\"leases\""), leaseRole.toString());
            JsonObject apiService = get(cluster, "apiservice", null, "v1.management.atrium.dev");
            assertEquals("atrium-api", apiService.getAsJsonObject("spec").getAsJsonObject("service").get("name").getAsString());
            assertEquals(NS, apiService.getAsJsonObject("spec").getAsJsonObject("service").get("namespace").getAsString());
            for (String[] object : RELEASE_OBJECTS) {
                get(cluster, object[0], object[1], object[2]);
            }
            for (String crd : CRDS) {
                get(cluster, "customresourcedefinition", null, crd);
            }

            cluster.helm("uninstall", "atrium", "--namespace", NS, "--wait").ok();
            for (String[] object : RELEASE_OBJECTS) {
                assertGone(cluster, object[0], object[1], object[2]);
            }
            assertGone(cluster, "apiservice", null, "v1.management.atrium.dev");
            for (String crd : CRDS) {
                get(cluster, "customresourcedefinition", null, crd);
            }
        }
    }

    private static String probePath(JsonObject container, String probe) {
        return container.getAsJsonObject(probe).getAsJsonObject("httpGet").get("path").getAsString();
    }

    private static JsonObject get(ControlPlane cluster, String kind, String namespace, String name) {
        List<String> args = new java.util.ArrayList<>(List.of("get", kind, name, "-o", "json"));
        if (namespace != null) {
            args.addAll(List.of("--namespace", namespace));
        }
        return JsonParser.parseString(cluster.kubectl(args.toArray(String[]::new)).ok()).getAsJsonObject();
    }

    private static void assertGone(ControlPlane cluster, String kind, String namespace, String name) {
        List<String> args = new java.util.ArrayList<>(List.of("get", kind, name, "--ignore-not-found", "-o", "name"));
        if (namespace != null) {
            args.addAll(List.of("--namespace", namespace));
        }
        assertEquals("", cluster.kubectl(args.toArray(String[]::new)).ok().trim(), kind + " " + name + " after uninstall");
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
