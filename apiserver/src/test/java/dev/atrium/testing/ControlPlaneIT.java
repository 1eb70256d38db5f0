package dev.atrium.testing;

import static dev.atrium.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.apis.RbacAuthorizationV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1DeleteOptions;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1RoleRef;
import io.kubernetes.client.openapi.models.RbacV1Subject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The control plane the tests run against is a real one: each behaviour here needs a real component. */
@ExtendWith(ControlPlaneExtension.class)
class ControlPlaneIT {
    private static final Duration CONTROLLER_TIMEOUT = Duration.ofSeconds(60);

    private final ControlPlane cluster;
    private final CoreV1Api core;

    ControlPlaneIT(ControlPlane cluster) {
        this.cluster = cluster;
        this.core = new CoreV1Api(cluster.adminClient());
    }

    @Test
    void namespaceDeletionIsFinalizedByKubeControllerManager() throws ApiException {
        String name = Names.unique("ns");
        core.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(name))).execute();
        core.createNamespacedConfigMap(name, new V1ConfigMap().metadata(new V1ObjectMeta().name("content"))
                .data(Map.of("k", "v"))).execute();

        core.deleteNamespace(name).execute();

        // Only kube-controller-manager's namespace controller empties the namespace and removes
        // the kubernetes finalizer; without it the namespace stays Terminating forever.
        eventually(CONTROLLER_TIMEOUT, "namespace " + name + " is gone", () -> notFound(() -> core.readNamespace(name).execute()));
    }

    @Test
    void aUserWithoutPermissionIsForbiddenUntilARoleBindingGrantsAccess() throws ApiException {
        String namespace = createNamespace();
        String user = Names.unique("alice");
        CoreV1Api asUser = new CoreV1Api(cluster.clientFor(user, "atrium-testers"));

        ApiException denied = assertThrows(ApiException.class, () -> asUser.listNamespacedConfigMap(namespace).execute());
        assertEquals(403, denied.getCode());
        String message = JsonParser.parseString(denied.getResponseBody()).getAsJsonObject().get("message").getAsString();
        assertTrue(message.contains("User \"" + user + "\" cannot list resource \"configmaps\""), message);

        new RbacAuthorizationV1Api(cluster.adminClient()).createNamespacedRoleBinding(namespace, new V1RoleBinding()
                .metadata(new V1ObjectMeta().name("alice-view"))
                .roleRef(new V1RoleRef().apiGroup("rbac.authorization.k8s.io").kind("ClusterRole").name("view"))
                .subjects(List.of(new RbacV1Subject().kind("User").apiGroup("rbac.authorization.k8s.io").name(user))))
                .execute();

        eventually(Duration.ofSeconds(10), user + " may list configmaps", () -> {
            try {
                asUser.listNamespacedConfigMap(namespace).execute();
                return true;
            } catch (ApiException e) {
                return false;
            }
        });
    }

    @Test
    void groupsInTheClientCertificateAreHonoured() throws ApiException {
        String namespace = createNamespace();
        String group = Names.unique("team");
        new RbacAuthorizationV1Api(cluster.adminClient()).createNamespacedRoleBinding(namespace, new V1RoleBinding()
                .metadata(new V1ObjectMeta().name("group-edit"))
                .roleRef(new V1RoleRef().apiGroup("rbac.authorization.k8s.io").kind("ClusterRole").name("edit"))
                .subjects(List.of(new RbacV1Subject().kind("Group").apiGroup("rbac.authorization.k8s.io").name(group))))
                .execute();

        String output = cluster.kubectlAs(Names.unique("bob"), List.of(group),
                "auth", "can-i", "create", "configmaps", "-n", namespace).run().stdout().trim();
        assertEquals("yes", output);
        String outsider = cluster.kubectlAs(Names.unique("carol"), List.of(),
                "auth", "can-i", "create", "configmaps", "-n", namespace).run().stdout().trim();
        assertEquals("no", outsider);
    }

    @Test
    void aCustomResourceRoundTripsThroughItsDefinition() throws ApiException {
        String group = Names.unique("g") + ".test.atrium.dev";
        cluster.kubectl("apply", "-f", "-").stdin("""
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata:
                    name: widgets.%1$s
                spec:
                    group: %1$s
                    scope: Namespaced
                    names: {plural: widgets, singular: widget, kind: Widget, listKind: WidgetList}
                    versions:
                    - name: v1
                      served: true
                      storage: true
                      schema:
                        openAPIV3Schema:
                          type: object
                          properties:
                            spec:
                              type: object
                              properties:
                                size: {type: integer}
                                color: {type: string}
                """.formatted(group)).ok();
        cluster.kubectl("wait", "--for=condition=Established", "--timeout=60s", "crd/widgets." + group).ok();

        String namespace = createNamespace();
        CustomObjectsApi objects = new CustomObjectsApi(cluster.adminClient());
        Map<String, Object> widget = Map.of("apiVersion", group + "/v1", "kind", "Widget",
                "metadata", Map.of("name", "w1"), "spec", Map.of("size", 3, "color", "blue"));
        eventually(Duration.ofSeconds(30), "custom resource created", () -> {
            try {
                objects.createNamespacedCustomObject(group, "v1", namespace, "widgets", widget).execute();
                return true;
            } catch (ApiException e) {
                return false; // the new resource may not be served for a moment after Established
            }
        });

        @SuppressWarnings("unchecked")
        Map<String, Object> read = (Map<String, Object>) objects.getNamespacedCustomObject(group, "v1", namespace, "widgets", "w1").execute();
        @SuppressWarnings("unchecked")
        Map<String, Object> readSpec = (Map<String, Object>) read.get("spec");
        assertEquals("blue", readSpec.get("color"));
        assertEquals(3.0, ((Number) readSpec.get("size")).doubleValue());

        String table = cluster.kubectl("get", "widgets." + group, "-n", namespace).ok();
        assertTrue(table.contains("w1"), table);
        cluster.kubectl("delete", "crd", "widgets." + group).ok();
    }

    @Test
    void extensionApiserverAuthenticationHoldsTheRequestHeaderConfiguration() throws ApiException {
        V1ConfigMap config = core.readNamespacedConfigMap("extension-apiserver-authentication", "kube-system").execute();
        Map<String, String> data = config.getData();
        assertTrue(data.get("requestheader-client-ca-file").contains("BEGIN CERTIFICATE"));
        assertTrue(data.get("client-ca-file").contains("BEGIN CERTIFICATE"));
        assertTrue(!data.get("client-ca-file").equals(data.get("requestheader-client-ca-file")),
                "the front-proxy CA is separate from the client CA");
        assertEquals("[\"front-proxy-client\"]", data.get("requestheader-allowed-names"));
        assertEquals("[\"X-Remote-User\"]", data.get("requestheader-username-headers"));
        assertEquals("[\"X-Remote-Group\"]", data.get("requestheader-group-headers"));
        assertEquals("[\"X-Remote-Extra-\"]", data.get("requestheader-extra-headers-prefix"));
    }

    @Test
    void garbageCollectionDeletesDependentsOfADeletedOwner() throws ApiException {
        String namespace = createNamespace();
        V1ConfigMap owner = core.createNamespacedConfigMap(namespace,
                new V1ConfigMap().metadata(new V1ObjectMeta().name("owner"))).execute();
        core.createNamespacedConfigMap(namespace, new V1ConfigMap().metadata(new V1ObjectMeta().name("dependent")
                .ownerReferences(List.of(new V1OwnerReference().apiVersion("v1").kind("ConfigMap")
                        .name("owner").uid(owner.getMetadata().getUid()))))).execute();

        core.deleteNamespacedConfigMap("owner", namespace).body(new V1DeleteOptions().propagationPolicy("Background")).execute();

        eventually(CONTROLLER_TIMEOUT, "the garbage collector deletes the dependent",
                () -> notFound(() -> core.readNamespacedConfigMap("dependent", namespace).execute()));
    }

    @Test
    void kubectlIsThePinnedRelease() {
        String version = cluster.kubectl("version", "-o", "json").ok();
        String pinned = pinnedKubernetesVersion();
        assertTrue(version.contains("\"gitVersion\": \"" + pinned + "\""), version);
        String namespaces = cluster.kubectl("get", "namespaces").ok();
        assertTrue(namespaces.contains("kube-system"), namespaces);
    }

    @Test
    void helmRendersAChart(@TempDir Path chart) throws Exception {
        Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: probe\nversion: 0.1.0\n");
        Files.writeString(chart.resolve("values.yaml"), "greeting: hello\nreplicas: 1\n");
        Files.createDirectories(chart.resolve("templates"));
        Files.writeString(chart.resolve("templates/configmap.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                    name: {{ .Release.Name }}-probe
                data:
                    greeting: {{ .Values.greeting | quote }}
                    replicas: {{ .Values.replicas | quote }}
                """);

        String rendered = cluster.helm("template", "demo", chart.toString(), "--set", "replicas=3").ok();

        assertTrue(rendered.contains("name: demo-probe"), rendered);
        assertTrue(rendered.contains("greeting: \"hello\""), rendered);
        assertTrue(rendered.contains("replicas: \"3\""), rendered);
    }

    private String createNamespace() throws ApiException {
        String name = Names.unique("t");
        core.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(name))).execute();
        return name;
    }

    private static String pinnedKubernetesVersion() {
        Path versions = ControlPlaneExtension.repositoryRoot().resolve("hack/versions.env");
        return ControlPlaneExtension.readEnvFile(versions).getProperty("KUBERNETES_VERSION");
    }

    private interface Call {
        void run() throws ApiException;
    }

    private static boolean notFound(Call call) {
        try {
            call.run();
            return false;
        } catch (ApiException e) {
            return e.getCode() == 404;
        }
    }
}
