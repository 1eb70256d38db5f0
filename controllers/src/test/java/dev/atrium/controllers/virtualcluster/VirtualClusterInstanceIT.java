package dev.atrium.controllers.virtualcluster;

import static dev.atrium.controllers.testing.Await.optional;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.atrium.apiserver.json.Json;
import dev.atrium.controllers.Controllers;
import dev.atrium.controllers.testing.Await;
import dev.atrium.controllers.testing.Platform;
import dev.atrium.testing.ControlPlane;
import dev.atrium.testing.ControlPlaneExtension;
import dev.atrium.testing.Names;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.RbacAuthorizationV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
  * The virtual-cluster-instance controller against a real control plane. No kubelet runs here, so
  * the StatefulSet's pods stay Pending; the test plays the kubelet's part and reports a pod Ready
  * through its status, and kube-controller-manager's StatefulSet controller counts it.
  */
@ExtendWith(ControlPlaneExtension.class)
class VirtualClusterInstanceIT {
    private static final String WORKLOAD = "virtual-cluster";
    private static final String CONFIG = "virtual-cluster-config";

    private static Controllers controllers;
    private static Platform platform;
    private static ControlPlane cluster;
    private static CoreV1Api core;
    private static AppsV1Api apps;
    private static RbacAuthorizationV1Api rbac;

    @BeforeAll
    static void startControllers(ControlPlane controlPlane) throws InterruptedException {
        cluster = controlPlane;
        platform = new Platform(controlPlane);
        core = new CoreV1Api(controlPlane.adminClient());
        apps = new AppsV1Api(controlPlane.adminClient());
        rbac = new RbacAuthorizationV1Api(controlPlane.adminClient());
        controllers = platform.startControllers();
    }

    @AfterAll
    static void stopControllers() throws InterruptedException {
        Platform.stop(controllers);
    }

