package dev.atrium.controllers.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1RoleRef;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1StatefulSetSpec;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OwnedFieldsTest {

    @Test
    void aServiceWithServerDefaultsAgreesAndAChangedPortIsPutBackKeepingTheClusterIp() {
        V1Service desired = service(443, 8443);
        V1Service observed = copy(desired);
        observed.getMetadata().setLabels(Map.of("a", "1", "someone", "else"));
        observed.getSpec().clusterIP("10.0.0.7").sessionAffinity("None").getPorts().getFirst().setProtocol("TCP");
        assertTrue(OwnedFields.corrected(copy(observed), desired).isEmpty());

        observed.getSpec().getPorts().getFirst().setTargetPort(new IntOrString(9999));
        V1Service corrected = OwnedFields.corrected(copy(observed), desired).orElseThrow();
        assertEquals(new IntOrString(8443), corrected.getSpec().getPorts().getFirst().getTargetPort());
        assertEquals("10.0.0.7", corrected.getSpec().getClusterIP());
        assertEquals("else", corrected.getMetadata().getLabels().get("someone"), "labels of others stay");
    }

    @Test
    void secretDataIsComparedByContent() {
        V1Secret desired = new V1Secret().metadata(meta()).type("Opaque")
                .data(Map.of("values.yaml", "a: 1".getBytes(StandardCharsets.UTF_8)));
        V1Secret observed = copy(desired);
        assertTrue(OwnedFields.corrected(copy(observed), desired).isEmpty());
        observed.setData(new HashMap<>(Map.of("values.yaml", "a: 2".getBytes(StandardCharsets.UTF_8))));
        assertEquals("a: 1", new String(OwnedFields.corrected(copy(observed), desired).orElseThrow()
                .getData().get("values.yaml"), StandardCharsets.UTF_8));
        assertTrue(OwnedFields.mustReplace(copy(observed).type("kubernetes.io/tls"), desired), "type is immutable");
    }

    @Test
    void aStatefulSetTemplateIsWrittenOnlyWhenItsHashOrTheReplicasDiffer() {
        V1StatefulSet desired = statefulSet("h1", 2, "image:1");
        V1StatefulSet observed = copy(desired);
        // Server defaults in the template do not count.
        observed.getSpec().getTemplate().getSpec().restartPolicy("Always").dnsPolicy("ClusterFirst");
        assertTrue(OwnedFields.corrected(copy(observed), desired).isEmpty());

        observed.getSpec().setReplicas(5);
        V1StatefulSet scaled = OwnedFields.corrected(copy(observed), desired).orElseThrow();
        assertEquals(2, scaled.getSpec().getReplicas());

        V1StatefulSet changed = statefulSet("h2", 2, "image:2");
        V1StatefulSet rolled = OwnedFields.corrected(copy(desired), changed).orElseThrow();
        assertEquals("image:2", rolled.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage());
        assertEquals("h2", rolled.getMetadata().getAnnotations().get("hash"));
        assertFalse(OwnedFields.mustReplace(desired, changed));
    }

    @Test
    void aRoleBindingWithAnotherRoleIsReplacedAndOtherSubjectsAreCorrected() {
        V1RoleBinding desired = new V1RoleBinding().metadata(meta())
                .roleRef(new V1RoleRef().apiGroup("rbac.authorization.k8s.io").kind("ClusterRole").name("view"))
                .subjects(List.of());
        V1RoleBinding other = copy(desired).roleRef(new V1RoleRef().apiGroup("rbac.authorization.k8s.io")
                .kind("ClusterRole").name("admin"));
        assertTrue(OwnedFields.mustReplace(other, desired));
        assertFalse(OwnedFields.mustReplace(copy(desired), desired));
        assertTrue(OwnedFields.corrected(copy(desired).subjects(null), desired).isEmpty(), "none and empty are alike");
    }

    private static V1ObjectMeta meta() {
        return new V1ObjectMeta().name("x").namespace("ns").labels(Map.of("a", "1"));
    }

    private static V1Service service(int port, int targetPort) {
        return new V1Service().metadata(meta()).spec(new V1ServiceSpec().type("ClusterIP").selector(Map.of("app", "x"))
                .ports(List.of(new V1ServicePort().name("https").port(port).targetPort(new IntOrString(targetPort)))));
    }

    private static V1StatefulSet statefulSet(String hash, int replicas, String image) {
        return new V1StatefulSet().metadata(meta().annotations(Map.of("hash", hash)))
                .spec(new V1StatefulSetSpec().replicas(replicas).serviceName("x")
                        .selector(new io.kubernetes.client.openapi.models.V1LabelSelector().matchLabels(Map.of("app", "x")))
                        .template(new V1PodTemplateSpec()
                        .spec(new V1PodSpec().containers(List.of(new io.kubernetes.client.openapi.models.V1Container()
                                .name("c").image(image))))));
    }

    @SuppressWarnings("unchecked")
    private static <T> T copy(T object) {
        return JSON.deserialize(JSON.serialize(object), (Class<T>) object.getClass());
    }
}
