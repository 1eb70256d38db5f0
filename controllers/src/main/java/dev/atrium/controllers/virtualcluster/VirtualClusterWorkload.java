package dev.atrium.controllers.virtualcluster;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.RbacV1Subject;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1EmptyDirVolumeSource;
import io.kubernetes.client.openapi.models.V1HTTPGetAction;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1PolicyRule;
import io.kubernetes.client.openapi.models.V1Probe;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1RoleRef;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1SecretVolumeSource;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1StatefulSetSpec;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
  * The desired objects of one virtual cluster in its host namespace, as pure data: its
  * ServiceAccount with a Role and RoleBinding for what a syncer does in the host namespace, the
  * owner's RoleBinding, the config Secret (values and version), a Service for its API (443 → 8443)
  * and the StatefulSet of its control plane.
  */
public record VirtualClusterWorkload(V1ServiceAccount serviceAccount, V1Role role, V1RoleBinding roleBinding,
                                     V1RoleBinding ownerBinding, V1Secret config, V1Service service,
                                     V1StatefulSet statefulSet) {
    public static final String NAME = "virtual-cluster";
    public static final String CONFIG_SECRET = "virtual-cluster-config";
    public static final String OWNER_BINDING = "atrium-owner";
    public static final String VALUES_KEY = "values.yaml";
    public static final String VERSION_KEY = "kubernetes-version";
    /** On the pod template: a values or version change changes it, so the pods roll. */
    public static final String CONFIG_CHECKSUM = "atrium.dev/config-checksum";
    /** On the StatefulSet: what its template was rendered as, compared instead of the defaulted template. */
    public static final String TEMPLATE_HASH = "atrium.dev/template-hash";
    public static final int API_PORT = 443;
    public static final int CONTAINER_PORT = 8443;
    private static final String RBAC = "rbac.authorization.k8s.io";

    /** What a spec asks for, resolved: the version always set, the replicas defaulted. */
    public record Spec(String hostNamespace, String image, String kubernetesVersion, int replicas, String values) {}

    /** Creation order: identity and permissions first, then config, then what uses them. */
    public List<KubernetesObject> all() {
        return List.of(serviceAccount, role, roleBinding, ownerBinding, config, service, statefulSet);
    }

    /**
      * @param labels on every object, so the owner is found again from any of them
      * @param owners the subjects of the owner binding (ClusterRole atrium-project-admin)
      */
    public static VirtualClusterWorkload render(Spec spec, Map<String, String> labels, String instance,
                                                List<RbacV1Subject> owners) {
        String namespace = spec.hostNamespace();
        Map<String, byte[]> data = new TreeMap<>();
        data.put(VALUES_KEY, spec.values().getBytes(StandardCharsets.UTF_8));
        data.put(VERSION_KEY, spec.kubernetesVersion().getBytes(StandardCharsets.UTF_8));
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put("app.kubernetes.io/name", NAME);
        selector.put("app.kubernetes.io/instance", instance);

        V1ServiceAccount serviceAccount = new V1ServiceAccount().metadata(meta(NAME, namespace, labels));
        V1Role role = new V1Role().metadata(meta(NAME, namespace, labels)).rules(syncerRules());
        V1RoleBinding roleBinding = new V1RoleBinding().metadata(meta(NAME, namespace, labels))
                .roleRef(new V1RoleRef().apiGroup(RBAC).kind("Role").name(NAME))
                .subjects(List.of(new RbacV1Subject().kind("ServiceAccount").name(NAME).namespace(namespace)));
        V1RoleBinding ownerBinding = new V1RoleBinding().metadata(meta(OWNER_BINDING, namespace, labels))
                .roleRef(new V1RoleRef().apiGroup(RBAC).kind("ClusterRole").name("atrium-project-admin"))
                .subjects(owners);
        V1Secret config = new V1Secret().metadata(meta(CONFIG_SECRET, namespace, labels)).type("Opaque").data(data);
        V1Service service = new V1Service().metadata(meta(NAME, namespace, labels))
                .spec(new V1ServiceSpec().type("ClusterIP").selector(selector)
                        .ports(List.of(new V1ServicePort().name("https").protocol("TCP").port(API_PORT)
                                .targetPort(new IntOrString(CONTAINER_PORT)))));
        V1PodTemplateSpec template = podTemplate(spec, selector, checksum(data));
        V1StatefulSet statefulSet = new V1StatefulSet()
                .metadata(meta(NAME, namespace, labels).annotations(Map.of(TEMPLATE_HASH, hash(JSON.serialize(template)))))
                .spec(new V1StatefulSetSpec().replicas(spec.replicas()).serviceName(NAME)
                        .selector(new V1LabelSelector().matchLabels(selector)).template(template));
        return new VirtualClusterWorkload(serviceAccount, role, roleBinding, ownerBinding, config, service, statefulSet);
    }

    /** A syncer's needs in the host namespace: the objects it mirrors from the virtual cluster, and events. */
    static List<V1PolicyRule> syncerRules() {
        return List.of(
                new V1PolicyRule().apiGroups(List.of("")).resources(
                                List.of("configmaps", "persistentvolumeclaims", "pods", "secrets", "services"))
                        .verbs(List.of("get", "list", "watch", "create", "update", "patch", "delete")),
                new V1PolicyRule().apiGroups(List.of("")).resources(List.of("events"))
                        .verbs(List.of("create", "patch")));
    }

    private static V1PodTemplateSpec podTemplate(Spec spec, Map<String, String> selector, String checksum) {
        V1Container container = new V1Container().name(NAME).image(spec.image())
                .ports(List.of(new V1ContainerPort().name("https").containerPort(CONTAINER_PORT).protocol("TCP")))
                .volumeMounts(List.of(
                        new V1VolumeMount().name("config").mountPath("/etc/virtual-cluster").readOnly(true),
                        new V1VolumeMount().name("data").mountPath("/var/lib/virtual-cluster")))
                .readinessProbe(new V1Probe().httpGet(new V1HTTPGetAction().path("/readyz")
                        .port(new IntOrString("https")).scheme("HTTPS")));
        return new V1PodTemplateSpec()
                .metadata(new V1ObjectMeta().labels(selector).annotations(Map.of(CONFIG_CHECKSUM, checksum)))
                .spec(new V1PodSpec().serviceAccountName(NAME).containers(List.of(container))
                        .volumes(List.of(
                                new V1Volume().name("config").secret(new V1SecretVolumeSource().secretName(CONFIG_SECRET)),
                                new V1Volume().name("data").emptyDir(new V1EmptyDirVolumeSource()))));
    }

    private static V1ObjectMeta meta(String name, String namespace, Map<String, String> labels) {
        return new V1ObjectMeta().name(name).namespace(namespace).labels(labels);
    }

    /** Over the Secret's keys and values, in key order. */
    private static String checksum(Map<String, byte[]> data) {
        MessageDigest digest = sha256();
        data.forEach((key, value) -> {
            digest.update(key.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(value);
            digest.update((byte) 0);
        });
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String hash(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)), 0, 8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