    @Test
    void aVirtualClusterGetsItsHostNamespaceAndWorkloadFollowsChangesRecoversAndIsCleanedUp() throws ApiException {
        String project = createProject();
        String projectNamespace = "p-" + project;
        String name = Names.unique("vc");
        String owner = Names.unique("owner");
        String host = "vc-" + project + "-" + name;
        platform.create("virtualclusterinstances", projectNamespace, """
                {"kind": "VirtualClusterInstance", "metadata": {"name": "%s"}, "spec": {"owner": {"user": "%s"},
                 "kubernetesVersion": "1.36.3", "replicas": 2, "values": "sync:\\n  ingresses: true\\n"}}"""
                .formatted(name, owner));

        // No pod is ready: Pending, with the count in the Ready condition.
        JsonObject pending = Await.present("virtual cluster Pending with 0/2 ready",
                () -> platform.get("virtualclusterinstances", projectNamespace, name),
                vci -> "Pending".equals(Json.string(vci, "status", "phase"))
                        && "0/2 replicas ready".equals(Json.string(ready(vci), "message")));
        assertEquals(host, Json.string(pending, "status", "hostNamespace"));
        assertEquals("False", Json.string(ready(pending), "status"));
        assertEquals("ReplicasNotReady", Json.string(ready(pending), "reason"));

        V1Namespace namespace = core.readNamespace(host).execute();
        assertEquals(name, namespace.getMetadata().getLabels().get("atrium.dev/virtualclusterinstance"));
        assertEquals(projectNamespace, namespace.getMetadata().getLabels().get("atrium.dev/virtualclusterinstance-namespace"));
        core.readNamespacedServiceAccount(WORKLOAD, host).execute();
        V1Role role = rbac.readNamespacedRole(WORKLOAD, host).execute();
        assertTrue(role.getRules().stream().anyMatch(rule -> rule.getResources().contains("pods")
                && rule.getVerbs().contains("create")), "the syncer may create pods in its namespace");
        V1RoleBinding syncer = rbac.readNamespacedRoleBinding(WORKLOAD, host).execute();
        assertEquals("Role", syncer.getRoleRef().getKind());
        assertEquals(WORKLOAD, syncer.getSubjects().getFirst().getName());
        V1RoleBinding ownerBinding = rbac.readNamespacedRoleBinding("atrium-owner", host).execute();
        assertEquals("atrium-project-admin", ownerBinding.getRoleRef().getName());
        assertEquals(owner, ownerBinding.getSubjects().getFirst().getName());
        assertEquals("sync:\n  ingresses: true\n", configValue(host, "values.yaml"));
        assertEquals("v1.36.3", configValue(host, "kubernetes-version"));
        V1ServicePort port = core.readNamespacedService(WORKLOAD, host).execute().getSpec().getPorts().getFirst();
        assertEquals(443, port.getPort());
        assertEquals(8443, port.getTargetPort().getIntValue());
        V1StatefulSet set = apps.readNamespacedStatefulSet(WORKLOAD, host).execute();
        assertEquals(2, set.getSpec().getReplicas());
        V1Container container = set.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertEquals("registry.k8s.io/kube-apiserver:v1.36.3", container.getImage());
        assertEquals(CONFIG, set.getSpec().getTemplate().getSpec().getVolumes().getFirst().getSecret().getSecretName());
        assertEquals(WORKLOAD, set.getSpec().getTemplate().getSpec().getServiceAccountName());
        String checksum = checksum(set);
        // The owner can use the host namespace as a project admin would.
        awaitCanI(owner, "get", "pods", host, "yes");
        Await.present("project counts the virtual cluster", () -> platform.get("projects", null, project),
                p -> usage(p) == 1);

        // Replicas, values and version follow the spec; a values change changes the pod template.
        platform.patch("virtualclusterinstances", projectNamespace, name, """
                {"spec": {"replicas": 1, "values": "sync: {}\\n", "kubernetesVersion": "v1.37.0"}}""");
        V1StatefulSet changed = Await.present("StatefulSet follows the spec",
                () -> optional(() -> apps.readNamespacedStatefulSet(WORKLOAD, host).execute()),
                s -> s.getSpec().getReplicas() == 1 && !checksum(s).equals(checksum));
        assertEquals("registry.k8s.io/kube-apiserver:v1.37.0",
                changed.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage());
        Await.present("config Secret follows the spec",
                () -> optional(() -> core.readNamespacedSecret(CONFIG, host).execute()),
                s -> "sync: {}\n".equals(new String(s.getData().get("values.yaml"), StandardCharsets.UTF_8)));

        // Objects deleted by hand come back.
        String setUid = changed.getMetadata().getUid();
        apps.deleteNamespacedStatefulSet(WORKLOAD, host).execute();
        String serviceUid = core.readNamespacedService(WORKLOAD, host).execute().getMetadata().getUid();
        core.deleteNamespacedService(WORKLOAD, host).execute();
        String secretUid = core.readNamespacedSecret(CONFIG, host).execute().getMetadata().getUid();
        core.deleteNamespacedSecret(CONFIG, host).execute();
        rbac.deleteNamespacedRoleBinding(WORKLOAD, host).execute();
        V1StatefulSet recreated = Await.present("StatefulSet recreated",
                () -> optional(() -> apps.readNamespacedStatefulSet(WORKLOAD, host).execute()),
                s -> !s.getMetadata().getUid().equals(setUid) && s.getMetadata().getDeletionTimestamp() == null);
        assertEquals(1, recreated.getSpec().getReplicas());
        V1Service service = Await.present("Service recreated",
                () -> optional(() -> core.readNamespacedService(WORKLOAD, host).execute()),
                s -> !s.getMetadata().getUid().equals(serviceUid));
        assertEquals(443, service.getSpec().getPorts().getFirst().getPort());
        V1Secret secret = Await.present("config Secret recreated",
                () -> optional(() -> core.readNamespacedSecret(CONFIG, host).execute()),
                s -> !s.getMetadata().getUid().equals(secretUid));
        assertEquals("sync: {}\n", new String(secret.getData().get("values.yaml"), StandardCharsets.UTF_8));
        Await.present("syncer RoleBinding recreated",
                () -> optional(() -> rbac.readNamespacedRoleBinding(WORKLOAD, host).execute()), b -> true);

        // A hand edit of the StatefulSet's replicas is put back.
        cluster.kubectl("scale", "statefulset", WORKLOAD, "-n", host, "--replicas=3").ok();
        Await.present("replicas put back", () -> optional(() -> apps.readNamespacedStatefulSet(WORKLOAD, host).execute()),
                s -> s.getSpec().getReplicas() == 1);

        // The pod reports Ready (the kubelet's part): the StatefulSet counts it and the phase follows.
        String pod = WORKLOAD + "-0";
        String currentSet = recreated.getMetadata().getUid();
        Await.present("pod " + pod + " of the current StatefulSet", () -> optional(() -> core.readNamespacedPod(pod, host).execute()),
                p -> ownedBy(p, currentSet) && p.getMetadata().getDeletionTimestamp() == null);
        cluster.kubectl("patch", "pod", pod, "-n", host, "--subresource=status", "--type=merge", "-p", """
                {"status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}]}}""").ok();
        JsonObject readyVci = Await.present("virtual cluster Ready",
                () -> platform.get("virtualclusterinstances", projectNamespace, name),
                vci -> "Ready".equals(Json.string(vci, "status", "phase")));
        assertEquals("True", Json.string(ready(readyVci), "status"));
        assertEquals("1/1 replicas ready in " + host, Json.string(ready(readyVci), "message"));

        // Deleting the instance deletes the host namespace first, then releases the finalizer.
        platform.delete("virtualclusterinstances", projectNamespace, name);
        Await.absent(Await.NAMESPACE_DELETION, "host namespace " + host + " deleted",
                () -> optional(() -> core.readNamespace(host).execute()));
        Await.absent(Await.CONTROLLER, "virtual cluster released by its finalizer",
                () -> platform.get("virtualclusterinstances", projectNamespace, name));
        Await.present("project usage drops to 0", () -> platform.get("projects", null, project), p -> usage(p) == 0);
    }

