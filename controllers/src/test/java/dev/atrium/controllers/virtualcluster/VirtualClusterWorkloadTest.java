package dev.atrium.controllers.virtualcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.models.RbacV1Subject;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VirtualClusterWorkloadTest {
    private static final Map<String, String> LABELS = Map.of("atrium.dev/virtualclusterinstance", "dev");
    private static final List<RbacV1Subject> OWNER =
            List.of(new RbacV1Subject().kind("User").apiGroup("rbac.authorization.k8s.io").name("alice"));

    private static VirtualClusterWorkload render(int replicas, String version, String values) {
        return VirtualClusterWorkload.render(new VirtualClusterWorkload.Spec("vc-payments-dev",
                "example.test/vc:" + version, version, replicas, values), LABELS, "dev", OWNER);
    }

    @Test
    void everyObjectIsInTheHostNamespaceAndLabelled() {
        VirtualClusterWorkload workload = render(1, "v1.36.0", "");
        assertEquals(7, workload.all().size());
        for (KubernetesObject object : workload.all()) {
            assertEquals("vc-payments-dev", object.getMetadata().getNamespace());
            assertTrue(object.getMetadata().getLabels().entrySet().containsAll(LABELS.entrySet()));
        }
    }

    @Test
    void theStatefulSetRunsTheImageWithTheReplicasAsItsServiceAccountWithTheConfigMounted() {
        V1StatefulSet set = render(3, "v1.36.0", "a: 1").statefulSet();
        assertEquals(3, set.getSpec().getReplicas());
        V1PodSpec pod = set.getSpec().getTemplate().getSpec();
        V1Container container = pod.getContainers().getFirst();
        assertEquals("example.test/vc:v1.36.0", container.getImage());
        assertEquals(VirtualClusterWorkload.NAME, pod.getServiceAccountName());
        assertEquals(VirtualClusterWorkload.CONFIG_SECRET, pod.getVolumes().getFirst().getSecret().getSecretName());
        assertEquals("config", container.getVolumeMounts().getFirst().getName());
        assertEquals(8443, container.getPorts().getFirst().getContainerPort());
        // The selector picks the template's pods and nothing that differs in instance.
        assertEquals(set.getSpec().getSelector().getMatchLabels(), set.getSpec().getTemplate().getMetadata().getLabels());
        assertEquals("dev", set.getSpec().getSelector().getMatchLabels().get("app.kubernetes.io/instance"));
    }

    @Test
    void theConfigSecretHoldsValuesAndVersion() {
        Map<String, byte[]> data = render(1, "v1.36.0", "sync:\n  ingresses: true\n").config().getData();
        assertEquals("sync:\n  ingresses: true\n", new String(data.get("values.yaml"), StandardCharsets.UTF_8));
        assertEquals("v1.36.0", new String(data.get("kubernetes-version"), StandardCharsets.UTF_8));
    }

    @Test
    void theServiceMapsPort443ToTheApiPort() {
        V1ServicePort port = render(1, "v1.36.0", "").service().getSpec().getPorts().getFirst();
        assertEquals(443, port.getPort());
        assertEquals(new IntOrString(8443), port.getTargetPort());
        assertEquals(render(1, "v1.36.0", "").statefulSet().getSpec().getSelector().getMatchLabels(),
                render(1, "v1.36.0", "").service().getSpec().getSelector());
    }

    @Test
    void aValuesOrVersionChangeChangesTheTemplateSoPodsRollButReplicasDoNot() {
        String base = checksum(render(1, "v1.36.0", "a: 1"));
        assertEquals(base, checksum(render(1, "v1.36.0", "a: 1")));
        assertNotEquals(base, checksum(render(1, "v1.36.0", "a: 2")));
        assertNotEquals(base, checksum(render(1, "v1.35.0", "a: 1")));
        assertEquals(templateHash(render(1, "v1.36.0", "a: 1")), templateHash(render(5, "v1.36.0", "a: 1")));
        assertNotEquals(templateHash(render(1, "v1.36.0", "a: 1")), templateHash(render(1, "v1.36.0", "a: 2")));
    }

    @Test
    void theSyncerMayManageWorkloadObjectsButNotRbac() {
        var workload = render(1, "v1.36.0", "");
        assertEquals("Role", workload.roleBinding().getRoleRef().getKind());
        assertEquals(VirtualClusterWorkload.NAME, workload.roleBinding().getRoleRef().getName());
        assertEquals("ServiceAccount", workload.roleBinding().getSubjects().getFirst().getKind());
        assertTrue(workload.role().getRules().stream().anyMatch(rule -> rule.getResources().contains("pods")));
        assertTrue(workload.role().getRules().stream().allMatch(rule -> rule.getApiGroups().equals(List.of(""))));
        assertEquals("atrium-project-admin", workload.ownerBinding().getRoleRef().getName());
        assertEquals(OWNER, workload.ownerBinding().getSubjects());
    }

    private static String checksum(VirtualClusterWorkload workload) {
        return workload.statefulSet().getSpec().getTemplate().getMetadata().getAnnotations()
                .get(VirtualClusterWorkload.CONFIG_CHECKSUM);
    }

    private static String templateHash(VirtualClusterWorkload workload) {
        return workload.statefulSet().getMetadata().getAnnotations().get(VirtualClusterWorkload.TEMPLATE_HASH);
    }
}
