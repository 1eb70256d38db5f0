package dev.atrium.controllers.testing;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.atrium.apiserver.resource.PlatformResources;
import dev.atrium.controllers.Controllers;
import dev.atrium.testing.ControlPlane;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import java.nio.file.Path;
import java.util.Optional;

/**
  * Test setup shared by the controllers' integration tests: installs the storage CRDs, the
  * project ClusterRoles and the server's RBAC from the chart (idempotent), runs controllers with
  * the identity and permissions an Atrium replica has, and reads and writes storage objects as
  * kube-apiserver's admin.
  */
public final class Platform {
    /** The chart's release namespace and ServiceAccount, as {@code hack/up} installs them. */
    private static final String RELEASE_NAMESPACE = "atrium-system";
    private static final String SERVER_USER = "system:serviceaccount:" + RELEASE_NAMESPACE + ":atrium";

    private static volatile boolean installed;

    private final ControlPlane cluster;
    private final CustomObjectsApi objects;

    public Platform(ControlPlane cluster) {
        this.cluster = cluster;
        this.objects = new CustomObjectsApi(cluster.adminClient());
        install(cluster);
    }

    private static synchronized void install(ControlPlane cluster) {
        if (installed) {
            return;
        }
        Path chart = root().resolve("manifests/atrium");
        cluster.kubectl("apply", "--server-side", "-f", chart.resolve("crds").toString()).ok();
        String roles = cluster.helm("template", "atrium", chart.toString(), "--set", "apiService.caBundle=unused",
                "--show-only", "templates/project-roles.yaml").ok();
        cluster.kubectl("apply", "--server-side", "-f", "-").stdin(roles).ok();
        // The server's own RBAC as the release has it, so the controllers here are held to the chart's permissions.
        cluster.kubectl("apply", "--server-side", "-f", "-").stdin("""
                {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "%s"}}""".formatted(RELEASE_NAMESPACE)).ok();
        String rbac = cluster.helm("template", "atrium", chart.toString(), "--namespace", RELEASE_NAMESPACE,
                "--set", "apiService.caBundle=unused", "--show-only", "templates/rbac.yaml").ok();
        cluster.kubectl("apply", "--server-side", "--force-conflicts", "-f", "-").stdin(rbac).ok();
        cluster.kubectl("wait", "--for=condition=Established", "--timeout=60s", "crd",
                "-l", "app.kubernetes.io/part-of=atrium").ok();
        installed = true;
    }

    public static Path root() {
        String root = System.getProperty("atrium.root");
        Path dir = Path.of(root != null ? root : "").toAbsolutePath();
        while (dir != null && !dir.resolve("hack/versions.env").toFile().exists()) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root");
        }
        return dir;
    }

    /** A fresh, started set of controllers against this platform; the caller stops it with {@link #stop}. */
    public Controllers startControllers() throws InterruptedException {
        Controllers controllers = new Controllers(controllerClient());
        controllers.start();
        return controllers;
    }

    /** Stops controllers started by {@link #startControllers}, requiring in-flight reconciles to finish. */
    public static void stop(Controllers controllers) throws InterruptedException {
        if (controllers != null) {
            org.junit.jupiter.api.Assertions.assertTrue(controllers.stop(), "in-flight reconciles finished");
        }
    }

    /** A client as the replicas' ServiceAccount (by client certificate), read timeout 0 for the watches. */
    public ApiClient controllerClient() {
        return cluster.clientFor(SERVER_USER, "system:serviceaccounts", "system:serviceaccounts:" + RELEASE_NAMESPACE);
    }

    public JsonObject create(String plural, String namespace, String json) throws ApiException {
        JsonObject body = JsonParser.parseString(json).getAsJsonObject();
        body.addProperty("apiVersion", PlatformResources.STORAGE_GROUP + "/" + PlatformResources.VERSION);
        Object created = namespace == null
                ? objects.createClusterCustomObject(PlatformResources.STORAGE_GROUP, PlatformResources.VERSION, plural, body).execute()
                : objects.createNamespacedCustomObject(PlatformResources.STORAGE_GROUP, PlatformResources.VERSION, namespace,
                        plural, body).execute();
        return toJson(created);
    }

    public Optional<JsonObject> get(String plural, String namespace, String name) {
        try {
            Object found = namespace == null
                    ? objects.getClusterCustomObject(PlatformResources.STORAGE_GROUP, PlatformResources.VERSION, plural, name).execute()
                    : objects.getNamespacedCustomObject(PlatformResources.STORAGE_GROUP, PlatformResources.VERSION, namespace,
                            plural, name).execute();
            return Optional.of(toJson(found));
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw new AssertionError(e.getCode() + " " + e.getResponseBody(), e);
        }
    }

    /** A JSON merge patch of a storage object, through kubectl. */
    public void patch(String plural, String namespace, String name, String mergePatch) {
        String resource = plural + "." + PlatformResources.STORAGE_GROUP;
        if (namespace == null) {
            cluster.kubectl("patch", resource, name, "--type=merge", "-p", mergePatch).ok();
        } else {
            cluster.kubectl("patch", resource, name, "-n", namespace, "--type=merge", "-p", mergePatch).ok();
        }
    }

    public void delete(String plural, String namespace, String name) {
        String resource = plural + "." + PlatformResources.STORAGE_GROUP;
        if (namespace == null) {
            cluster.kubectl("delete", resource, name, "--wait=false").ok();
        } else {
            cluster.kubectl("delete", resource, name, "-n", namespace, "--wait=false").ok();
        }
    }

    private static JsonObject toJson(Object object) {
        return JsonParser.parseString(JSON.serialize(object)).getAsJsonObject();
    }
}