    @Test
    void whileTheHostNamespaceGoesThePhaseIsTerminating() throws ApiException {
        String project = createProject();
        String projectNamespace = "p-" + project;
        String name = Names.unique("vc");
        String host = "vc-" + project + "-" + name;
        platform.create("virtualclusterinstances", projectNamespace, """
                {"kind": "VirtualClusterInstance", "metadata": {"name": "%s"}, "spec": {"owner": {"team": "t"}}}"""
                .formatted(name));
        V1StatefulSet set = Await.present("StatefulSet with the defaults",
                () -> optional(() -> apps.readNamespacedStatefulSet(WORKLOAD, host).execute()), s -> true);
        assertEquals(1, set.getSpec().getReplicas());
        assertEquals("registry.k8s.io/kube-apiserver:v1.37.2",
                set.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage());

        // A finalizer of someone else's holds the host namespace, so Terminating lasts until it is released.
        core.createNamespacedConfigMap(host, new io.kubernetes.client.openapi.models.V1ConfigMap()
                .metadata(new V1ObjectMeta().name("held").finalizers(List.of("example.test/hold")))).execute();
        platform.delete("virtualclusterinstances", projectNamespace, name);
        JsonObject terminating = Await.present("phase Terminating",
                () -> platform.get("virtualclusterinstances", projectNamespace, name),
                vci -> "Terminating".equals(Json.string(vci, "status", "phase")));
        assertEquals("Terminating", Json.string(ready(terminating), "reason"));
        assertTrue(core.readNamespace(host).execute().getMetadata().getDeletionTimestamp() != null);

        cluster.kubectl("patch", "configmap", "held", "-n", host, "--type=merge", "-p", """
                {"metadata": {"finalizers": null}}""").ok();
        Await.absent(Await.NAMESPACE_DELETION, "host namespace deleted", () -> optional(() -> core.readNamespace(host).execute()));
        Await.absent(Await.CONTROLLER, "virtual cluster released",
                () -> platform.get("virtualclusterinstances", projectNamespace, name));
    }

    @Test
    void aHostNamespaceTakenBySomeoneElseIsNotAdoptedAndABadVersionIsReported() throws ApiException {
        String project = createProject();
        String projectNamespace = "p-" + project;
        String name = Names.unique("vc");
        String host = "vc-" + project + "-" + name;
        core.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(host))).execute();
        platform.create("virtualclusterinstances", projectNamespace, """
                {"kind": "VirtualClusterInstance", "metadata": {"name": "%s"}, "spec": {"owner": {"user": "x"}}}"""
                .formatted(name));
        Await.present("the conflict is reported", () -> platform.get("virtualclusterinstances", projectNamespace, name),
                vci -> "NamespaceConflict".equals(Json.string(ready(vci), "reason"))
                        && "Pending".equals(Json.string(vci, "status", "phase")));
        assertTrue(optional(() -> apps.readNamespacedStatefulSet(WORKLOAD, host).execute()).isEmpty());
        platform.delete("virtualclusterinstances", projectNamespace, name);
        Await.absent(Await.CONTROLLER, "virtual cluster released",
                () -> platform.get("virtualclusterinstances", projectNamespace, name));
        assertNull(core.readNamespace(host).execute().getMetadata().getDeletionTimestamp(), "foreign namespace left alone");
        core.deleteNamespace(host).execute();

        String bad = Names.unique("vc");
        platform.create("virtualclusterinstances", projectNamespace, """
                {"kind": "VirtualClusterInstance", "metadata": {"name": "%s"}, "spec": {"owner": {"user": "x"},
                 "kubernetesVersion": "latest"}}""".formatted(bad));
        JsonObject reported = Await.present("the bad version is reported",
                () -> platform.get("virtualclusterinstances", projectNamespace, bad),
                vci -> "InvalidKubernetesVersion".equals(Json.string(ready(vci), "reason")));
        assertEquals("Pending", Json.string(reported, "status", "phase"));
        assertTrue(optional(() -> core.readNamespace("vc-" + project + "-" + bad).execute()).isEmpty());
        platform.patch("virtualclusterinstances", projectNamespace, bad, """
                {"spec": {"kubernetesVersion": "1.35.1"}}""");
        Await.present("a good version is deployed",
                () -> optional(() -> apps.readNamespacedStatefulSet(WORKLOAD, "vc-" + project + "-" + bad).execute()),
                s -> s.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage().endsWith(":v1.35.1"));
        platform.delete("virtualclusterinstances", projectNamespace, bad);
        Await.absent(Await.NAMESPACE_DELETION, "virtual cluster released",
                () -> platform.get("virtualclusterinstances", projectNamespace, bad));
    }

    private static String createProject() throws ApiException {
        String project = Names.unique("proj");
        platform.create("projects", null, """
                {"kind": "Project", "metadata": {"name": "%s"}, "spec": {}}""".formatted(project));
        Await.present("namespace p-" + project, () -> optional(() -> core.readNamespace("p-" + project).execute()), ns -> true);
        return project;
    }

    private static String configValue(String namespace, String key) throws ApiException {
        return new String(core.readNamespacedSecret(CONFIG, namespace).execute().getData().get(key), StandardCharsets.UTF_8);
    }

    private static String checksum(V1StatefulSet set) {
        return set.getSpec().getTemplate().getMetadata().getAnnotations().get("atrium.dev/config-checksum");
    }

    private static boolean ownedBy(V1Pod pod, String uid) {
        return pod.getMetadata().getOwnerReferences() != null
                && pod.getMetadata().getOwnerReferences().stream().anyMatch(ref -> uid.equals(ref.getUid()));
    }

    private static JsonObject ready(JsonObject vci) {
        JsonObject status = Json.object(vci, "status");
        JsonElement conditions = status == null ? null : status.get("conditions");
        if (conditions instanceof JsonArray array) {
            for (JsonElement condition : array) {
                if ("Ready".equals(Json.string(condition.getAsJsonObject(), "type"))) {
                    return condition.getAsJsonObject();
                }
            }
        }
        return new JsonObject();
    }

    private static int usage(JsonObject project) {
        JsonObject usage = Json.object(project, "status", "usage");
        return usage == null || !usage.has("virtualClusterInstances") ? -1 : usage.get("virtualClusterInstances").getAsInt();
    }

    private static void awaitCanI(String user, String verb, String resource, String namespace, String expected) {
        Await.until(java.time.Duration.ofSeconds(30), user + " can-i " + verb + " " + resource + " in " + namespace,
                () -> java.util.Optional.of(cluster.kubectlAs(user, List.of(), "auth", "can-i", verb, resource, "-n", namespace)
                        .run().stdout().trim()),
                answer -> answer.orElse("").equals(expected));
    }
}
